package internships

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMachine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, to, actor string
		exists, may     bool
	}{
		{StatusDraft, StatusOpen, ActorSupervisor, true, true},
		{StatusDraft, StatusOpen, ActorSystem, true, false},
		{StatusOpen, StatusClosed, ActorSystem, true, true},
		{StatusOpen, StatusClosed, ActorSupervisor, true, true},
		{StatusOpen, StatusCancelled, ActorSupervisor, true, true},
		{StatusClosed, StatusCancelled, ActorSuperuser, true, true},
		{StatusClosed, StatusOpen, ActorSupervisor, false, false},
		{StatusCancelled, StatusOpen, ActorSuperuser, false, false},
		{StatusOpen, StatusDraft, ActorSupervisor, false, false},
		{StatusDraft, StatusCancelled, ActorSupervisor, false, false},
		{StatusDraft, StatusClosed, ActorSupervisor, false, false},
	}
	for _, c := range cases {
		if got := Machine.Exists(c.from, c.to); got != c.exists {
			t.Errorf("Machine.Exists(%s→%s) = %v", c.from, c.to, got)
		}
		if got := Machine.Allows(c.from, c.to, c.actor); got != c.may {
			t.Errorf("Machine.Allows(%s→%s, %s) = %v", c.from, c.to, c.actor, got)
		}
	}
}

func TestCheckOpen(t *testing.T) {
	t.Parallel()
	today := day("2026-11-21")
	cases := []struct {
		name                  string
		fee                   float64
		charges, verified     bool
		starts, ends, applyBy string
		field, code           string
	}{
		{"ok", 0, false, true, "2026-12-01", "2027-01-31", "2026-11-30", "", ""},
		{"deadline today is fine", 0, false, true, "2026-12-01", "2027-01-31", "2026-11-21", "", ""},
		{"same day start and end", 0, false, true, "2026-12-01", "2026-12-01", "2026-12-01", "", ""},
		{"fee", 500, false, true, "2026-12-01", "2027-01-31", "2026-11-30", "fee", "ib_fee"},
		{"organization charges", 0, true, true, "2026-12-01", "2027-01-31", "2026-11-30", "fee", "ib_fee"},
		{"unverified host", 0, false, false, "2026-12-01", "2027-01-31", "2026-11-30", "status", "ib_unverified"},
		{"fee before unverified", 500, false, false, "2026-12-01", "2027-01-31", "2026-11-30", "fee", "ib_fee"},
		{"deadline past", 0, false, true, "2026-12-01", "2027-01-31", "2026-11-20", "apply_by", "ib_out_of_range"},
		{"ends before start", 0, false, true, "2026-12-01", "2026-11-30", "2026-11-25", "ends_on", "ib_out_of_range"},
		{"deadline after start", 0, false, true, "2026-12-01", "2027-01-31", "2026-12-02", "apply_by", "ib_out_of_range"},
	}
	for _, c := range cases {
		p := CheckOpen(c.fee, c.charges, c.verified, day(c.starts), day(c.ends), day(c.applyBy), today)
		if c.field == "" {
			if p != nil {
				t.Errorf("%s: %+v", c.name, p)
			}
			continue
		}
		if p == nil || p.Field != c.field || p.Code != c.code {
			t.Errorf("%s: got %+v, want %s on %s", c.name, p, c.code, c.field)
		}
	}
}

func TestCheckSkills(t *testing.T) {
	t.Parallel()
	long := `["abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijX"]`
	thirty, thirtyOne := "[", "["
	for i := 0; i < 31; i++ {
		if i > 0 {
			thirtyOne += ","
			if i < 30 {
				thirty += ","
			}
		}
		if i < 30 {
			thirty += `"s"`
		}
		thirtyOne += `"s"`
	}
	thirty, thirtyOne = thirty+"]", thirtyOne+"]"
	cases := []struct {
		raw string
		ok  bool
	}{
		{"", true}, {"null", true}, {"[]", true}, {`["Go","SQL"]`, true}, {thirty, true},
		{`["മലയാളം ഭാഷാ പരിജ്ഞാനം"]`, true},
		{"42", false}, {`"Go"`, false}, {`{"a":1}`, false}, {`[1,{"a":2}]`, false}, {`["Go",null]`, false},
		{`[""]`, false}, {`["  "]`, false}, {thirtyOne, false}, {long, false},
	}
	for _, tc := range cases {
		if got := CheckSkills([]byte(tc.raw)) == ""; got != tc.ok {
			t.Errorf("CheckSkills(%s) ok=%v, want %v", tc.raw, got, tc.ok)
		}
	}
}

func TestCourseAdmissible(t *testing.T) {
	t.Parallel()
	cases := []struct {
		published bool
		inst      string
		eligible  []string
		want      bool
	}{
		{true, "", nil, true},
		{true, "", []string{"a", "b"}, true},
		{false, "", nil, false},
		{true, "a", nil, false},
		{true, "a", []string{"a"}, true},
		{false, "a", []string{"a"}, false},
		{true, "a", []string{"b"}, false},
		{true, "a", []string{"a", "b"}, false},
	}
	for _, tc := range cases {
		if got := CourseAdmissible(tc.published, tc.inst, tc.eligible); got != tc.want {
			t.Errorf("CourseAdmissible(%v, %q, %v) = %v", tc.published, tc.inst, tc.eligible, got)
		}
	}
}
