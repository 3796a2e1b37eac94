// Package notifications holds the in-app (and mailed) notices of workflow
// events: created by the server, read, marked read and deleted by their user.
package notifications

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the notifications collection.
const Collection = "notifications"

// Register binds the notifications hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		NoCreate:      true,
		CreateMessage: "Notifications are created by the server.",
		Writable: func(_, _ *core.Record) ([]string, bool) {
			return []string{"read"}, true
		},
	})
}
