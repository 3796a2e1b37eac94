package placements_test

import (
	"testing"
	"time"

	"github.com/internbase/internbase/internal/placements"
)

func day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestUpcoming(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		starts, today string
		want          bool
	}{
		{"2028-03-01", "2028-02-29", true},
		{"2028-03-01", "2028-03-01", false},
		{"2028-03-01", "2028-03-02", false},
		{"", "2028-03-02", false},
	} {
		if got := placements.Upcoming(day(tc.starts), day(tc.today)); got != tc.want {
			t.Errorf("Upcoming(%s, %s) = %v", tc.starts, tc.today, got)
		}
	}
	// A stored day read with a time of day is still that day.
	if placements.Upcoming(day("2028-03-01").Add(23*time.Hour), day("2028-03-01")) {
		t.Error("the start day itself is upcoming")
	}
}

func TestPeriodEnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ ends, completed, want string }{
		{"2028-04-30", "2028-02-29", "2028-02-29"}, // completed early
		{"2028-02-10", "2028-02-29", "2028-02-10"}, // completed after the end
		{"2028-02-29", "2028-02-29", "2028-02-29"},
		{"2028-04-30", "", "2028-04-30"},
		{"", "2028-02-29", "2028-02-29"},
	} {
		if got := placements.PeriodEnd(day(tc.ends), day(tc.completed)); !got.Equal(day(tc.want)) {
			t.Errorf("PeriodEnd(%s, %s) = %s, want %s", tc.ends, tc.completed, got.Format(time.DateOnly), tc.want)
		}
	}
}
