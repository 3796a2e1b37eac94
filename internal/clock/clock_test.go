package clock

import (
	"os"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLoadLocation(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "Asia/Kolkata"},
		{"Mars/Olympus", "Asia/Kolkata"},
		{"UTC", "UTC"},
		{"Europe/Berlin", "Europe/Berlin"},
		{"America/New_York", "America/New_York"},
	}
	for _, tt := range tests {
		if got := LoadLocation(tt.in).String(); got != tt.want {
			t.Errorf("LoadLocation(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	app := newApp(t)
	if got, want := Location(app).String(), LoadLocation(os.Getenv(TimezoneEnv)).String(); got != want {
		t.Errorf("Location() = %s, want %s from the environment", got, want)
	}
}

func TestSetAndLocationPerApp(t *testing.T) {
	t.Parallel()
	a, b := newApp(t), newApp(t)
	fixed := time.Date(2026, 11, 21, 10, 4, 5, 0, time.UTC)
	Set(a, Fixed(fixed))
	if !Now(a).Equal(fixed) {
		t.Fatalf("Now(a) = %v", Now(a))
	}
	if d := time.Since(Now(b)); d < -time.Minute || d > time.Minute {
		t.Fatalf("setting a's clock moved b's: %v", Now(b))
	}
	// A transaction's app reads the same clock.
	if err := a.RunInTransaction(func(tx core.App) error {
		if !Now(tx).Equal(fixed) {
			t.Errorf("Now(tx) = %v", Now(tx))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	Set(a, From(fixed.AddDate(1, 0, 0)))
	if d := Now(a).Sub(fixed.AddDate(1, 0, 0)); d < 0 || d > time.Minute {
		t.Fatalf("From clock = %v", Now(a))
	}
	Set(a, nil)
	if d := time.Since(Now(a)); d < -time.Minute || d > time.Minute {
		t.Fatalf("restored clock is not time.Now: %v", Now(a))
	}

	SetLocation(a, time.UTC)
	if Location(a) != time.UTC {
		t.Fatal("SetLocation ignored")
	}
	if Location(b) == time.UTC && os.Getenv(TimezoneEnv) != "UTC" {
		t.Fatal("SetLocation of a changed b")
	}
	SetLocation(a, nil)
	if Location(a).String() != LoadLocation(os.Getenv(TimezoneEnv)).String() {
		t.Fatal("SetLocation(nil) did not restore the zone of the environment")
	}
}

func newApp(t testing.TB) core.App {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	return app
}

func TestDays(t *testing.T) {
	t.Parallel()
	z := Zone{Loc: mustZone(t, "Asia/Kolkata")}
	app := newApp(t)
	SetLocation(app, z.Loc)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"IST morning is the same UTC day", time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC), day("2026-06-15")},
		{"18:29 UTC is 23:59 IST", time.Date(2026, 6, 15, 18, 29, 59, 0, time.UTC), day("2026-06-15")},
		{"18:30 UTC is already tomorrow in IST", time.Date(2026, 6, 15, 18, 30, 0, 0, time.UTC), day("2026-06-16")},
		{"year end", time.Date(2026, 12, 31, 19, 0, 0, 0, time.UTC), day("2027-01-01")},
		{"any input zone", time.Date(2026, 6, 15, 23, 0, 0, 0, mustZone(t, "America/Los_Angeles")), day("2026-06-16")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := z.DayOf(tt.now); !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("DayOf(%v) = %v, want %v", tt.now, got, tt.want)
			}
			Set(app, Fixed(tt.now))
			if got := Today(app); !got.Equal(tt.want) {
				t.Errorf("Today() = %v, want %v", got, tt.want)
			}
		})
	}

	// apply_by 2026-06-15 is open through 23:59:59 IST = 18:29:59 UTC.
	applyBy := day("2026-06-15")
	end := z.EndOfDay(applyBy)
	if want := time.Date(2026, 6, 15, 18, 30, 0, 0, time.UTC); !end.Equal(want) || end.Location() != time.UTC {
		t.Fatalf("EndOfDay = %v, want %v", end, want)
	}
	for _, tt := range []struct {
		now    time.Time
		passed bool
	}{
		{time.Date(2026, 6, 15, 18, 29, 59, 999999999, time.UTC), false},
		{time.Date(2026, 6, 15, 18, 30, 0, 0, time.UTC), true},
		{time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 6, 16, 0, 0, 0, 0, time.UTC), true},
	} {
		if got := z.DeadlinePassed(applyBy, tt.now); got != tt.passed {
			t.Errorf("DeadlinePassed(%v) = %v", tt.now, got)
		}
	}
	// A stray time of day in a stored date does not move the deadline.
	if !z.EndOfDay(applyBy.Add(13 * time.Hour)).Equal(end) {
		t.Error("EndOfDay depends on the time of day")
	}
	if got := StoredDay(time.Date(2026, 6, 15, 23, 59, 0, 0, time.UTC)); !got.Equal(applyBy) {
		t.Errorf("StoredDay = %v", got)
	}
}

