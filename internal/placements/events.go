package placements

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/internships"
)

// Hooks are the events of the placements domain that later domains react
// to. The composition root (hooks.Register) binds them; an app of its own
// has its own Hooks (On), shared by its transactions.
type Hooks struct {
	// Completing fires inside a completion's transaction before it is
	// decided: the submissions domain reports the required tasks without an
	// approved submission, the evaluations domain the submitted
	// evaluations. A binder that cannot read returns its error.
	Completing *hook.Hook[*CompletingEvent]
	// Completed fires inside the completion's transaction after a placement
	// that earned credits is saved: the certificates domain issues the
	// certificate. An error rolls the whole completion back.
	Completed *hook.Hook[*CompletedEvent]
}

// Score is a submitted evaluation's total (its maximum is the regulation's,
// which the completion reads itself).
type Score struct{ Total float64 }

// CompletingEvent collects what a completion is decided on.
type CompletingEvent struct {
	hook.Event
	App       core.App
	Placement *Placement
	// UnapprovedTasks are the titles of the required tasks without an
	// approved submission.
	UnapprovedTasks []string
	// Supervisor and Mentor are the submitted evaluations (nil when not
	// submitted).
	Supervisor, Mentor *Score
}

// CompletedEvent reports a completion that earned credits.
type CompletedEvent struct {
	hook.Event
	App       core.App
	Placement *Placement
}

const hooksKey = "internbase.placements.hooks"

// On returns app's placements hooks.
func On(app core.App) *Hooks {
	return app.Store().GetOrSet(hooksKey, func() any {
		return &Hooks{Completing: &hook.Hook[*CompletingEvent]{}, Completed: &hook.Hook[*CompletedEvent]{}}
	}).(*Hooks)
}

// Open creates the placement of an accepted offer, in the acceptance's
// transaction (bound to applications' Accepted): the student, institution,
// posting, organization and supervisor are copied; it starts ongoing on the
// posting's first day; the student who accepted is its actor.
func Open(e *applications.AcceptedEvent) error {
	col, err := e.App.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return err
	}
	a := e.Application
	p := core.NewRecord(col)
	p.Set("application", a.Id)
	p.Set("student", a.Student())
	p.Set("internship", e.Internship.Id)
	p.Set("organization", e.Internship.Organization())
	p.Set("institution", a.Institution())
	p.Set("supervisor", e.Internship.Supervisor())
	p.Set("status", StatusOngoing)
	p.Set("started_on", e.Internship.StartsOn())
	access.SetActor(p, access.Actor(a.Record))
	if err := e.App.Save(p); err != nil {
		return fmt.Errorf("create placement: %w", err)
	}
	return e.Next()
}

// ReportBusy tells applications whether the student has an ongoing
// placement (bound to applications' Busy).
func ReportBusy(e *applications.BusyEvent) error {
	n, err := e.App.CountRecords(Collection, dbx.HashExp{"student": e.Student, "status": StatusOngoing})
	if err != nil {
		return fmt.Errorf("count ongoing placements: %w", err)
	}
	e.Busy = e.Busy || n > 0
	return e.Next()
}

// CountUptake adds to e the placements of its posting (bound to
// internships' Uptake).
func CountUptake(e *internships.UptakeEvent) error {
	n, err := e.App.CountRecords(Collection, dbx.HashExp{"internship": e.Internship})
	if err != nil {
		return fmt.Errorf("count placements: %w", err)
	}
	e.Placements += int(n)
	return e.Next()
}
