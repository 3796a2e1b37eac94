package apptest

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/clock"
)

// TestNowEnv names the environment variable that moves the clock of every
// test app: an RFC 3339 instant ("2028-02-29T23:30:00+05:30") or a day
// ("2028-02-29", 10:00 in the platform zone). Test apps start at that instant
// and their clocks run at real speed from there, so the whole suite can be
// run on any day (make test runs it once on a day far from today).
const TestNowEnv = "IB_TEST_NOW"

// testOffset is how far IB_TEST_NOW is from the real time when the test
// binary started (zero when unset). It never changes after start-up.
var testOffset, testOffsetErr = parseTestNow(os.Getenv(TestNowEnv), time.Now())

func parseTestNow(v string, now time.Time) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.Sub(now), nil
	}
	loc := clock.LoadLocation(os.Getenv(clock.TimezoneEnv))
	if d, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
		return d.Add(10 * time.Hour).Sub(now), nil
	}
	return 0, fmt.Errorf("%s=%q is neither an RFC 3339 time nor a YYYY-MM-DD day", TestNowEnv, v)
}

// UseTestClock sets app's clock to the test clock (IB_TEST_NOW, running at
// real speed) when IB_TEST_NOW is set. NewApp does it for every app; call it
// for an app made another way.
func UseTestClock(t testing.TB, app core.App) {
	t.Helper()
	if testOffsetErr != nil {
		t.Fatal(testOffsetErr)
	}
	if testOffset != 0 {
		offset := testOffset
		clock.Set(app, func() time.Time { return time.Now().Add(offset) })
	}
}

// Now is the test clock's current time: IB_TEST_NOW moved on by the time the
// tests have run, or the real time when it is unset.
func Now() time.Time { return time.Now().Add(testOffset) }

// Today is the test clock's calendar day in the platform zone (IB_TIMEZONE),
// for fixtures written before an app exists. With an app, use Day.
func Today() time.Time {
	return clock.Zone{Loc: clock.LoadLocation(os.Getenv(clock.TimezoneEnv))}.DayOf(Now())
}
