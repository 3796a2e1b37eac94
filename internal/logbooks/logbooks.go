// Package logbooks holds the rules of the daily logbook of a placement.
package logbooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/transaction"
)

// Collection is the logbook_entries collection.
const Collection = "logbook_entries"

// Statuses of a logbook entry.
const (
	StatusPending  = "pending"
	StatusApproved = "approved"
	StatusRejected = "rejected"
)

// ServerFields are set by hooks only.
var ServerFields = []string{"reviewed_by", "reviewed_at"}

// studentFields are what the placement's student may change on an entry.
var studentFields = []string{"date", "hours", "activity", "learning"}

// reviewFields are what a supervisor may change on an entry.
var reviewFields = []string{"status", "review_note"}

// Register binds the logbook hooks to app.
func Register(app core.App) {
	audit.Track(app, audit.Spec{Collection: Collection, Reason: "review_note", Institution: placements.InstitutionOf})
	fields.Protect(app, Collection, fields.Policy{
		Server: ServerFields,
		Fixed:  []string{"placement"},
		Writable: func(auth, r *core.Record) ([]string, bool) {
			if access.Is(auth, access.RoleSupervisor) {
				return reviewFields, true
			}
			// A student never reviews; the one status they may send is
			// "pending" on their rejected entry, which is what editing it
			// does anyway.
			if r.Original().GetString("status") == StatusRejected && r.GetString("status") == StatusPending {
				return append([]string{"status"}, studentFields...), true
			}
			return studentFields, true
		},
	})
	// A create writes nothing before its save: its read-only checks
	// (onCreateRequest) run outside the write transaction, which opens with
	// the save (InTransaction) and guards only what a concurrent write could
	// change (the placement still ongoing, one entry a day).
	transaction.ChangeRequests(app, Collection)
	transaction.Saves(app, Collection)
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
	app.OnRecordDeleteRequest(Collection).BindFunc(onDeleteRequest)
	app.OnRecordCreate(Collection).BindFunc(onCreate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
	app.OnRecordDelete(Collection).BindFunc(onDelete)
	app.OnServe().BindFunc(quietWrites)
}
