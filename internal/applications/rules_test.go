package applications

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/internbase/internbase/internal/status"
)

// designTable is DESIGN.md §3's machine written out independently of the
// machine map: "from>to" → the actors that may make the move.
var designTable = map[string][]string{
	"submitted>endorsed":    {"coordinator"},
	"submitted>rejected":    {"coordinator"},
	"endorsed>shortlisted":  {"supervisor"},
	"endorsed>offered":      {"supervisor"},
	"shortlisted>offered":   {"supervisor"},
	"endorsed>rejected":     {"supervisor"},
	"shortlisted>rejected":  {"supervisor"},
	"offered>accepted":      {"student"},
	"offered>declined":      {"student", "system"},
	"offered>expired":       {"system"},
	"submitted>withdrawn":   {"student", "system"},
	"endorsed>withdrawn":    {"student", "system"},
	"shortlisted>withdrawn": {"student", "system"},
	"offered>withdrawn":     {"system"},
}

var allActors = []string{"student", "coordinator", "supervisor", "system", "superuser", "mentor", ""}

func TestMoveExhaustive(t *testing.T) {
	t.Parallel()
	statuses := append(slices.Clone(Machine.States), "", "bogus")
	for _, from := range statuses {
		for _, to := range statuses {
			for _, actor := range allActors {
				err := Machine.Check(from, to, actor)
				actors, exists := designTable[from+">"+to]
				switch {
				case !exists:
					if !errors.Is(err, status.ErrInvalidTransition) {
						t.Errorf("Machine.Check(%q,%q,%q) = %v, want invalid transition", from, to, actor, err)
					}
				case actor == "superuser" || slices.Contains(actors, actor):
					if err != nil {
						t.Errorf("Machine.Check(%q,%q,%q) = %v, want allowed", from, to, actor, err)
					}
				default:
					if !errors.Is(err, status.ErrMoveForbidden) {
						t.Errorf("Machine.Check(%q,%q,%q) = %v, want forbidden", from, to, actor, err)
					}
				}
				if err != nil {
					var me *status.MoveError
					if !errors.As(err, &me) {
						t.Fatalf("Machine.Check(%q,%q,%q) error %T is not *status.MoveError", from, to, actor, err)
					}
					if me.Forbidden() != errors.Is(err, status.ErrMoveForbidden) {
						t.Errorf("Forbidden() disagrees with errors.Is for %q→%q", from, to)
					}
					checkSentence(t, err.Error())
				}
			}
		}
	}
	if len(Machine.Moves) != len(designTable) {
		t.Errorf("machine has %d moves, design %d", len(Machine.Moves), len(designTable))
	}
}

func TestTerminalNeverChanges(t *testing.T) {
	t.Parallel()
	for _, from := range Machine.States {
		if !Machine.Terminal(from) {
			continue
		}
		for _, to := range Machine.States {
			for _, actor := range allActors {
				if err := Machine.Check(from, to, actor); !errors.Is(err, status.ErrInvalidTransition) {
					t.Errorf("terminal %s → %s by %q: %v", from, to, actor, err)
				}
			}
		}
		if got := targets(from, ActorSuperuser); len(got) != 0 {
			t.Errorf("Targets(%s, superuser) = %v", from, got)
		}
	}
}

func TestMoveMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to, actor string
		want            string
	}{
		{"accepted", "withdrawn", "student", "This application is accepted and can no longer change."},
		{"submitted", "offered", "supervisor", "An application that is submitted cannot become offered; it can become endorsed, rejected or withdrawn."},
		{"submitted", "nonsense", "student", "Choose a status of the application: submitted, endorsed, shortlisted, offered, accepted, declined, rejected, withdrawn, expired."},
		{"offered", "offered", "student", "The application is already offered."},
		{"submitted", "endorsed", "student", "Only the coordinator of the student's institution can endorse this application."},
		{"endorsed", "offered", "coordinator", "Only the host organization's supervisor can make an offer on this application."},
		{"offered", "accepted", "supervisor", "Only the student who applied can accept this offer."},
		{"offered", "expired", "student", "An offer expires on its own when its deadline passes."},
		{"offered", "withdrawn", "student", "An offer cannot be withdrawn; the student may decline it instead."},
	}
	for _, tt := range tests {
		err := Machine.Check(tt.from, tt.to, tt.actor)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Machine.Check(%q,%q,%q) = %v, want %q", tt.from, tt.to, tt.actor, err, tt.want)
		}
	}
}

// targets are the statuses actor may move an application to from from, in
// workflow order.
func targets(from, actor string) []string {
	var out []string
	for _, to := range Machine.Next(from) {
		if Machine.Allows(from, to, actor) {
			out = append(out, to)
		}
	}
	return out
}

func TestTargets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, actor string
		want        []string
	}{
		{"submitted", "coordinator", []string{"endorsed", "rejected"}},
		{"submitted", "student", []string{"withdrawn"}},
		{"endorsed", "supervisor", []string{"shortlisted", "offered", "rejected"}},
		{"shortlisted", "supervisor", []string{"offered", "rejected"}},
		{"offered", "student", []string{"accepted", "declined"}},
		{"offered", "system", []string{"declined", "withdrawn", "expired"}},
		{"offered", "superuser", []string{"accepted", "declined", "withdrawn", "expired"}},
		{"endorsed", "mentor", nil},
	}
	for _, tt := range tests {
		if got := targets(tt.from, tt.actor); !slices.Equal(got, tt.want) {
			t.Errorf("Targets(%q,%q) = %v, want %v", tt.from, tt.actor, got, tt.want)
		}
	}
}

