package applications

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// Actors that may move an application. They are the roles of the users
// collection that take part in the workflow, plus the server and superusers.
const (
	ActorStudent     = "student"
	ActorCoordinator = "coordinator"
	ActorSupervisor  = "supervisor"
	// ActorSystem is the server itself: cron jobs and side effects of other
	// moves (auto-withdrawals on accept, cancellation of a posting).
	ActorSystem = "system"
	// ActorSuperuser is a platform operator. Superusers never bypass the
	// machine: they may make any move that exists in it, whoever it
	// normally belongs to (for support), but never a move that is not in it.
	ActorSuperuser = "superuser"
)

// OfferValidity is how long an offer stays open when the supervisor does not
// choose an expiry.
const OfferValidity = 7 * 24 * time.Hour

// MaxOfferValidity is the furthest ahead a supervisor may set an offer's
// expiry.
const MaxOfferValidity = 30 * 24 * time.Hour

// ErrInvalidTransition is matched (errors.Is) by a MoveError for a move that
// is not in the status machine; callers answer 400 ib_invalid_transition.
var ErrInvalidTransition = errors.New("applications: move not in the status machine")

// ErrMoveForbidden is matched (errors.Is) by a MoveError for a move that
// exists but not for the caller's role; callers answer 403.
var ErrMoveForbidden = errors.New("applications: move not allowed for this actor")

// MoveError is the refusal of Move. Its Error is a sentence for the user;
// errors.Is(err, ErrInvalidTransition) or errors.Is(err, ErrMoveForbidden)
// tells which kind it is.
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
// otherwise it is not in the machine at all (400 ib_invalid_transition).
func (e *MoveError) Forbidden() bool { return e.Kind == ErrMoveForbidden }

type move struct{ from, to string }

// machine is the status machine of DESIGN.md §3: each move and the actors
// who may make it (superusers aside, see ActorSuperuser).
var machine = map[move][]string{
	{StatusSubmitted, StatusEndorsed}: {ActorCoordinator},
	{StatusSubmitted, StatusRejected}: {ActorCoordinator},

	{StatusEndorsed, StatusShortlisted}: {ActorSupervisor},
	{StatusEndorsed, StatusOffered}:     {ActorSupervisor},
	{StatusShortlisted, StatusOffered}:  {ActorSupervisor},
	{StatusEndorsed, StatusRejected}:    {ActorSupervisor},
	{StatusShortlisted, StatusRejected}: {ActorSupervisor},

	{StatusOffered, StatusAccepted}: {ActorStudent},
	// The server declines the student's other open offers when one is accepted.
	{StatusOffered, StatusDeclined}: {ActorStudent, ActorSystem},
	{StatusOffered, StatusExpired}:  {ActorSystem},

	// The server withdraws pending applications when the student accepts
	// another offer or the internship is cancelled.
	{StatusSubmitted, StatusWithdrawn}:   {ActorStudent, ActorSystem},
	{StatusEndorsed, StatusWithdrawn}:    {ActorStudent, ActorSystem},
	{StatusShortlisted, StatusWithdrawn}: {ActorStudent, ActorSystem},
	{StatusOffered, StatusWithdrawn}:     {ActorSystem},
}

// Statuses lists every status of an application, in workflow order.
var Statuses = []string{
	StatusSubmitted, StatusEndorsed, StatusShortlisted, StatusOffered,
	StatusAccepted, StatusDeclined, StatusRejected, StatusWithdrawn, StatusExpired,
}

// Terminal reports whether status is final: accepted, declined, rejected,
// withdrawn or expired never change.
func Terminal(status string) bool {
	switch status {
	case StatusAccepted, StatusDeclined, StatusRejected, StatusWithdrawn, StatusExpired:
		return true
	}
	return false
}

// ValidStatus reports whether status is one of Statuses.
func ValidStatus(status string) bool {
	return slices.Contains(Statuses, status)
}

// Exists reports whether from → to is a move of the machine, for anyone.
func Exists(from, to string) bool {
	_, ok := machine[move{from, to}]
	return ok
}

