package livefeed

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Hooks into the hub for the external tests (which need apptest, which
// imports this package through hooks).

type Hub = hub
type Client = client

func NewHub(app core.App) *Hub { return newHub(app) }

// NewClient is a client signed in as auth (nil: a guest) with subs.
func NewClient(auth *core.Record, subs ...string) *Client {
	c := newClient()
	if auth != nil {
		c.Set(apis.RealtimeClientAuthKey, auth)
	}
	c.Subscribe(subs...)
	return c
}

func (c *client) Auth() *core.Record { return c.auth() }

func (h *hub) Add(c *Client)    { h.register(c); h.reindex(c) }
func (h *hub) Remove(c *Client) { h.unregister(c) }

// Delivery is one message the hub decided to send.
type Delivery struct {
	Client *Client
	Topic  string
	Data   []byte
}

func (h *hub) Decide(app core.App, action string, r *core.Record) []Delivery {
	var out []Delivery
	for _, d := range h.decide(app, event{action: action, record: r}) {
		out = append(out, Delivery{Client: d.c, Topic: d.msg.Name, Data: d.msg.Data})
	}
	return out
}

func Compiled(app core.App, c *core.Collection) bool { return compilePolicy(app, c).compiled }

// Candidates is how many clients an event of r would consider.
func (h *hub) Candidates(app core.App, r *core.Record) int {
	p := h.policyFor(r.Collection())
	return len(h.candidates(r.Collection(), p, loadFacts(app, r, p.relations)))
}

const SendBuffer = sendBuffer
