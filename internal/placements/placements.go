// Package placements holds the rules of placements: an accepted offer
// becomes a placement, which the coordinator staffs with a faculty mentor and
// which ends completed (with marks and credits) or discontinued.
//
// Rules DESIGN.md leaves open, decided here:
//   - completed and discontinued are terminal for everyone, superusers and
//     internal saves included: a status move out of them is
//     ib_invalid_transition, any other change (mentor, reason, hours…) is
//     ib_locked. Approved hours are therefore frozen at completion.
//   - The result fields (percent, marks, grade, grade_point,
//     credits_earned, completed_on) are written only by the completion.
//   - Evaluation percentages use each evaluation's stored total (kept by the
//     evaluations domain) over the summed maxima of the regulation's
//     criteria; completed_on is the platform's calendar day.
//   - A completion that earns credits fires Completed (the certificates
//     domain issues) after the placement is saved, in the same transaction;
//     an error rolls the completion, its audit event and its notifications
//     back and answers 500.
//   - Everyone involved (student, mentor, supervisor, coordinators) is
//     notified of a completion or discontinuation, except whoever made it.
//   - A placement whose internship has not started (starts_on after today)
//     is upcoming: completing it is refused with ib_out_of_range on status,
//     checked before the completion conditions, for everyone. It is a date
//     outside the allowed window (the certificate period would end before it
//     begins), not work someone could finish now (ib_incomplete), and it is
//     the code the logbook, submissions and evaluations answer for the same
//     window (CheckStarted).
package placements

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/status"
	"github.com/internbase/internbase/internal/transaction"
)

// Collection is the placements collection.
const Collection = "placements"

// Statuses of a placement.
const (
	StatusOngoing      = "ongoing"
	StatusCompleted    = "completed"
	StatusDiscontinued = "discontinued"
)

// Kinds of the notifications the placement workflow writes.
const (
	KindMentorAssigned = "placement.mentor_assigned"
	KindCompleted      = "placement.completed"
	KindDiscontinued   = "placement.discontinued"
)

// ServerFields are copied or computed by the server only.
var ServerFields = []string{
	"application", "student", "internship", "organization", "institution", "supervisor",
	"approved_hours", "started_on", "completed_on", "marks", "percent", "grade", "grade_point", "credits_earned",
}

// Actors that may move a placement (besides superusers, who may make every
// move of the machine but never one outside it).
const (
	ActorCoordinator = access.RoleCoordinator
	ActorMentor      = access.RoleMentor
	ActorSuperuser   = status.Superuser
)

// Machine is the status machine of DESIGN.md §3 with the actors of each
// move; completed and discontinued are terminal.
var Machine = &status.Machine{
	Noun:   "placement",
	States: []string{StatusOngoing, StatusCompleted, StatusDiscontinued},
	Actors: map[string]string{
		ActorCoordinator: "the coordinator of the student's institution",
		ActorMentor:      "the placement's mentor",
	},
	Moves: []status.Move{
		{From: StatusOngoing, To: StatusCompleted, By: []string{ActorMentor, ActorCoordinator}, Verb: "complete a placement"},
		{From: StatusOngoing, To: StatusDiscontinued, By: []string{ActorCoordinator}, Verb: "discontinue a placement", Requires: []string{"discontinue_reason"}},
	},
}

// Register binds the placements hooks to app.
func Register(app core.App) {
	audit.Track(app, audit.Spec{Collection: Collection, Reason: "discontinue_reason", Created: Collection + ".create"})
	fields.Protect(app, Collection, fields.Policy{
		Server:        ServerFields,
		NoCreate:      true,
		CreateMessage: "Placements are created by the server when a student accepts an offer.",
		Writable: func(auth, _ *core.Record) ([]string, bool) {
			if access.Is(auth, access.RoleCoordinator) {
				return []string{"mentor", "status", "discontinue_reason"}, true
			}
			return []string{"status"}, true
		},
	})
	transaction.Requests(app, Collection)
	transaction.Saves(app, Collection)
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
	app.OnRecordValidate(Collection).BindFunc(onValidate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
}
