package internships

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Hooks are the events of the postings domain that later domains react to.
// The composition root (hooks.Register) binds them; an app of its own has
// its own Hooks (On), shared by its transactions.
type Hooks struct {
	// Uptake asks how far a posting was taken up before it is deleted or
	// cancelled: the applications and placements domains each add their
	// count. A binder that cannot count returns its error.
	Uptake *hook.Hook[*UptakeEvent]
	// Ended fires inside the transaction that cancels postings, or closes
	// them because their organization charges a fee, after they are saved:
	// the applications domain withdraws the applications still in play.
	Ended *hook.Hook[*EndedEvent]
}

// UptakeEvent asks for the uptake of one posting.
type UptakeEvent struct {
	hook.Event
	App        core.App
	Internship string
	// Applications and Placements are filled in by the binders.
	Applications, Placements int
}

// EndedEvent reports postings that ended for Reason.
type EndedEvent struct {
	hook.Event
	App         core.App
	Internships []string
	// Reason is written on what the end withdraws (ReasonCancelled or
	// ReasonFee).
	Reason string
}

const hooksKey = "internbase.internships.hooks"

// On returns app's postings hooks.
func On(app core.App) *Hooks {
	return app.Store().GetOrSet(hooksKey, func() any {
		return &Hooks{Uptake: &hook.Hook[*UptakeEvent]{}, Ended: &hook.Hook[*EndedEvent]{}}
	}).(*Hooks)
}

// uptake triggers Uptake for internship with app.
func uptake(app core.App, internship string) (*UptakeEvent, error) {
	ev := &UptakeEvent{App: app, Internship: internship}
	err := On(app).Uptake.Trigger(ev)
	return ev, err
}
