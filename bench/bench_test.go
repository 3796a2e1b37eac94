package main

import (
	"regexp"
	"testing"
	"time"
)

func TestIDsArePocketBaseShaped(t *testing.T) {
	t.Parallel()
	g := &idGen{state: 1}
	re := regexp.MustCompile(`^[a-z0-9]{15}$`)
	seen := map[string]bool{}
	for i := 0; i < 100000; i++ {
		id := g.next()
		if !re.MatchString(id) {
			t.Fatalf("id %q is not 15 chars of [a-z0-9]", id)
		}
		if seen[id] {
			t.Fatalf("id %q drawn twice", id)
		}
		seen[id] = true
	}
}

func TestDatesAreStoredLikePocketBase(t *testing.T) {
	t.Parallel()
	d := time.Date(2026, 1, 2, 13, 4, 5, 6e6, time.UTC)
	if got := day(d); got != "2026-01-02 00:00:00.000Z" {
		t.Errorf("day = %q", got)
	}
	if got := ts(d); got != "2026-01-02 13:04:05.006Z" {
		t.Errorf("ts = %q", got)
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(101-i)*time.Millisecond)
	}
	if p := percentile(ds, 0.5); p != 50*time.Millisecond {
		t.Errorf("p50 = %s", p)
	}
	if p := percentile(ds, 0.99); p != 99*time.Millisecond {
		t.Errorf("p99 = %s", p)
	}
	if p := percentile(nil, 0.99); p != 0 {
		t.Errorf("p99 of nothing = %s", p)
	}
}

func TestBoundSQLShowsParameters(t *testing.T) {
	t.Parallel()
	got := boundSQL("SELECT [[a.b]] FROM {{t}} WHERE x={:p} AND y IN ({:a}, {:b}, {:c}, {:d})",
		map[string]any{"p": "it's", "a": "1", "b": "2", "c": "3", "d": "4"})
	want := "SELECT `a`.`b` FROM `t` WHERE x='it''s' AND y IN ('1', '2', '3', … 1 more)"
	if got != want {
		t.Errorf("boundSQL =\n%s\nwant\n%s", got, want)
	}
}

func TestScanCheck(t *testing.T) {
	t.Parallel()
	for detail, large := range map[string]bool{
		"SCAN applications": true,
		"SCAN users USING INDEX idx_tokenKey__pb_users_auth_":                  true,
		"SEARCH applications USING INDEX idx_applications_student (student=?)": false,
		"SCAN institutions": false,
	} {
		m := scanRe.FindStringSubmatch(detail)
		if got := m != nil && largeTables[m[1]]; got != large {
			t.Errorf("%q: large scan %v, want %v", detail, got, large)
		}
	}
}
