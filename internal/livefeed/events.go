package livefeed

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// recordOf is the collection record behind a model event, if any.
func recordOf(m core.Model) *core.Record {
	switch m := m.(type) {
	case *core.Record:
		return m
	case core.RecordProxy:
		return m.ProxyRecord()
	}
	return nil
}

// bindRecordEvents feeds the hub: creates and updates are published after
// their commit (PocketBase runs the *AfterSuccess hooks of a transaction
// once it committed) and decided by the broadcasters; a delete is decided
// before it commits, while the record and the rows its rules read still
// exist (as PocketBase does), and sent once it committed.
func bindRecordEvents(app core.App, h *hub) {
	app.OnModelAfterCreateSuccess().Bind(&hook.Handler[*core.ModelEvent]{Priority: -98, Func: func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil {
			h.publish("create", r)
		}
		return e.Next()
	}})
	app.OnModelAfterUpdateSuccess().Bind(&hook.Handler[*core.ModelEvent]{Priority: -98, Func: func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil {
			if r.Collection().IsAuth() {
				h.authChanged(r, false)
			}
			h.publish("update", r)
		}
		return e.Next()
	}})
	app.OnModelDelete().Bind(&hook.Handler[*core.ModelEvent]{Priority: 99, Func: func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil && h.subscribed(r.Collection()) {
			// the checks read through the app outside the transaction,
			// so that a cascade-deleted record's rules still see its
			// parents (PocketBase's own choice)
			ds := h.decide(app, event{action: "delete", record: r.Fresh()})
			h.pendingMu.Lock()
			h.pending[deleteKey(r)] = ds
			h.pendingMu.Unlock()
		}
		return e.Next()
	}})
	app.OnModelAfterDeleteSuccess().Bind(&hook.Handler[*core.ModelEvent]{Priority: -98, Func: func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil {
			for _, d := range h.takePending(r) {
				d.c.Send(d.msg)
			}
			if r.Collection().IsAuth() {
				h.authChanged(r, true)
			}
		}
		return e.Next()
	}})
	app.OnModelAfterDeleteError().Bind(&hook.Handler[*core.ModelErrorEvent]{Priority: -98, Func: func(e *core.ModelErrorEvent) error {
		if r := recordOf(e.Model); r != nil {
			h.takePending(r)
		}
		return e.Next()
	}})
	// A changed auth secret or a deleted auth collection signs its
	// clients out, as PocketBase does.
	app.OnCollectionAfterUpdateSuccess().Bind(&hook.Handler[*core.CollectionEvent]{Priority: -98, Func: func(e *core.CollectionEvent) error {
		if e.Collection.IsAuth() {
			h.signOutCollection(e.Collection.Name)
		}
		return e.Next()
	}})
	app.OnCollectionAfterDeleteSuccess().Bind(&hook.Handler[*core.CollectionEvent]{Priority: -98, Func: func(e *core.CollectionEvent) error {
		if e.Collection.IsAuth() {
			h.signOutCollection(e.Collection.Name)
		}
		return e.Next()
	}})
}

func deleteKey(r *core.Record) string { return r.Collection().Id + "/" + r.Id }

func (h *hub) takePending(r *core.Record) []delivery {
	h.pendingMu.Lock()
	defer h.pendingMu.Unlock()
	k := deleteKey(r)
	ds := h.pending[k]
	delete(h.pending, k)
	return ds
}

// authChanged updates the clients signed in as r: a deleted record or a
// new token key (a password change) signs them out, anything else
// refreshes the record their rules read; either way they are re-indexed.
func (h *hub) authChanged(r *core.Record, deleted bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.byUser[r.Collection().Name+"/"+r.Id] {
		prev := c.auth()
		if deleted || prev == nil || prev.TokenKey() != r.TokenKey() {
			c.Unset(apis.RealtimeClientAuthKey)
		} else {
			c.Set(apis.RealtimeClientAuthKey, r.Fresh())
		}
		h.unindex(c)
		h.index(c)
	}
}

func (h *hub) signOutCollection(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.clients {
		if a := c.auth(); a != nil && a.Collection().Name == name {
			c.Unset(apis.RealtimeClientAuthKey)
			h.unindex(c)
			h.index(c)
		}
	}
}
