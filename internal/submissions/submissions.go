// Package submissions holds the project work of a placement: the tasks a
// host sets and the students' submissions with their reviews.
package submissions

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection names of the project-work domain.
const (
	Tasks       = "tasks"
	Submissions = "submissions"
)

// Statuses of a submission.
const (
	StatusSubmitted         = "submitted"
	StatusApproved          = "approved"
	StatusRevisionRequested = "revision_requested"
)

// Register binds the tasks and submissions hooks to app.
func Register(app core.App) {
	access.Protect(app, Tasks, access.Policy{Fixed: []string{"internship"}})
	access.Protect(app, Submissions, access.Policy{
		Server: []string{"attempt", "late", "reviewed_by", "reviewed_at"},
		Fixed:  []string{"task", "placement"},
		Writable: func(auth, _ *core.Record) ([]string, bool) {
			return []string{"status", "score", "feedback"}, true
		},
	})
	app.OnRecordCreateRequest(Submissions).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetString("status") != "" {
			return access.ForbiddenFields("status")
		}
		if bad := access.SetFields(e.Record, []string{"score", "feedback"}); len(bad) > 0 {
			return access.ForbiddenFields(bad...)
		}
		e.Record.Set("status", StatusSubmitted)
		return e.Next()
	})
}
