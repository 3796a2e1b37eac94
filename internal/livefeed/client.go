package livefeed

import (
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// sendBuffer is how many messages may wait for one connection. A client
// that falls this far behind is disconnected: the official SDK reconnects
// and resubscribes, and the portal reloads what it shows (a reconnect is
// its signal to catch up), rather than the server holding an ever-growing
// backlog or a goroutine per undelivered message.
const sendBuffer = 16

// client is a realtime connection. It keeps PocketBase's subscription and
// store semantics (subscriptions.DefaultClient) with a buffered channel
// whose Send never blocks the broadcaster.
type client struct {
	*subscriptions.DefaultClient
	ch     chan subscriptions.Message
	mu     sync.Mutex // orders the sends on ch and its close (several broadcasters send)
	closed bool       // ch is closed; guarded by mu
	slot   uint32     // its heartbeat slot (slotOf its id)

	// guarded by hub.mu: where the client is indexed.
	entries []indexEntry
	user    string
}

var _ subscriptions.Client = (*client)(nil)

func newClient() *client {
	c := &client{DefaultClient: subscriptions.NewDefaultClient(), ch: make(chan subscriptions.Message, sendBuffer)}
	c.slot = slotOf(c.Id())
	return c
}

func (c *client) Channel() chan subscriptions.Message { return c.ch }

// Send queues m; a full queue discards the client (see sendBuffer).
func (c *client) Send(m subscriptions.Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.IsDiscarded() {
		return
	}
	select {
	case c.ch <- m:
	default:
		c.discardLocked()
	}
}

func (c *client) Discard() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.discardLocked()
}

func (c *client) discardLocked() {
	c.DefaultClient.Discard()
	if !c.closed {
		c.closed = true
		close(c.ch)
	}
}

func (c *client) auth() *core.Record {
	r, _ := c.Get(apis.RealtimeClientAuthKey).(*core.Record)
	return r
}

// indexEntry is the keys a client is filed under in one collection's index.
type indexEntry struct {
	coll string
	keys []string
}
