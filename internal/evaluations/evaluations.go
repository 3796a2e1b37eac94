// Package evaluations holds the supervisor's and the mentor's evaluations of
// a placement against the regulation's criteria.
package evaluations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the evaluations collection.
const Collection = "evaluations"

// Register binds the evaluations hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		Server: []string{"evaluator", "total"},
		Fixed:  []string{"placement", "kind"},
	})
	app.OnRecordCreateRequest(Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			if e.Record.GetString("kind") != access.Role(e.Auth) {
				return access.Forbidden("You can write only the " + access.Role(e.Auth) + " evaluation of a placement.")
			}
			e.Record.Set("evaluator", e.Auth.Id)
		}
		return e.Next()
	})
}
