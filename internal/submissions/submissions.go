// Package submissions holds the project work of a placement: the tasks a
// host sets and the students' submissions with their reviews.
package submissions

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/status"
	"github.com/internbase/internbase/internal/transaction"
)

// Collection names of the project-work domain.
const (
	Tasks       = "tasks"
	Submissions = "submissions"
)

// Statuses of a submission.
const (
	StatusSubmitted         = "submitted"
	StatusApproved          = "approved"
	StatusRevisionRequested = "revision_requested"
)

// Actors of a submission's machine: the student submits; the reviewer of
// the task's kind (reviewerRole: the host supervisor for assignments, the
// faculty mentor for the final report) reviews.
const (
	ActorReviewer  = "reviewer"
	ActorSuperuser = status.Superuser
)

// Machine is the status machine of a submission (DESIGN.md §3): a submitted
// attempt is approved or sent back for revision (with feedback) by its
// reviewer; a reviewed attempt never changes (the student submits a new
// attempt instead).
var Machine = &status.Machine{
	Noun:   "submission",
	States: []string{StatusSubmitted, StatusApproved, StatusRevisionRequested},
	Actors: map[string]string{ActorReviewer: "the reviewer of the task"},
	Moves: []status.Move{
		{From: StatusSubmitted, To: StatusApproved, By: []string{ActorReviewer}, Verb: "approve a submission"},
		{From: StatusSubmitted, To: StatusRevisionRequested, By: []string{ActorReviewer}, Verb: "ask for a revision", Requires: []string{"feedback"}},
	},
}

// Kinds of a task, and who reviews their submissions.
const (
	KindAssignment  = "assignment"   // reviewed by the host supervisor
	KindFinalReport = "final_report" // reviewed by the faculty mentor
)

// DefaultMaxScore is a task's max_score when none is stored.
const DefaultMaxScore = 10

// ServerFields of a submission are set by hooks only.
var ServerFields = []string{"attempt", "late", "reviewed_by", "reviewed_at"}

// Register binds the tasks and submissions hooks to app.
func Register(app core.App) {
	audit.Track(app, audit.Spec{Collection: Submissions, Reason: "feedback", Institution: placements.InstitutionOf})
	fields.Protect(app, Tasks, fields.Policy{Fixed: []string{"internship"}})
	app.OnRecordCreateRequest(Tasks).BindFunc(onTaskCreateRequest)
	app.OnRecordCreate(Tasks).BindFunc(onTaskCreate)
	fields.Protect(app, Submissions, fields.Policy{
		Server: ServerFields,
		Fixed:  []string{"task", "placement"},
		Writable: func(auth, _ *core.Record) ([]string, bool) {
			return []string{"status", "score", "feedback"}, true
		},
	})
	transaction.Requests(app, Submissions)
	transaction.Saves(app, Submissions)
	app.OnRecordCreateRequest(Submissions).BindFunc(onCreateRequest)
	app.OnRecordUpdateRequest(Submissions).BindFunc(onUpdateRequest)
	app.OnRecordCreate(Submissions).BindFunc(onCreate)
	app.OnRecordUpdate(Submissions).BindFunc(onUpdate)
	app.OnRecordDelete(Submissions).BindFunc(onDelete)
}
