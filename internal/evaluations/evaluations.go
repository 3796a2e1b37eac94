// Package evaluations holds the supervisor's and the mentor's evaluations of
// a placement against the regulation's criteria.
package evaluations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the evaluations collection.
const Collection = "evaluations"

// ServerFields are set by hooks only.
var ServerFields = []string{"evaluator", "total"}

// Register binds the evaluations hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		Server: ServerFields,
		Fixed:  []string{"placement", "kind"},
	})
	access.Transactional(app, Collection)
	access.InTransaction(app, Collection)
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordCreate(Collection).BindFunc(onCreate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
	app.OnRecordDelete(Collection).BindFunc(onDelete)
}
