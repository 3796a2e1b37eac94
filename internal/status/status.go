// Package status is the one status machine of Internbase. Every status field
// of the workflow (internships, applications, placements, logbook entries,
// submissions, evaluations, certificates) is a Machine declared by the
// domain that owns it: its states, its moves, who may make each move and
// what each move requires. Hooks ask the machine; they do not spell the
// moves again.
package status

import (
	"errors"
	"slices"
	"strings"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/pocketbase/pocketbase/core"
)

// Actors of a move besides the roles of the users collection.
const (
	// Superuser is a platform operator. Superusers never bypass a machine:
	// they may make every move that exists in it, whoever it normally
	// belongs to (for support), but never a move that is not in it.
	Superuser = "superuser"
	// System is the server itself: cron jobs and the side effects of other
	// moves.
	System = "system"
)

// Move is one from → to move of a machine.
type Move struct {
	From, To string
	// By are the actors who may make the move (superusers aside).
	By []string
	// Requires are the fields that must hold a non-blank value for the move
	// (e.g. the reason of a rejection).
	Requires []string
	// Verb says what the move does, for the 403 answered to an actor who may
	// not make it: "endorse this application". Empty: "make this <noun>
	// <to>".
	Verb string
	// Refusal, when set, is the whole 403 message instead.
	Refusal string
}

// Machine is the status machine of one status field.
type Machine struct {
	// Noun names a record in messages: "application".
	Noun string
	// States are every status, in workflow order: the values of the
	// collection's status select field.
	States []string
	// Moves are every move of the machine.
	Moves []Move
	// Actors are how messages name each actor: "the student who applied".
	Actors map[string]string
}

// ErrInvalidTransition is matched (errors.Is) by a *MoveError for a move
// that is not in the machine: 400 ib_invalid_transition.
var ErrInvalidTransition = errors.New("status: move not in the machine")

// ErrMoveForbidden is matched (errors.Is) by a *MoveError for a move that
// exists but not for the caller: 403.
var ErrMoveForbidden = errors.New("status: move not allowed for this actor")

// MoveError is the refusal of Check. Its Error is a sentence for the user;
// errors.Is tells which kind it is.
type MoveError struct {
	From, To, Actor string
	// Kind is ErrInvalidTransition or ErrMoveForbidden.
	Kind    error
	Message string
}

// Error returns the user-facing sentence.
func (e *MoveError) Error() string { return e.Message }

// Unwrap returns the kind, for errors.Is.
func (e *MoveError) Unwrap() error { return e.Kind }

// Forbidden reports whether the move exists but not for this actor (403);
// otherwise it is not in the machine at all (400).
func (e *MoveError) Forbidden() bool { return e.Kind == ErrMoveForbidden }

// API is the answer to the refused request: 403 with the message, or 400
// ib_invalid_transition on the status field.
func (e *MoveError) API() error {
	if e.Forbidden() {
		return apierror.Forbidden(e.Message)
	}
	return apierror.FieldError("status", apierror.CodeInvalidTransition, e.Message)
}

// Model is the error of a model hook (which runs for every save, without a
// request): the per-field ib_invalid_transition, answered as a 400 whoever
// saved the record.
func (e *MoveError) Model() error {
	return apierror.ValidationError("status", apierror.CodeInvalidTransition, e.Message)
}

func (m *Machine) move(from, to string) (Move, bool) {
	for _, mv := range m.Moves {
		if mv.From == from && mv.To == to {
			return mv, true
		}
	}
	return Move{}, false
}

// Valid reports whether s is one of the machine's states.
func (m *Machine) Valid(s string) bool { return slices.Contains(m.States, s) }

// Exists reports whether from → to is a move of the machine, for anyone.
func (m *Machine) Exists(from, to string) bool {
	_, ok := m.move(from, to)
	return ok
}

// Allows reports whether actor may make the move from → to (superusers may
// make every move that exists).
func (m *Machine) Allows(from, to, actor string) bool {
	mv, ok := m.move(from, to)
	return ok && (actor == Superuser || slices.Contains(mv.By, actor))
}

// Terminal reports whether s is a state no move leaves.
func (m *Machine) Terminal(s string) bool {
	return m.Valid(s) && len(m.Next(s)) == 0
}

// Next returns the states a move leads to from from, in workflow order.
func (m *Machine) Next(from string) []string {
	var out []string
	for _, s := range m.States {
		if m.Exists(from, s) {
			out = append(out, s)
		}
	}
	return out
}

// Requires returns the fields the move from → to needs (nil when it needs
// none or does not exist).
func (m *Machine) Requires(from, to string) []string {
	mv, _ := m.move(from, to)
	return mv.Requires
}

// Check checks that actor may move a record from one status to another. It
// returns nil when allowed, or a *MoveError matching ErrInvalidTransition
// (not in the machine; refused as such whoever asks) or ErrMoveForbidden
// (in it, but not for this actor). from == to is not a move: callers check
// only when the status changes.
func (m *Machine) Check(from, to, actor string) error {
	mv, ok := m.move(from, to)
	if !ok {
		return &MoveError{From: from, To: to, Actor: actor, Kind: ErrInvalidTransition, Message: m.invalidMessage(from, to)}
	}
	if actor == Superuser || slices.Contains(mv.By, actor) {
		return nil
	}
	return &MoveError{From: from, To: to, Actor: actor, Kind: ErrMoveForbidden, Message: m.forbiddenMessage(mv)}
}

// Enforce is Check answered as an API error: nil when actor may make the
// move, else the 403 or the 400 ib_invalid_transition of MoveError.API.
// Model hooks pass Superuser to check only that the move exists.
func (m *Machine) Enforce(from, to, actor string) error {
	var me *MoveError
	if errors.As(m.Check(from, to, actor), &me) {
		return me.API()
	}
	return nil
}

// Missing returns the first field the move from → to requires that r leaves
// blank, or "" when it has them all.
func (m *Machine) Missing(from, to string, r *core.Record) string {
	for _, f := range m.Requires(from, to) {
		if strings.TrimSpace(r.GetString(f)) == "" {
			return f
		}
	}
	return ""
}

func (m *Machine) invalidMessage(from, to string) string {
	switch {
	case !m.Valid(to):
		return "Choose a status of the " + m.Noun + ": " + strings.Join(m.States, ", ") + "."
	case from == to:
		return "The " + m.Noun + " is already " + to + "."
	case m.Terminal(from):
		return "This " + m.Noun + " is " + from + " and can no longer change."
	case !m.Valid(from):
		return "This " + m.Noun + " has an unknown status and cannot move to " + to + "."
	}
	return article(m.Noun) + " " + m.Noun + " that is " + from + " cannot become " + to + "; it can become " + joinOr(m.Next(from)) + "."
}

// Refusals returns every sentence the machine answers a caller who may not
// make one of its moves (for the catalog of translations, which must know
// each: internal/i18n).
func (m *Machine) Refusals() []string {
	out := make([]string, 0, len(m.Moves))
	for _, mv := range m.Moves {
		out = append(out, m.forbiddenMessage(mv))
	}
	return out
}

func (m *Machine) forbiddenMessage(mv Move) string {
	if mv.Refusal != "" {
		return mv.Refusal
	}
	var who []string
	for _, a := range mv.By {
		if n, ok := m.Actors[a]; ok {
			who = append(who, n)
		}
	}
	verb := mv.Verb
	if verb == "" {
		verb = "make this " + m.Noun + " " + mv.To
	}
	return "Only " + joinOr(who) + " can " + verb + "."
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "An"
	}
	return "A"
}

func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return "nothing"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
