package logbooks

import (
	"errors"
	"math"
	"time"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/status"
)

// calendarDay is the calendar day held by a date-only value, as midnight UTC.
func calendarDay(t time.Time) time.Time { return clock.StoredDay(t) }

// Hours of one logbook entry: MinHours to MaxHours in steps of HoursStep.
const (
	MinHours  = 0.5
	MaxHours  = 12
	HoursStep = 0.5
)

// dateLayout is how a calendar day is shown to people.
const dateLayout = "2 January 2006"

// ValidHours reports whether h is an allowed number of hours for one day:
// 0.5 to 12 in steps of 0.5.
func ValidHours(h float64) bool {
	return h >= MinHours && h <= MaxHours && h/HoursStep == math.Trunc(h/HoursStep)
}

// HoursMessage is the sentence answered when ValidHours is false.
const HoursMessage = "Log from 0.5 to 12 hours for a day, in steps of half an hour."

// Reasons a logbook date is refused; a *DateError matches one of them with
// errors.Is.
var (
	ErrBeforeStart = errors.New("logbooks: date before the internship starts")
	ErrAfterEnd    = errors.New("logbooks: date after the internship ends")
	ErrFuture      = errors.New("logbooks: date in the future")
)

// DateError refuses a logbook date (ib_out_of_range); Error is a sentence
// for the student.
type DateError struct {
	// Reason is ErrBeforeStart, ErrAfterEnd or ErrFuture.
	Reason  error
	Message string
}

// Error returns the user-facing sentence.
func (e *DateError) Error() string { return e.Message }

// Unwrap returns the reason, for errors.Is.
func (e *DateError) Unwrap() error { return e.Reason }

// InWindow checks that a logbook date lies within the internship's
// startsOn … endsOn (inclusive) and is not after today. All four are
// calendar days stored as midnight UTC (any time of day is ignored); today is
// the platform's today (clock.Today). A zero startsOn or endsOn leaves that
// side open. It returns nil or a *DateError, checked in that order.
func InWindow(date, startsOn, endsOn, today time.Time) error {
	date = calendarDay(date)
	switch {
	case !startsOn.IsZero() && date.Before(calendarDay(startsOn)):
		return &DateError{Reason: ErrBeforeStart, Message: "Choose a date on or after " + calendarDay(startsOn).Format(dateLayout) + ", when the internship starts."}
	case !endsOn.IsZero() && date.After(calendarDay(endsOn)):
		return &DateError{Reason: ErrAfterEnd, Message: "Choose a date on or before " + calendarDay(endsOn).Format(dateLayout) + ", when the internship ends."}
	case date.After(calendarDay(today)):
		return &DateError{Reason: ErrFuture, Message: "You cannot log a day in the future; choose today or an earlier date."}
	}
	return nil
}

// Actors of a logbook entry's machine.
const (
	ActorStudent    = access.RoleStudent
	ActorSupervisor = access.RoleSupervisor
)

// Machine is the status machine of a logbook entry (DESIGN.md §3): the
// supervisor reviews a pending entry (a rejection says why); the student's
// edit of a rejected entry sends it back for review; an approved entry
// never changes.
var Machine = &status.Machine{
	Noun:   "logbook entry",
	States: []string{StatusPending, StatusApproved, StatusRejected},
	Actors: map[string]string{
		ActorStudent:    "the placement's student",
		ActorSupervisor: "the placement's supervisor",
	},
	Moves: []status.Move{
		{From: StatusPending, To: StatusApproved, By: []string{ActorSupervisor}, Verb: "approve an entry"},
		{From: StatusPending, To: StatusRejected, By: []string{ActorSupervisor}, Verb: "reject an entry", Requires: []string{"review_note"}},
		{From: StatusRejected, To: StatusPending, By: []string{ActorStudent}, Verb: "send an entry back for review by editing it"},
	},
}

// StudentEdit is the status an entry takes when its student edits it: a
// pending entry stays pending, a rejected one goes back to pending (the
// machine's move); ok is false for an approved (locked) entry or an unknown
// status.
func StudentEdit(status string) (next string, ok bool) {
	if status == StatusPending || Machine.Allows(status, StatusPending, ActorStudent) {
		return StatusPending, true
	}
	return status, false
}

// StudentMayDelete reports whether the student may delete an entry: only
// while it is pending.
func StudentMayDelete(status string) bool {
	return status == StatusPending
}
