// Package applications holds the application workflow: who applies, who sees
// an application when, and its status machine.
package applications

import (
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/transaction"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Collection is the applications collection.
const Collection = "applications"

// Statuses of an application.
const (
	StatusSubmitted   = "submitted"
	StatusEndorsed    = "endorsed"
	StatusShortlisted = "shortlisted"
	StatusOffered     = "offered"
	StatusAccepted    = "accepted"
	StatusDeclined    = "declined"
	StatusRejected    = "rejected"
	StatusWithdrawn   = "withdrawn"
	StatusExpired     = "expired"
)

// ServerFields are set by hooks only.
var ServerFields = []string{"student", "endorsed_by", "decided_by", "institution", "organization", "endorsed_at"}

// Register binds the applications hooks to app.
func Register(app core.App) {
	audit.Track(app, audit.Spec{Collection: Collection, Reason: "reason", Created: Collection + ".create"})
	fields.Protect(app, Collection, fields.Policy{
		Server: ServerFields,
		Fixed:  []string{"internship"},
	})
	transaction.Requests(app, Collection)
	transaction.Saves(app, Collection)
	// The move is decided before any field check (fields.Protect binds at 0).
	app.OnRecordUpdateRequest(Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{Priority: -1, Func: onMoveRequest})
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
	app.OnRecordCreate(Collection).BindFunc(onCreate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
}
