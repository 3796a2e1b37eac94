// Package organizations holds the rules of host organisations: coordinators
// manage them, and their own supervisors edit only their public profile.
package organizations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/transaction"
)

// Collection is the organizations collection.
const Collection = "organizations"

// SupervisorFields are the fields an organization's supervisors may change.
var SupervisorFields = []string{"about", "logo", "website"}

// Register binds the organizations hooks to app.
func Register(app core.App) {
	fields.Protect(app, Collection, fields.Policy{
		Writable: func(auth, _ *core.Record) ([]string, bool) {
			if access.Is(auth, access.RoleSupervisor) {
				return SupervisorFields, true
			}
			return nil, false
		},
	})
	// Every save of an organization runs with its hooks' side effects in one
	// transaction (charges_fee closes postings and withdraws applications).
	transaction.Saves(app, Collection)
}