func TestDaysWestOfUTC(t *testing.T) {
	t.Parallel()
	z := Zone{Loc: mustZone(t, "America/New_York")}
	stored := time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC) // DST starts in New York that day
	if got := StoredDay(stored); !got.Equal(stored) {
		t.Errorf("StoredDay shifted a stored date to %v", got)
	}
	if got := z.DayOf(stored); !got.Equal(stored.AddDate(0, 0, -1)) {
		t.Errorf("DayOf(midnight UTC) in New York = %v, want the previous day", got)
	}
	// 2026-03-08 has 23 hours in New York; it ends at 2026-03-09 04:00 UTC (EDT).
	if got, want := z.EndOfDay(stored), time.Date(2026, 3, 9, 4, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("EndOfDay = %v, want %v", got, want)
	}
}

func FuzzDeadline(f *testing.F) {
	f.Add(int64(1781548199), int64(0), "Asia/Kolkata")
	f.Add(int64(1773028800), int64(-3), "America/New_York")
	f.Add(int64(0), int64(1), "Pacific/Kiritimati")
	f.Add(int64(1700000000), int64(0), "Pacific/Pago_Pago")
	f.Fuzz(func(t *testing.T, unix, offsetDays int64, zone string) {
		if unix < -1<<40 || unix > 1<<40 || offsetDays < -400 || offsetDays > 400 {
			t.Skip()
		}
		l, err := time.LoadLocation(zone)
		if err != nil {
			t.Skip()
		}
		z := Zone{Loc: l}
		now := time.Unix(unix, 0)
		today := z.DayOf(now)
		if today.Hour() != 0 || today.Minute() != 0 || today.Location() != time.UTC {
			t.Fatalf("DayOf(%v) = %v is not midnight UTC", now, today)
		}
		if !StoredDay(today).Equal(today) {
			t.Fatal("StoredDay(DayOf) changed the day")
		}
		deadline := today.AddDate(0, 0, int(offsetDays))
		// The deadline has passed exactly when today is after it.
		if got, want := z.DeadlinePassed(deadline, now), today.After(deadline); got != want {
			t.Fatalf("DeadlinePassed(%v, %v in %s) = %v, want %v (end %v)", deadline, now, zone, got, want, z.EndOfDay(deadline))
		}
	})
}

func TestSwapRestoresTheClockBefore(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	first := time.Date(2028, 2, 29, 18, 0, 0, 0, time.UTC)
	Set(a, Fixed(first))
	restore := Swap(a, Fixed(first.AddDate(0, -2, 0)))
	if !Now(a).Equal(first.AddDate(0, -2, 0)) {
		t.Fatalf("Now after Swap = %v", Now(a))
	}
	Set(a, Fixed(first.AddDate(0, -1, 0))) // moved on meanwhile
	restore()
	if !Now(a).Equal(first) {
		t.Fatalf("Now after restore = %v, want %v", Now(a), first)
	}

	b := newApp(t)
	restore = Swap(b, Fixed(first))
	restore()
	if d := time.Since(Now(b)); d < -time.Minute || d > time.Minute {
		t.Fatalf("restoring a clock that followed time.Now gave %v", Now(b))
	}
}
