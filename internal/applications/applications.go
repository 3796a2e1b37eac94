// Package applications holds the application workflow: who applies, who sees
// an application when, and its status machine.
package applications

import (
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/transaction"
	"github.com/internbase/internbase/internal/users"
	"github.com/pocketbase/dbx"
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
	// An account with applications is never deleted (its applications
	// would lose their student); withdraw instead.
	app.OnRecordDelete(users.Collection).BindFunc(keepApplicants)
}

// keepApplicants refuses to delete a user who has applications, for
// everyone (a coordinator deletes only a sign-up that never applied).
func keepApplicants(e *core.RecordEvent) error {
	n, err := e.App.CountRecords(Collection, dbx.HashExp{"student": e.Record.Id})
	if err != nil {
		return apierror.Internal(e.App, "count the user's applications", err)
	}
	if n > 0 {
		return apierror.FieldError("id", apierror.CodeLocked, "This student has applied for internships, so the account cannot be deleted.")
	}
	return e.Next()
}
