// Package audit holds the append-only history of status changes and
// certificate events.
package audit

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the audit_events collection.
const Collection = "audit_events"

// ErrAppendOnly is returned for any attempt to change or remove an event.
var ErrAppendOnly = errors.New("audit events are append-only")

// Register binds the audit hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		NoCreate:      true,
		CreateMessage: "Audit events are written by the server.",
		NoDelete:      true,
		DeleteMessage: "Audit events are append-only and are never deleted.",
	})
	app.OnRecordUpdateRequest(Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		return access.Forbidden("Audit events are append-only and are never changed.")
	})
	// The model invariant holds for internal saves too.
	app.OnRecordUpdate(Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })
	app.OnRecordDelete(Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })
}
