// Package transaction makes a request or a save run in one database
// transaction with all its hooks and side effects (DESIGN.md: a change and
// everything it causes commit or roll back together).
package transaction

import (
	"math"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/internbase/internbase/internal/access"
)

// Requests makes every API create, update and delete of the given
// collections run in one database transaction with all its hooks and side
// effects, and leaves the caller on the record for the model hooks. It binds
// first (lowest priority), before every other request hook.
func Requests(app core.App, collections ...string) {
	h := requestTx()
	app.OnRecordCreateRequest(collections...).Bind(h)
	app.OnRecordUpdateRequest(collections...).Bind(h)
	app.OnRecordDeleteRequest(collections...).Bind(h)
}

// ChangeRequests is Requests for updates and deletes only. A
// collection bound this way writes nothing in its create request hooks: its
// creates run their read-only checks outside any transaction (so they never
// hold the database's one writer), and the save itself is made atomic with
// its model hooks by Saves. Such a create hook leaves the caller on
// the record itself (access.SetActor).
func ChangeRequests(app core.App, collections ...string) {
	h := requestTx()
	app.OnRecordUpdateRequest(collections...).Bind(h)
	app.OnRecordDeleteRequest(collections...).Bind(h)
}

func requestTx() *hook.Handler[*core.RecordRequestEvent] {
	return &hook.Handler[*core.RecordRequestEvent]{
		Priority: math.MinInt32 + 1,
		Func: func(e *core.RecordRequestEvent) error {
			access.SetActor(e.Record, e.Auth)
			app := e.App
			defer func() { e.App = app }()
			return app.RunInTransaction(func(txApp core.App) error {
				e.App = txApp
				return e.Next()
			})
		},
	}
}

// Saves makes every save of the given collections (API or internal)
// run its model hooks and write in one transaction, so that the side effects
// model hooks write commit or roll back with the record.
func Saves(app core.App, collections ...string) {
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
