// Package audit holds the append-only history: an event for every status
// change of a workflow record and every certificate issue and revocation,
// written by the model hooks in the same transaction as the change.
package audit

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the audit_events collection.
const Collection = "audit_events"

// ErrAppendOnly is returned for any attempt to change or remove an event.
var ErrAppendOnly = errors.New("audit events are append-only")

// Tracked are the collections whose status changes are recorded, with the
// field that holds the reason a person gave for the change.
var Tracked = map[string]string{
	"internships":     "cancel_reason",
	"applications":    "reason",
	"placements":      "discontinue_reason",
	"logbook_entries": "review_note",
	"submissions":     "feedback",
	"evaluations":     "",
	"certificates":    "revoke_reason",
}

// onCreate are the tracked collections whose creation is itself an event.
var onCreate = map[string]string{
	"applications": "applications.create",
	"placements":   "placements.create",
	"certificates": "certificates.issue",
}

// Register binds the audit hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		NoCreate:      true,
		CreateMessage: "Audit events are written by the server.",
		NoDelete:      true,
		DeleteMessage: "Audit events are append-only and are never deleted.",
	})
	app.OnRecordUpdateRequest(Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		return access.Forbidden("Audit events are append-only and are never changed.")
	})
	// The model invariant holds for internal saves too.
	app.OnRecordUpdate(Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })
	app.OnRecordDelete(Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })

	names := make([]string, 0, len(Tracked))
	for n := range Tracked {
		names = append(names, n)
	}
	app.OnRecordUpdate(names...).BindFunc(func(e *core.RecordEvent) error {
		from, to := statusOf(e.Record.Original()), statusOf(e.Record)
		if err := e.Next(); err != nil {
			return err
		}
		if from == to {
			return nil
		}
		action := e.Record.Collection().Name + ".status"
		if e.Record.Collection().Name == "certificates" && to == "revoked" {
			action = "certificates.revoke"
		}
		return Write(e.App, e.Record, action, from, to)
	})
	app.OnRecordCreate(names...).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		if action, ok := onCreate[e.Record.Collection().Name]; ok {
			return Write(e.App, e.Record, action, "", statusOf(e.Record))
		}
		return nil
	})
}

// statusOf is the status of a record; an evaluation's is "submitted" once
// locked.
func statusOf(r *core.Record) string {
	if r.Collection().Name == "evaluations" {
		if r.GetBool("submitted") {
			return "submitted"
		}
		return "draft"
	}
	return r.GetString("status")
}

// Write appends one event about r with the actor left on r by the request
// (or the server).
func Write(app core.App, r *core.Record, action, from, to string) error {
	col, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return fmt.Errorf("audit collection: %w", err)
	}
	actor := access.Actor(r)
	ev := core.NewRecord(col)
	if actor != nil && !actor.IsSuperuser() {
		ev.Set("actor", actor.Id)
	}
	ev.Set("actor_label", access.ActorLabel(actor))
	ev.Set("action", action)
	ev.Set("collection", r.Collection().Name)
	ev.Set("record", r.Id)
	ev.Set("from", from)
	ev.Set("to", to)
	if f := Tracked[r.Collection().Name]; f != "" && to != "" {
		ev.Set("note", r.GetString(f))
	}
	ev.Set("institution", institutionOf(app, r))
	if err := app.Save(ev); err != nil {
		return fmt.Errorf("write audit event %s: %w", action, err)
	}
	return nil
}

// institutionOf finds the institution a record belongs to (empty for
// postings, which belong to an organization).
func institutionOf(app core.App, r *core.Record) string {
	if r.Collection().Fields.GetByName("institution") != nil {
		return r.GetString("institution")
	}
	if p := access.Placement(r); p != nil {
		return p.GetString("institution")
	}
	if id := r.GetString("placement"); id != "" {
		if p, err := app.FindRecordById("placements", id); err == nil {
			return p.GetString("institution")
		}
	}
	return ""
}
