package applications

import (
	"time"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/status"
)

// Actors that may move an application: the roles of the users collection
// that take part in the workflow, plus the server and superusers.
const (
	ActorStudent     = access.RoleStudent
	ActorCoordinator = access.RoleCoordinator
	ActorSupervisor  = access.RoleSupervisor
	// ActorSystem is the server itself: cron jobs and side effects of other
	// moves (auto-withdrawals on accept, cancellation of a posting).
	ActorSystem = status.System
	// ActorSuperuser is a platform operator (see status.Superuser).
	ActorSuperuser = status.Superuser
)

// OfferValidity is how long an offer stays open when the supervisor does not
// choose an expiry.
const OfferValidity = 7 * 24 * time.Hour

// MaxOfferValidity is the furthest ahead a supervisor may set an offer's
// expiry.
const MaxOfferValidity = 30 * 24 * time.Hour

// Machine is the status machine of DESIGN.md §3: each move, the actors who
// may make it (superusers aside) and what it requires.
var Machine = &status.Machine{
	Noun:   "application",
	States: []string{StatusSubmitted, StatusEndorsed, StatusShortlisted, StatusOffered, StatusAccepted, StatusDeclined, StatusRejected, StatusWithdrawn, StatusExpired},
	Actors: map[string]string{
		ActorStudent:     "the student who applied",
		ActorCoordinator: "the coordinator of the student's institution",
		ActorSupervisor:  "the host organization's supervisor",
	},
	Moves: []status.Move{
		{From: StatusSubmitted, To: StatusEndorsed, By: []string{ActorCoordinator}, Verb: "endorse this application"},
		{From: StatusSubmitted, To: StatusRejected, By: []string{ActorCoordinator}, Verb: "reject this application", Requires: []string{"reason"}},

		{From: StatusEndorsed, To: StatusShortlisted, By: []string{ActorSupervisor}, Verb: "shortlist this application"},
		{From: StatusEndorsed, To: StatusOffered, By: []string{ActorSupervisor}, Verb: "make an offer on this application"},
		{From: StatusShortlisted, To: StatusOffered, By: []string{ActorSupervisor}, Verb: "make an offer on this application"},
		{From: StatusEndorsed, To: StatusRejected, By: []string{ActorSupervisor}, Verb: "reject this application", Requires: []string{"reason"}},
		{From: StatusShortlisted, To: StatusRejected, By: []string{ActorSupervisor}, Verb: "reject this application", Requires: []string{"reason"}},

		{From: StatusOffered, To: StatusAccepted, By: []string{ActorStudent}, Verb: "accept this offer"},
		// The server declines the student's other open offers when one is accepted.
		{From: StatusOffered, To: StatusDeclined, By: []string{ActorStudent, ActorSystem}, Verb: "decline this offer"},
		{From: StatusOffered, To: StatusExpired, By: []string{ActorSystem}, Refusal: "An offer expires on its own when its deadline passes."},

		// The server withdraws pending applications when the student accepts
		// another offer or the internship is cancelled.
		{From: StatusSubmitted, To: StatusWithdrawn, By: []string{ActorStudent, ActorSystem}, Verb: "withdraw this application"},
		{From: StatusEndorsed, To: StatusWithdrawn, By: []string{ActorStudent, ActorSystem}, Verb: "withdraw this application"},
		{From: StatusShortlisted, To: StatusWithdrawn, By: []string{ActorStudent, ActorSystem}, Verb: "withdraw this application"},
		{From: StatusOffered, To: StatusWithdrawn, By: []string{ActorSystem}, Refusal: "An offer cannot be withdrawn; the student may decline it instead."},
	},
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
