// Package audit holds the append-only history: an event for every status
// change of a workflow record and every certificate issue and revocation,
// written by the model hooks in the same transaction as the change.
package audit

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/fields"
)

// Collection is the audit_events collection.
const Collection = "audit_events"

// ErrAppendOnly is returned for any attempt to change or remove an event.
var ErrAppendOnly = errors.New("audit events are append-only")

// Register binds the audit hooks to app.
func Register(app core.App) {
	fields.Protect(app, Collection, fields.Policy{
		NoCreate:      true,
		CreateMessage: "Audit events are written by the server.",
		NoDelete:      true,
		DeleteMessage: "Audit events are append-only and are never deleted.",
	})
	app.OnRecordUpdateRequest(Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		return apierror.Forbidden("Audit events are append-only and are never changed.")
	})
	// The model invariant holds for internal saves too.
	app.OnRecordUpdate(Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })
	app.OnRecordDelete(Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })

}

// Spec says how the audit trail records the changes of one workflow
// collection. The domain that owns the collection declares it (Track).
type Spec struct {
	// Collection is the tracked collection.
	Collection string
	// Reason is the field that holds the reason a person gave for a status
	// change ("" when there is none).
	Reason string
	// Created is the action of a record's creation ("" when creating one is
	// not itself an event).
	Created string
	// Actions names a status change by the status it reaches, where the
	// default "<collection>.status" is not what happened (e.g. a revocation).
	Actions map[string]string
	// Status is a record's status; nil reads the "status" field.
	Status func(r *core.Record) string
	// Institution is the institution a record belongs to, read with app (the
	// save's transaction); nil reads the record's "institution" field.
	Institution func(app core.App, r *core.Record) (string, error)
}

// Track records every status change of s.Collection (and its creation when
// s.Created is set) in the same transaction as the change. It runs after the
// owning domain's model hooks have settled the record (priority 100), so the
// event states what is saved.
func Track(app core.App, s Spec) {
	if s.Status == nil {
		s.Status = func(r *core.Record) string { return r.GetString("status") }
	}
	if s.Institution == nil {
		s.Institution = func(_ core.App, r *core.Record) (string, error) { return r.GetString("institution"), nil }
	}
	app.OnRecordUpdate(s.Collection).Bind(&hook.Handler[*core.RecordEvent]{Priority: 100, Func: func(e *core.RecordEvent) error {
		from, to := s.Status(e.Record.Original()), s.Status(e.Record)
		if err := e.Next(); err != nil {
			return err
		}
		if from == to {
			return nil
		}
		action := s.Collection + ".status"
		if a, ok := s.Actions[to]; ok {
			action = a
		}
		return s.write(e.App, e.Record, action, from, to)
	}})
	if s.Created != "" {
		app.OnRecordCreate(s.Collection).Bind(&hook.Handler[*core.RecordEvent]{Priority: 100, Func: func(e *core.RecordEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			return s.write(e.App, e.Record, s.Created, "", s.Status(e.Record))
		}})
	}
}

// write appends one event about r with the actor left on r by the request
// (or the server).
func (s Spec) write(app core.App, r *core.Record, action, from, to string) error {
	col, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return fmt.Errorf("audit collection: %w", err)
	}
	institution, err := s.Institution(app, r)
	if err != nil {
		return fmt.Errorf("audit %s: institution: %w", action, err)
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
	if s.Reason != "" && to != "" {
		ev.Set("note", r.GetString(s.Reason))
	}
	ev.Set("institution", institution)
	if err := app.Save(ev); err != nil {
		return fmt.Errorf("write audit event %s: %w", action, err)
	}
	return nil
}
