// Package placements holds the rules of placements: an accepted offer
// becomes a placement, which the coordinator staffs with a faculty mentor and
// which ends completed (with marks and credits) or discontinued.
package placements

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the placements collection.
const Collection = "placements"

// Statuses of a placement.
const (
	StatusOngoing      = "ongoing"
	StatusCompleted    = "completed"
	StatusDiscontinued = "discontinued"
)

// ServerFields are copied or computed by the server only.
var ServerFields = []string{
	"application", "student", "internship", "organization", "institution", "supervisor",
	"approved_hours", "started_on", "completed_on", "marks", "percent", "grade", "grade_point", "credits_earned",
}

// Register binds the placements hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		Server:        ServerFields,
		NoCreate:      true,
		CreateMessage: "Placements are created by the server when a student accepts an offer.",
		Writable: func(auth, _ *core.Record) ([]string, bool) {
			if access.Is(auth, access.RoleCoordinator) {
				return []string{"mentor", "status", "discontinue_reason"}, true
			}
			return []string{"status"}, true
		},
	})
	app.OnRecordValidate(Collection).BindFunc(onValidate)
}

// onValidate: the mentor of a placement is a mentor of the student's
// institution.
func onValidate(e *core.RecordEvent) error {
	if id := e.Record.GetString("mentor"); id != "" {
		m, err := e.App.FindRecordById(access.Users, id)
		if err != nil || m.GetString("role") != access.RoleMentor || m.GetString("institution") != e.Record.GetString("institution") {
			return access.ValidationError("mentor", access.CodeForbiddenField, "Choose a mentor of the student's institution.")
		}
	}
	return e.Next()
}
