package applications

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/list"

	"github.com/internbase/internbase/internal/internships"
)

// Hooks are the events of the applications domain that later domains
// react to. The composition root (hooks.Register) binds them; an app of its
// own has its own Hooks (On), shared by its transactions.
type Hooks struct {
	// Busy asks whether a student already has an ongoing internship, before
	// an application is made and before an offer is accepted: the
	// placements domain answers. A binder that cannot tell returns its
	// error.
	Busy *hook.Hook[*BusyEvent]
	// Accepted fires inside the acceptance's transaction after the
	// application is saved: the placements domain opens the placement.
	Accepted *hook.Hook[*AcceptedEvent]
}

// BusyEvent asks whether Student is busy; binders set Busy.
type BusyEvent struct {
	hook.Event
	App     core.App
	Student string
	Busy    bool
}

// AcceptedEvent reports an accepted offer.
type AcceptedEvent struct {
	hook.Event
	App         core.App
	Application *Application
	Internship  *internships.Internship
}

// Application is an application as later domains read it: a proxy of its
// record with typed getters.
type Application struct {
	core.BaseRecordProxy
}

// Student is the id of the student who applied.
func (a *Application) Student() string { return a.GetString("student") }

// Institution is the id of the student's institution.
func (a *Application) Institution() string { return a.GetString("institution") }

const hooksKey = "internbase.applications.hooks"

// On returns app's applications hooks.
func On(app core.App) *Hooks {
	return app.Store().GetOrSet(hooksKey, func() any {
		return &Hooks{Busy: &hook.Hook[*BusyEvent]{}, Accepted: &hook.Hook[*AcceptedEvent]{}}
	}).(*Hooks)
}

// busy asks the Busy hook about student with app.
func busy(app core.App, student string) (bool, error) {
	ev := &BusyEvent{App: app, Student: student}
	err := On(app).Busy.Trigger(ev)
	return ev.Busy, err
}

// CountUptake adds to e the applications made to its posting (bound to
// internships' Uptake).
func CountUptake(e *internships.UptakeEvent) error {
	n, err := e.App.CountRecords(Collection, dbx.HashExp{"internship": e.Internship})
	if err != nil {
		return fmt.Errorf("count applications: %w", err)
	}
	e.Applications += int(n)
	return e.Next()
}

// WithdrawPending withdraws, by the server and with the event's reason,
// every application still in play (CancelWithdraws: submitted, endorsed,
// shortlisted or offered) to the postings that ended (bound to internships'
// Ended). Each save runs the applications' own hooks: the student is told,
// the audit trail records it.
func WithdrawPending(e *internships.EndedEvent) error {
	if len(e.Internships) > 0 {
		var inPlay []any
		for _, s := range Machine.States {
			if CancelWithdraws(s) {
				inPlay = append(inPlay, s)
			}
		}
		apps, err := e.App.FindAllRecords(Collection, dbx.In("internship", list.ToInterfaceSlice(e.Internships)...), dbx.In("status", inPlay...))
		if err != nil {
			return fmt.Errorf("find the pending applications: %w", err)
		}
		for _, a := range apps {
			if err := Withdraw(e.App, a, e.Reason); err != nil {
				return fmt.Errorf("withdraw application %s: %w", a.Id, err)
			}
		}
	}
	return e.Next()
}
