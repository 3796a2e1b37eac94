package access

import (
	"os"
	"sync"
	"sync/atomic"
	"time"

	// The tz database is embedded so that the platform zone resolves in
	// containers without /usr/share/zoneinfo (distroless, scratch).
	_ "time/tzdata"
)

// TimezoneEnv names the environment variable that sets the platform time
// zone (DESIGN.md §6, §8).
const TimezoneEnv = "IB_TIMEZONE"

// DefaultTimezone is the platform time zone when TimezoneEnv is unset or
// unknown.
const DefaultTimezone = "Asia/Kolkata"

// Clock tells the current time.
type Clock func() time.Time

var clock atomic.Pointer[Clock]

// Now is the current time by the platform clock: time.Now unless a test
// replaced it with SetClock. Every workflow rule that asks "what time is it"
// goes through Now.
func Now() time.Time {
	if c := clock.Load(); c != nil {
		return (*c)()
	}
	return time.Now()
}

// SetClock makes Now answer with c (nil restores time.Now) and returns a
// function that puts the previous clock back, for t.Cleanup. The clock is
// process-wide: tests that set it must not run in parallel with tests that
// depend on the time.
func SetClock(c Clock) (restore func()) {
	var next *Clock
	if c != nil {
		next = &c
	}
	prev := clock.Swap(next)
	return func() { clock.Store(prev) }
}

// FixedClock is a Clock that always answers t.
func FixedClock(t time.Time) Clock {
	return func() time.Time { return t }
}

var (
	locOnce     sync.Once
	location    atomic.Pointer[time.Location]
	envLocation *time.Location
)

// Location is the platform time zone: IB_TIMEZONE, read once, or
// Asia/Kolkata when it is unset or not a known zone (the server refuses to
// start with an unknown zone; see hooks.ApplyEnv). SetLocation overrides it.
func Location() *time.Location {
	if l := location.Load(); l != nil {
		return l
	}
	locOnce.Do(func() { envLocation = LoadLocation(os.Getenv(TimezoneEnv)) })
	return envLocation
}

// LoadLocation resolves a zone name, falling back to DefaultTimezone (and, in
// the impossible case that the embedded tz database lacks it, UTC) when the
// name is empty or unknown.
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

// SetLocation makes Location answer l (nil restores the zone of
// IB_TIMEZONE) and returns a function that puts the previous one back.
func SetLocation(l *time.Location) (restore func()) {
	prev := location.Swap(l)
	return func() { location.Store(prev) }
}

// DayOf is the calendar day that the instant t falls on in the platform
// time zone, as midnight UTC of that day — the way date-only fields are
// stored. Use StoredDay, not DayOf, for a value read from a date-only field.
func DayOf(t time.Time) time.Time {
	y, m, d := t.In(Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Today is the platform's current calendar day (DayOf(Now())), as midnight
// UTC.
func Today() time.Time {
	return DayOf(Now())
}

// StoredDay is the calendar day held by a date-only field (its UTC date; any
// time of day is dropped), as midnight UTC. Unlike DayOf it never shifts the
// day by the platform zone.
func StoredDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// EndOfDay is the instant a calendar day (a date-only value) ends in the
// platform time zone: midnight at the start of the next day there, in UTC.
// A deadline such as apply_by or due_on is inclusive: it is met by any
// instant strictly before EndOfDay(day).
func EndOfDay(day time.Time) time.Time {
	y, m, d := day.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, Location()).UTC()
}

// DeadlinePassed reports whether the inclusive deadline day is over at now
// in the platform time zone (now is at or after EndOfDay(day)).
func DeadlinePassed(day, now time.Time) bool {
	return !now.Before(EndOfDay(day))
}
