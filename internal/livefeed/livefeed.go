// Package livefeed is Internbase's realtime server: PocketBase's realtime
// protocol (GET and POST /api/realtime, the same messages, options, hooks
// and rules, so the official SDK works unchanged), served at state scale.
//
// Delivery (hub.go, rules.go): PocketBase's broadcaster runs one rule query
// per subscriber and event inside the writer's request. Here each event is
// published after its commit to a broadcaster goroutine, which decides the
// audience once, in memory: the collection's List and View rules are
// compiled into the comparisons PocketBase's SQL makes, the candidates are
// the clients indexed under the values the record pins (its student,
// institution, organization, mentor, user), and each candidate passes the
// compiled rule, then its subscription's own filter by PocketBase's query.
// A rule outside the compiled subset keeps PocketBase's query per
// subscriber. TestAudienceMatchesPocketBase proves the audience equals
// CanAccessRecord's. A client that falls behind by more than a small queue
// is disconnected; the SDK reconnects and the portal reloads its view.
//
// Connections (serve.go): over HTTP/1.1 the connection is taken over from
// net/http once the response head is written, so an idle client costs a
// socket, a small goroutine and its subscriptions. OnRealtimeConnectRequest
// hooks still run before the stream starts, but their e.Next() returns at
// once instead of when the client disconnects (PocketBase's handler blocks
// there); OnRealtimeMessageSend hooks see every message as before.
//
// Keeping them up (this file): PocketBase closes a realtime connection that
// received nothing for five minutes and every connection after thirty:
// with thousands of users whose pages sit open in the evening, N idle
// clients reconnect N/300 times a second, all of them at the same moments.
// Reverse proxies close idle connections even sooner (nginx: 60 s).
// livefeed sends every connected client a small heartbeat event
// (IB_HEARTBEAT, ignored by the official SDK, which listens only to its own
// topics and PB_CONNECT) well inside both limits, so an idle page stays
// connected, and it spreads the connections' maximum lifetime over ±25 % so
// that clients connected together do not all reconnect together.
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
