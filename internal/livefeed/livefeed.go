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
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
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

// Register installs the feed on app with the default options.
func Register(app core.App) { RegisterWith(app, Options{}) }

// RegisterWith installs the feed on app with o.
func RegisterWith(app core.App, o Options) {
	o = o.withDefaults()
	app.OnRealtimeConnectRequest().BindFunc(func(e *core.RealtimeConnectRequestEvent) error {
		e.IdleTimeout = o.IdleTimeout
		e.MaxTimeout = spread(o.MaxLifetime)
		return e.Next()
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		stop := make(chan struct{})
		go beat(e.App, o.Heartbeat, stop)
		e.App.OnTerminate().BindFunc(func(te *core.TerminateEvent) error {
			select {
			case <-stop:
			default:
				close(stop)
			}
			return te.Next()
		})
		return e.Next()
	})
}

// spread returns d moved by up to ±25 %.
func spread(d time.Duration) time.Duration {
	return d*3/4 + time.Duration(rand.Int64N(int64(d)/2+1))
}

// beat sends the heartbeats until stop is closed: every period/slots, to the
// clients of one slot.
func beat(app core.App, period time.Duration, stop <-chan struct{}) {
	tick := time.NewTicker(period / slots)
	defer tick.Stop()
	msg := subscriptions.Message{Name: HeartbeatEvent, Data: []byte(`{}`)}
	for n := uint32(0); ; n++ {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		for id, c := range app.SubscriptionsBroker().Clients() {
			if slotOf(id) != n%slots {
				continue
			}
			// Send blocks until the connection takes the message; a
			// client that stopped reading must not hold up the others
			// (its connection ends at the idle timeout, which discards
			// the client and releases the send).
			go c.Send(msg)
		}
	}
}

func slotOf(id string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32() % slots
}