// Move checks that actor may move an application from one status to
// another. It returns nil when allowed, or a *MoveError matching
// ErrInvalidTransition (the move is not in the machine: 400) or
// ErrMoveForbidden (it is, but not for this actor: 403). A move that is not
// in the machine is refused as such whoever asks; from == to is not a move
// (callers check Move only when the status changes).
func Move(from, to, actor string) error {
	actors, ok := machine[move{from, to}]
	if !ok {
		return &MoveError{From: from, To: to, Actor: actor, Kind: ErrInvalidTransition, Message: invalidMessage(from, to)}
	}
	if actor == ActorSuperuser || slices.Contains(actors, actor) {
		return nil
	}
	return &MoveError{From: from, To: to, Actor: actor, Kind: ErrMoveForbidden, Message: forbiddenMessage(from, to, actors)}
}

// Targets returns the statuses actor may move an application to from the
// given status, in workflow order (empty for terminal statuses).
func Targets(from, actor string) []string {
	var out []string
	for _, to := range Statuses {
		if Move(from, to, actor) == nil {
			out = append(out, to)
		}
	}
	return out
}

func invalidMessage(from, to string) string {
	switch {
	case !ValidStatus(to):
		return "Choose a status of the application: " + strings.Join(Statuses, ", ") + "."
	case from == to:
		return "The application is already " + to + "."
	case Terminal(from):
		return "This application is " + from + " and can no longer change."
	case !ValidStatus(from):
		return "This application has an unknown status and cannot move to " + to + "."
	}
	var next []string
	for _, s := range Statuses {
		if Exists(from, s) {
			next = append(next, s)
		}
	}
	return "An application that is " + from + " cannot become " + to + "; it can become " + joinOr(next) + "."
}

var verbs = map[string]string{
	StatusEndorsed:    "endorse this application",
	StatusShortlisted: "shortlist this application",
	StatusOffered:     "make an offer on this application",
	StatusAccepted:    "accept this offer",
	StatusDeclined:    "decline this offer",
	StatusRejected:    "reject this application",
	StatusWithdrawn:   "withdraw this application",
	StatusExpired:     "expire this offer",
}

var actorNames = map[string]string{
	ActorStudent:     "the student who applied",
	ActorCoordinator: "the coordinator of the student's institution",
	ActorSupervisor:  "the host organization's supervisor",
}

func forbiddenMessage(from, to string, actors []string) string {
	switch {
	case from == StatusOffered && to == StatusExpired:
		return "An offer expires on its own when its deadline passes."
	case from == StatusOffered && to == StatusWithdrawn:
		return "An offer cannot be withdrawn; the student may decline it instead."
	}
	var who []string
	for _, a := range actors {
		if n, ok := actorNames[a]; ok {
			who = append(who, n)
		}
	}
	return "Only " + joinOr(who) + " can " + verbs[to] + "."
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

// Pending reports whether an application still awaits a decision: submitted,
// endorsed or shortlisted. These are withdrawn when the student accepts
// another offer.
func Pending(status string) bool {
	switch status {
	case StatusSubmitted, StatusEndorsed, StatusShortlisted:
		return true
	}
	return false
}

// RequiresReason reports whether the move from → to needs a reason from the
// caller: every rejection does.
func RequiresReason(from, to string) bool {
	return to == StatusRejected && Exists(from, to)
}

// EditableContent reports whether the student may still change the
// statement and the résumé: only while the application is submitted.
func EditableContent(status string) bool {
	return status == StatusSubmitted
}

// SeatsAvailable reports whether one more offer fits: the open offers plus the
// acceptances must stay below the posting's seats.
func SeatsAvailable(offered, accepted, seats int) bool {
	return offered+accepted < seats
}

// DefaultOfferExpiry is the offer_expires_at of an offer made at now without
// an explicit expiry: seven days later.
func DefaultOfferExpiry(now time.Time) time.Time {
	return now.Add(OfferValidity)
}

// OfferExpired reports whether an offer expiring at expiresAt can no longer
// be accepted at now (an offer is accepted strictly before its expiry; a zero
// expiry never expires).
func OfferExpired(expiresAt, now time.Time) bool {
	return !expiresAt.IsZero() && !now.Before(expiresAt)
}

// CancelWithdraws reports whether cancelling the internship withdraws an
// application in this status: submitted, endorsed, shortlisted or offered.
func CancelWithdraws(status string) bool {
	return Pending(status) || status == StatusOffered
}

// MayHoldOfferExpiry reports whether an application in status may carry an
// offer_expires_at: only once an offer was made (offered and the statuses an
// offer leads to). Pending and rejected applications never had an offer.
func MayHoldOfferExpiry(status string) bool {
	switch status {
	case StatusSubmitted, StatusEndorsed, StatusShortlisted, StatusRejected:
		return false
	}
	return true
}
