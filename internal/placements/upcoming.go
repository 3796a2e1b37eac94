package placements

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/internships"
)

// dayLayout prints a calendar day as people read it.
const dayLayout = "2 January 2006"

// Upcoming is internships.Upcoming: whether an internship starting on
// startsOn has not started on today.
var Upcoming = internships.Upcoming

// PeriodEnd is the last day a certificate states for a placement: the
// earlier of the internship's endsOn and the completion day completedOn
// (either zero = unknown, then the other one).
func PeriodEnd(endsOn, completedOn time.Time) time.Time {
	endsOn, completedOn = dayOrZero(endsOn), dayOrZero(completedOn)
	switch {
	case completedOn.IsZero():
		return endsOn
	case endsOn.IsZero() || completedOn.Before(endsOn):
		return completedOn
	}
	return endsOn
}

func dayOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return clock.StoredDay(t)
}

// CheckStarted refuses, with ib_out_of_range on field, what an upcoming
// placement p may not do yet (its internship starts after today); advice
// ends the sentence and says when to come back ("submit work from that
// day."). It answers nil once the internship has started.
func (p *Placement) CheckStarted(app core.App, field, advice string) error {
	internship, err := internships.Find(app, p.Internship())
	if err != nil {
		return fmt.Errorf("internship of placement %s: %w", p.Id, err)
	}
	if !internship.UpcomingOn(clock.Today(app)) {
		return nil
	}
	starts := internship.StartsOn()
	return apierror.FieldError(field, apierror.CodeOutOfRange,
		"The internship starts on "+clock.StoredDay(starts).Format(dayLayout)+"; "+advice)
}
