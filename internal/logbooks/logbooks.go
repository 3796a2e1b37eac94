// Package logbooks holds the rules of the daily logbook of a placement.
package logbooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the logbook_entries collection.
const Collection = "logbook_entries"

// Statuses of a logbook entry.
const (
	StatusPending  = "pending"
	StatusApproved = "approved"
	StatusRejected = "rejected"
)

// Register binds the logbook hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		Server: []string{"reviewed_by", "reviewed_at"},
		Fixed:  []string{"placement"},
		Writable: func(auth, _ *core.Record) ([]string, bool) {
			if access.Is(auth, access.RoleSupervisor) {
				return []string{"status", "review_note"}, true
			}
			return []string{"date", "hours", "activity", "learning"}, true
		},
	})
	app.OnRecordCreateRequest(Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetString("status") != "" {
			return access.ForbiddenFields("status")
		}
		e.Record.Set("status", StatusPending)
		return e.Next()
	})
}
