// Package evaluations holds the supervisor's and the mentor's evaluations of
// a placement against the regulation's criteria.
package evaluations

import (
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/transaction"
	"github.com/pocketbase/pocketbase/core"
)

// Collection is the evaluations collection.
const Collection = "evaluations"

// ServerFields are set by hooks only.
var ServerFields = []string{"evaluator", "total"}

// Register binds the evaluations hooks to app.
func Register(app core.App) {
	// An evaluation's status in the audit trail is "draft" until it is
	// submitted (and locked).
	audit.Track(app, audit.Spec{Collection: Collection, Institution: placements.InstitutionOf, Status: func(r *core.Record) string {
		if r.GetBool("submitted") {
			return "submitted"
		}
		return "draft"
	}})
	fields.Protect(app, Collection, fields.Policy{
		Server: ServerFields,
		Fixed:  []string{"placement", "kind"},
	})
	transaction.Requests(app, Collection)
	transaction.Saves(app, Collection)
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordCreate(Collection).BindFunc(onCreate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
	app.OnRecordDelete(Collection).BindFunc(onDelete)
}