func TestPredicates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status                                       string
		terminal, pending, editable, cancelWithdraws bool
	}{
		{"submitted", false, true, true, true},
		{"endorsed", false, true, false, true},
		{"shortlisted", false, true, false, true},
		{"offered", false, false, false, true},
		{"accepted", true, false, false, false},
		{"declined", true, false, false, false},
		{"rejected", true, false, false, false},
		{"withdrawn", true, false, false, false},
		{"expired", true, false, false, false},
		{"", false, false, false, false},
	}
	for _, tt := range tests {
		if got := Machine.Terminal(tt.status); got != tt.terminal {
			t.Errorf("Machine.Terminal(%q) = %v", tt.status, got)
		}
		if got := Pending(tt.status); got != tt.pending {
			t.Errorf("Pending(%q) = %v", tt.status, got)
		}
		if got := EditableContent(tt.status); got != tt.editable {
			t.Errorf("EditableContent(%q) = %v", tt.status, got)
		}
		if got := CancelWithdraws(tt.status); got != tt.cancelWithdraws {
			t.Errorf("CancelWithdraws(%q) = %v", tt.status, got)
		}
		if Machine.Valid(tt.status) != (tt.status != "") {
			t.Errorf("Machine.Valid(%q) wrong", tt.status)
		}
	}
}

func TestRequiresReason(t *testing.T) {
	t.Parallel()
	for _, from := range Machine.States {
		for _, to := range Machine.States {
			want := to == "rejected" && (from == "submitted" || from == "endorsed" || from == "shortlisted")
			if got := slices.Contains(Machine.Requires(from, to), "reason"); got != want {
				t.Errorf("RequiresReason(%q,%q) = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestSeatsAvailable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		offered, accepted, seats int
		want                     bool
	}{
		{0, 0, 1, true},
		{1, 0, 1, false},
		{0, 1, 1, false},
		{1, 1, 3, true},
		{2, 1, 3, false},
		{0, 0, 0, false},
		{3, 2, 4, false},
	}
	for _, tt := range tests {
		if got := SeatsAvailable(tt.offered, tt.accepted, tt.seats); got != tt.want {
			t.Errorf("SeatsAvailable(%d,%d,%d) = %v", tt.offered, tt.accepted, tt.seats, got)
		}
	}
}

func TestOfferExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC)
	exp := DefaultOfferExpiry(now)
	if want := time.Date(2026, 4, 5, 23, 30, 0, 0, time.UTC); !exp.Equal(want) {
		t.Fatalf("DefaultOfferExpiry = %v, want %v", exp, want)
	}
	tests := []struct {
		at   time.Time
		want bool
	}{
		{exp.Add(-time.Second), false},
		{exp, true},
		{exp.Add(time.Nanosecond), true},
	}
	for _, tt := range tests {
		if got := OfferExpired(exp, tt.at); got != tt.want {
			t.Errorf("OfferExpired(%v, %v) = %v", exp, tt.at, got)
		}
	}
	if OfferExpired(time.Time{}, now) {
		t.Error("a zero expiry must never expire")
	}
}

func checkSentence(t *testing.T, s string) {
	t.Helper()
	if s == "" || !strings.HasSuffix(s, ".") || strings.ToUpper(s[:1]) != s[:1] {
		t.Errorf("message %q is not a sentence", s)
	}
}

func FuzzMove(f *testing.F) {
	f.Add("submitted", "endorsed", "coordinator")
	f.Add("offered", "accepted", "student")
	f.Add("offered", "expired", "superuser")
	f.Add("accepted", "withdrawn", "system")
	f.Add("", "", "")
	f.Add("shortlisted", "bogus", "mentor")
	f.Fuzz(func(t *testing.T, from, to, actor string) {
		err := Machine.Check(from, to, actor)
		if Machine.Terminal(from) && err == nil {
			t.Fatalf("terminal %q moved to %q", from, to)
		}
		if err == nil {
			if !Machine.Exists(from, to) || from == to {
				t.Fatalf("Machine.Check(%q,%q,%q) allowed a move outside the machine", from, to, actor)
			}
			return
		}
		invalid, forbidden := errors.Is(err, status.ErrInvalidTransition), errors.Is(err, status.ErrMoveForbidden)
		if invalid == forbidden {
			t.Fatalf("Machine.Check(%q,%q,%q) = %v: exactly one kind expected", from, to, actor, err)
		}
		if invalid == Machine.Exists(from, to) {
			t.Fatalf("kind disagrees with Exists for %q→%q", from, to)
		}
		if forbidden && Machine.Check(from, to, ActorSuperuser) != nil {
			t.Fatalf("superuser refused an existing move %q→%q", from, to)
		}
		checkSentence(t, err.Error())
	})
}
