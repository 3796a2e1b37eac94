package access

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/clock"
)

// actorKey is the raw (non-field) key under which a request hook leaves the
// caller on the record it saves, so that the model hooks (which have no
// request) can attribute audit events and notifications. Raw keys are not
// columns: DBExport ignores them and API responses never show them.
const actorKey = "@ib_actor"

// SetActor records who is saving r (nil for the server).
func SetActor(r *core.Record, auth *core.Record) {
	r.SetRaw(actorKey, auth)
}

// Actor returns who is saving r: the auth record a request hook left on it,
// or nil for the server (cron jobs, commands, internal saves).
func Actor(r *core.Record) *core.Record {
	a, _ := r.GetRaw(actorKey).(*core.Record)
	return a
}

// StampReview records on r who reviewed it (the caller left on the record by
// the request; nobody for superusers and the server) and when, by the app's
// clock: the reviewed_by and reviewed_at fields of a logbook entry or a
// submission.
func StampReview(app core.App, r *core.Record) {
	r.Set("reviewed_at", clock.Now(app))
	if actor := Actor(r); actor != nil && !actor.IsSuperuser() {
		r.Set("reviewed_by", actor.Id)
	} else {
		r.Set("reviewed_by", "")
	}
}
