package internships

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/clock"
)

// Internship is a posting as later domains read it: a proxy of its record
// (PocketBase's core.RecordProxy) with typed getters, so that no other
// domain spells its fields.
type Internship struct {
	core.BaseRecordProxy
}

// Of wraps a posting's record.
func Of(r *core.Record) *Internship {
	i := &Internship{}
	i.SetProxyRecord(r)
	return i
}

// Find reads a posting with app (sql.ErrNoRows when there is none).
func Find(app core.App, id string) (*Internship, error) {
	r, err := app.FindRecordById(Collection, id)
	if err != nil {
		return nil, err
	}
	return Of(r), nil
}

// Title is the posting's title.
func (i *Internship) Title() string { return i.GetString("title") }

// Quoted is the title in quotation marks, as messages name a posting.
func (i *Internship) Quoted() string { return "“" + i.Title() + "”" }

// Organization is the id of the host organization.
func (i *Internship) Organization() string { return i.GetString("organization") }

// Supervisor is the id of the supervisor who posted it.
func (i *Internship) Supervisor() string { return i.GetString("supervisor") }

// Seats is how many students it takes.
func (i *Internship) Seats() int { return i.GetInt("seats") }

// MinSemester is the lowest semester it admits.
func (i *Internship) MinSemester() int { return i.GetInt("min_semester") }

// Fee is what it would charge students (it opens only at 0).
func (i *Internship) Fee() float64 { return i.GetFloat("fee") }

// RequiredCourses are the ids of the courses an applicant must have
// completed.
func (i *Internship) RequiredCourses() []string { return i.GetStringSlice("required_courses") }

// EligibleInstitutions are the ids of the institutions whose students may
// apply (empty: every institution).
func (i *Internship) EligibleInstitutions() []string {
	return i.GetStringSlice("eligible_institutions")
}

// StartsOn is the first day, as midnight UTC (zero when unset).
func (i *Internship) StartsOn() time.Time { return dayOf(i.GetDateTime("starts_on").Time()) }

// EndsOn is the last day, as midnight UTC (zero when unset).
func (i *Internship) EndsOn() time.Time { return dayOf(i.GetDateTime("ends_on").Time()) }

// Upcoming reports whether an internship that starts on startsOn (a
// calendar day; zero = no start) has not started on today: its placements
// are upcoming, their logbook and work closed until startsOn.
func Upcoming(startsOn, today time.Time) bool {
	return !startsOn.IsZero() && clock.StoredDay(startsOn).After(clock.StoredDay(today))
}

// UpcomingOn reports whether the internship has not started on today.
func (i *Internship) UpcomingOn(today time.Time) bool { return Upcoming(i.StartsOn(), today) }

// TakesApplications reports whether the posting is open and its
// application deadline has not passed on app's clock.
func (i *Internship) TakesApplications(app core.App) bool {
	return i.GetString("status") == StatusOpen && !clock.DeadlinePassed(app, i.GetDateTime("apply_by").Time())
}

func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return clock.StoredDay(t)
}
