// Package clock is the platform clock of one Internbase app: the current time
// and the platform time zone that decides "today" (DESIGN.md §6). Both are
// values of the app (kept in its store), never of the process, so two apps in
// one process — two tests running in parallel — can live on different days.
package clock

import (
	"os"
	"sync/atomic"
	"time"

	// The tz database is embedded so that the platform zone resolves in
	// containers without /usr/share/zoneinfo (distroless, scratch).
	_ "time/tzdata"

	"github.com/pocketbase/pocketbase/core"
)

// TimezoneEnv names the environment variable that sets the platform time
// zone (DESIGN.md §6, §8).
const TimezoneEnv = "IB_TIMEZONE"

// DefaultTimezone is the platform time zone when TimezoneEnv is unset.
const DefaultTimezone = "Asia/Kolkata"

const storeKey = "internbase.clock"

// state is an app's clock: a function telling the time and the zone. The
// pointers are atomic so that a test can move an app's clock while its cron
// jobs or requests read it.
type state struct {
	now atomic.Pointer[func() time.Time]
	loc atomic.Pointer[time.Location]
}

func of(app core.App) *state {
	return app.Store().GetOrSet(storeKey, func() any {
		s := &state{}
		s.loc.Store(LoadLocation(os.Getenv(TimezoneEnv)))
		return s
	}).(*state)
}

// Now is the current time by app's clock: time.Now unless Set replaced it.
// Every workflow rule that asks "what time is it" goes through Now.
func Now(app core.App) time.Time {
	if f := of(app).now.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// Set makes app's clock answer with now (nil restores time.Now).
func Set(app core.App, now func() time.Time) {
	if now == nil {
		of(app).now.Store(nil)
		return
	}
	of(app).now.Store(&now)
}

// Swap makes app's clock answer with now, like Set, and returns a function
// that puts back the clock app had before (time.Now or what Set chose): for
// a command that walks an app through days gone by (internbase demo) and
// must leave the clock as it found it.
func Swap(app core.App, now func() time.Time) (restore func()) {
	s := of(app)
	old := s.now.Swap(&now)
	return func() { s.now.Store(old) }
}

// Fixed is a clock function that always answers t.
func Fixed(t time.Time) func() time.Time {
	return func() time.Time { return t }
}

// From is a clock function that starts at t now and runs at real speed.
func From(t time.Time) func() time.Time {
	offset := time.Until(t)
	return func() time.Time { return time.Now().Add(offset) }
}

// Location is app's platform time zone: IB_TIMEZONE when the app first asked
// (Asia/Kolkata when unset), or what SetLocation chose.
func Location(app core.App) *time.Location {
	return of(app).loc.Load()
}

// SetLocation makes l the platform zone of app (nil restores IB_TIMEZONE).
func SetLocation(app core.App, l *time.Location) {
	if l == nil {
		l = LoadLocation(os.Getenv(TimezoneEnv))
	}
	of(app).loc.Store(l)
}

// LoadLocation resolves a zone name, falling back to DefaultTimezone (and, in
// the impossible case that the embedded tz database lacks it, UTC) when the
// name is empty or unknown. The server refuses to start with an unknown zone
// (hooks.ApplyEnv), so the fallback only matters to tools.
func LoadLocation(name string) *time.Location {
	if name != "" {
		if l, err := time.LoadLocation(name); err == nil {
			return l
		}
	}
	if l, err := time.LoadLocation(DefaultTimezone); err == nil {
		return l
	}
	return time.UTC
}

// Zone is the time zone and day arithmetic of one app, for code that asks
// many questions of one clock.
type Zone struct{ Loc *time.Location }

// ZoneOf is app's platform zone as a Zone.
func ZoneOf(app core.App) Zone { return Zone{Loc: Location(app)} }

// DayOf is the calendar day that the instant t falls on in the zone, as
// midnight UTC of that day — the way date-only fields are stored. Use
// StoredDay, not DayOf, for a value read from a date-only field.
func (z Zone) DayOf(t time.Time) time.Time {
	y, m, d := t.In(z.Loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// EndOfDay is the instant a calendar day (a date-only value) ends in the
// zone: midnight at the start of the next day there, in UTC. A deadline such
// as apply_by or due_on is inclusive: it is met by any instant strictly
// before EndOfDay(day).
func (z Zone) EndOfDay(day time.Time) time.Time {
	y, m, d := day.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, z.Loc).UTC()
}

// DeadlinePassed reports whether the inclusive deadline day is over at now in
// the zone (now is at or after EndOfDay(day)).
func (z Zone) DeadlinePassed(day, now time.Time) bool {
	return !now.Before(z.EndOfDay(day))
}

// Today is app's current calendar day in its platform zone, as midnight UTC.
func Today(app core.App) time.Time {
	return ZoneOf(app).DayOf(Now(app))
}

// DeadlinePassed reports whether the inclusive deadline day is over by app's
// clock and zone.
func DeadlinePassed(app core.App, day time.Time) bool {
	return ZoneOf(app).DeadlinePassed(day, Now(app))
}

// StoredDay is the calendar day held by a date-only field (its UTC date; any
// time of day is dropped), as midnight UTC. Unlike DayOf it never shifts the
// day by the platform zone.
func StoredDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
