// Package livefeed keeps Internbase's realtime (SSE) connections up.
//
// PocketBase closes a realtime connection that received nothing for five
// minutes and every connection after thirty: with thousands of users whose
// pages sit open in the evening, N idle clients reconnect N/300 times a
// second, all of them at the same moments. Reverse proxies close idle
// connections even sooner (nginx: 60 s). livefeed sends every connected
// client a small heartbeat event (IB_HEARTBEAT, ignored by the official SDK,
// which listens only to its own topics and PB_CONNECT) well inside both
// limits, so an idle page stays connected, and it spreads the connections'
// maximum lifetime over ±25 % so that clients connected together do not all
// reconnect together.
package livefeed

import (
	"time"
)

// HeartbeatEvent is the name of the heartbeat message.
const HeartbeatEvent = "IB_HEARTBEAT"

// Options tune the feed; zero values take the defaults.
type Options struct {
	// Heartbeat is how often each client receives a heartbeat (default 40 s:
	// inside the 60 s idle timeout of common reverse proxies).
	Heartbeat time.Duration
	// IdleTimeout closes a connection that received nothing, heartbeats
	// included, for this long — a client that stopped reading (default 5 min,
	// PocketBase's).
	IdleTimeout time.Duration
	// MaxLifetime is the average maximum lifetime of a connection, spread
	// over ±25 % per connection (default 30 min, PocketBase's).
	MaxLifetime time.Duration
}

func (o Options) withDefaults() Options {
	if o.Heartbeat <= 0 {
		o.Heartbeat = 40 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 5 * time.Minute
	}
	if o.MaxLifetime <= 0 {
		o.MaxLifetime = 30 * time.Minute
	}
	return o
}

// slots is how many groups the clients are split into: each tick of the
// heartbeat clock (Heartbeat/slots) serves one group, so the heartbeats of
// many clients are spread over the whole period.
const slots = 8
