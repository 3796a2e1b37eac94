package access

import (
	"math"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
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

// placementKey is the raw key under which a model hook leaves the placement
// it read, in the save's transaction, for the record being saved.
const placementKey = "@ib_placement"

// SetPlacement leaves on r the placement p that a model hook read for it in
// the save's transaction, so that the hooks after it (audit) do not read it
// again.
func SetPlacement(r, p *core.Record) {
	r.SetRaw(placementKey, p)
}

// Placement returns the placement left on r by SetPlacement when it is
// still r's placement, else nil.
func Placement(r *core.Record) *core.Record {
	p, _ := r.GetRaw(placementKey).(*core.Record)
	if p == nil || p.Id != r.GetString("placement") {
		return nil
	}
	return p
}

// Transactional makes every API create, update and delete of the given
// collections run in one database transaction with all its hooks and side
// effects, and leaves the caller on the record for the model hooks. It binds
// first (lowest priority), before every other request hook.
func Transactional(app core.App, collections ...string) {
	h := requestTx()
	app.OnRecordCreateRequest(collections...).Bind(h)
	app.OnRecordUpdateRequest(collections...).Bind(h)
	app.OnRecordDeleteRequest(collections...).Bind(h)
}

// TransactionalChanges is Transactional for updates and deletes only. A
// collection bound this way writes nothing in its create request hooks: its
// creates run their read-only checks outside any transaction (so they never
// hold the database's one writer), and the save itself is made atomic with
// its model hooks by InTransaction. Such a create hook leaves the caller on
// the record itself (SetActor).
func TransactionalChanges(app core.App, collections ...string) {
	h := requestTx()
	app.OnRecordUpdateRequest(collections...).Bind(h)
	app.OnRecordDeleteRequest(collections...).Bind(h)
}

func requestTx() *hook.Handler[*core.RecordRequestEvent] {
	return &hook.Handler[*core.RecordRequestEvent]{
		Priority: math.MinInt32 + 1,
		Func: func(e *core.RecordRequestEvent) error {
			SetActor(e.Record, e.Auth)
			app := e.App
			defer func() { e.App = app }()
			return app.RunInTransaction(func(txApp core.App) error {
				e.App = txApp
				return e.Next()
			})
		},
	}
}

// InTransaction makes every save of the given collections (API or internal)
// run its model hooks and write in one transaction, so that the side effects
// model hooks write commit or roll back with the record.
func InTransaction(app core.App, collections ...string) {
	// e.App is put back after the transaction: PocketBase fires the
	// after-success hooks (realtime among them) with the event's app, which
	// must not be the finished transaction.
	wrap := func(e *core.RecordEvent) error {
		app := e.App
		defer func() { e.App = app }()
		return app.RunInTransaction(func(txApp core.App) error {
			e.App = txApp
			return e.Next()
		})
	}
	h := &hook.Handler[*core.RecordEvent]{Priority: math.MinInt32 + 1, Func: wrap}
	app.OnRecordCreate(collections...).Bind(h)
	app.OnRecordUpdate(collections...).Bind(h)
	app.OnRecordDelete(collections...).Bind(h)
}
