package logbooks

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestValidHours(t *testing.T) {
	t.Parallel()
	tests := []struct {
		h    float64
		want bool
	}{
		{0.5, true}, {1, true}, {7.5, true}, {8, true}, {11.5, true}, {12, true},
		{0, false}, {0.25, false}, {0.49, false}, {7.3, false}, {7.25, false}, {12.5, false},
		{-0.5, false}, {24, false}, {math.NaN(), false}, {math.Inf(1), false}, {1e300, false},
		{0.1 + 0.4, true}, {7.500000000000001, false},
	}
	for _, tt := range tests {
		if got := ValidHours(tt.h); got != tt.want {
			t.Errorf("ValidHours(%v) = %v, want %v", tt.h, got, tt.want)
		}
	}
	if !strings.HasSuffix(HoursMessage, ".") {
		t.Error("HoursMessage is not a sentence")
	}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestInWindow(t *testing.T) {
	t.Parallel()
	start, end := day("2026-06-01"), day("2026-07-31")
	tests := []struct {
		name  string
		date  time.Time
		today time.Time
		want  error
	}{
		{"first day", start, day("2026-06-15"), nil},
		{"today", day("2026-06-15"), day("2026-06-15"), nil},
		{"last day", end, day("2026-09-01"), nil},
		{"time of day ignored", day("2026-06-15").Add(23 * time.Hour), day("2026-06-15"), nil},
		{"day before start", day("2026-05-31"), day("2026-06-15"), ErrBeforeStart},
		{"day after end", day("2026-08-01"), day("2026-09-01"), ErrAfterEnd},
		{"tomorrow", day("2026-06-16"), day("2026-06-15"), ErrFuture},
		{"after end and future", day("2026-08-01"), day("2026-06-15"), ErrAfterEnd},
		{"before start and future", day("2026-05-01"), day("2026-04-01"), ErrBeforeStart},
		{"today before start", day("2026-05-20"), day("2026-05-20"), ErrBeforeStart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := InWindow(tt.date, start, end, tt.today)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("InWindow = %v, want %v", err, tt.want)
			}
			if err != nil {
				var de *DateError
				if !errors.As(err, &de) || !strings.HasSuffix(de.Error(), ".") {
					t.Fatalf("error %#v is not a *DateError sentence", err)
				}
			}
		})
	}
	err := InWindow(day("2026-05-31"), start, end, day("2026-06-15"))
	if want := "Choose a date on or after 1 June 2026, when the internship starts."; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	if err := InWindow(day("1999-01-01"), time.Time{}, time.Time{}, day("2026-01-01")); err != nil {
		t.Errorf("open window: %v", err)
	}
}

func TestStudentAndReview(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status string
		next   string
		ok     bool
		del    bool
	}{
		{"pending", "pending", true, true},
		{"rejected", "pending", true, false},
		{"approved", "approved", false, false},
		{"", "", false, false},
	} {
		next, ok := StudentEdit(tt.status)
		if next != tt.next || ok != tt.ok {
			t.Errorf("StudentEdit(%q) = %q, %v", tt.status, next, ok)
		}
		if StudentMayDelete(tt.status) != tt.del {
			t.Errorf("StudentMayDelete(%q) wrong", tt.status)
		}
	}
	statuses := []string{"pending", "approved", "rejected", ""}
	for _, from := range statuses {
		for _, to := range statuses {
			want := from == "pending" && (to == "approved" || to == "rejected")
			if Machine.Allows(from, to, ActorSupervisor) != want {
				t.Errorf("supervisor %q→%q allowed != %v", from, to, want)
			}
		}
	}
	if !slices.Contains(Machine.Requires("pending", "rejected"), "review_note") || len(Machine.Requires("pending", "approved")) != 0 {
		t.Error("a rejection, and only a rejection, needs a review note")
	}
	if !Machine.Allows("rejected", "pending", ActorStudent) || Machine.Allows("rejected", "pending", ActorSupervisor) || Machine.Exists("approved", "pending") {
		t.Error("only the student's edit sends a rejected entry back; an approved entry never moves")
	}
}

func FuzzValidHours(f *testing.F) {
	for _, h := range []float64{0.5, 7.5, 12, 12.5, 0.25, -1} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h float64) {
		if !ValidHours(h) {
			return
		}
		if h < 0.5 || h > 12 || math.Mod(h*2, 1) != 0 {
			t.Fatalf("ValidHours(%v) = true", h)
		}
	})
}

func FuzzInWindow(f *testing.F) {
	f.Add(int64(0), int64(-10), int64(10), int64(5))
	f.Add(int64(11), int64(-10), int64(10), int64(20))
	f.Add(int64(6), int64(-10), int64(10), int64(5))
	f.Fuzz(func(t *testing.T, date, start, end, today int64) {
		const lim = 1 << 20 // days: keep within time.Time's comfortable range
		if date < -lim || date > lim || start < -lim || start > lim || end < -lim || end > lim || today < -lim || today > lim {
			t.Skip()
		}
		base := day("2026-01-01")
		at := func(n int64) time.Time { return base.AddDate(0, 0, int(n)) }
		err := InWindow(at(date).Add(5*time.Hour), at(start), at(end), at(today))
		switch {
		case date < start:
			if !errors.Is(err, ErrBeforeStart) {
				t.Fatalf("want before start, got %v", err)
			}
		case date > end:
			if !errors.Is(err, ErrAfterEnd) {
				t.Fatalf("want after end, got %v", err)
			}
		case date > today:
			if !errors.Is(err, ErrFuture) {
				t.Fatalf("want future, got %v", err)
			}
		default:
			if err != nil {
				t.Fatalf("want nil, got %v", err)
			}
		}
	})
}
