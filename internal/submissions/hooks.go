package submissions

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/placements"
)

// workClosed ends the refusal of work for a placement that is no longer
// ongoing (placements.Ongoing).
const workClosed = "it takes no more submissions or reviews."

// tracked are the fields whose stored value a request must have seen for
// its update to go ahead (else apierror.Conflict).
var tracked = []string{"status", "score", "feedback", "files", "link", "note"}

// reviewerRole is the role that reviews the submissions of a task kind.
func reviewerRole(kind string) string {
	if kind == KindFinalReport {
		return access.RoleMentor
	}
	return access.RoleSupervisor
}

// onCreateRequest: the placement's student submits; the server sets the
// status, attempt and lateness.
func onCreateRequest(e *core.RecordRequestEvent) error {
	if e.Record.GetString("status") != "" {
		return apierror.ForbiddenFields("status")
	}
	if bad := fields.Given(e.Record, []string{"score", "feedback"}); len(bad) > 0 {
		return apierror.ForbiddenFields(bad...)
	}
	// Only the placement's student gets here: the create rule requires
	// role student and placement.student = the caller.
	e.Record.Set("status", StatusSubmitted)
	return e.Next()
}

// onUpdateRequest: the supervisor reviews assignments, the mentor the final
// report; approving needs a score.
func onUpdateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	if !e.HasSuperuserAuth() && (fields.Changed(r, "status") || fields.Changed(r, "score")) {
		task, err := e.App.FindRecordById(Tasks, r.GetString("task"))
		if err != nil {
			return err
		}
		if want := reviewerRole(task.GetString("kind")); !access.Is(e.Auth, want) {
			if want == access.RoleMentor {
				return apierror.Forbidden("The final report is reviewed by the student's faculty mentor.")
			}
			return apierror.Forbidden("Assignments are reviewed by the host supervisor.")
		}
	}
	if r.GetString("status") == StatusApproved && fields.Changed(r, "status") {
		info, err := e.RequestInfo()
		if err != nil {
			return err
		}
		if v, ok := info.Body["score"]; !ok || v == nil || v == "" {
			return apierror.FieldError("score", "validation_required", "Give a score to approve the submission.")
		}
	}
	return e.Next()
}

func lockedError() error {
	return apierror.FieldError("status", apierror.CodeLocked, "This submission was reviewed and can no longer change.")
}

// onCreate keeps the invariants of a new submission for every save: an
// ongoing placement whose internship has started (an upcoming one takes no
// work before starts_on: ib_out_of_range on placement), a task of its
// internship, some work, the attempt
// number (a new attempt only after a revision was requested) and lateness.
func onCreate(e *core.RecordEvent) error {
	r := e.Record
	if r.GetString("status") == "" {
		r.Set("status", StatusSubmitted)
	}
	p, err := placements.Ongoing(e.App, r.GetString("placement"), workClosed)
	if err != nil {
		return err
	}
	task, err := e.App.FindRecordById(Tasks, r.GetString("task"))
	if err != nil {
		return apierror.FieldError("task", "validation_missing_rel_records", "Choose an existing task.")
	}
	if task.GetString("internship") != p.Internship() {
		return apierror.FieldError("task", "validation_invalid_value", "Choose a task of this placement's internship.")
	}
	if err := p.CheckStarted(e.App, "placement", "submit work from that day."); err != nil {
		return err
	}
	if !hasWork(r) {
		return apierror.FieldError("files", "validation_required", "Attach at least one file or give a link to your work.")
	}
	attempt, err := nextAttempt(e.App, task.Id, p.Id)
	if err != nil {
		return err
	}
	r.Set("attempt", attempt)
	due := task.GetDateTime("due_on")
	r.Set("late", !due.IsZero() && clock.DeadlinePassed(e.App, due.Time()))

	to := r.GetString("status")
	if to != StatusSubmitted {
		// Seeded already reviewed (superusers, imports): still a review.
		if err := checkReview(r, task, StatusSubmitted, to); err != nil {
			return err
		}
		if r.GetDateTime("reviewed_at").IsZero() && r.GetString("reviewed_by") == "" {
			access.StampReview(e.App, r)
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	if to == StatusSubmitted {
		notices, err := reviewerNotices(e.App, r, p, task)
		if err != nil {
			return err
		}
		return notifications.Notify(e.App, notices...)
	}
	return nil
}

// onUpdate enforces the review for every save (superusers and the server
// included), reading the stored state inside the transaction: only a
// submitted submission changes, and a review is approved with a score or
// sent back with feedback.
func onUpdate(e *core.RecordEvent) error {
	r := e.Record
	fresh, err := e.App.FindRecordById(Submissions, r.Id)
	if err != nil {
		return err
	}
	if fields.Stale(r, fresh, tracked) {
		return apierror.Conflict("submission")
	}
	if len(fields.DiffersIn(r, fresh)) == 0 {
		return e.Next()
	}
	from, to := fresh.GetString("status"), r.GetString("status")
	if from != StatusSubmitted {
		return lockedError()
	}
	if fields.Differs(r, fresh, "task") || fields.Differs(r, fresh, "placement") || fields.Differs(r, fresh, "attempt") {
		return apierror.FieldError("task", apierror.CodeLocked, "A submission stays with its task, placement and attempt; submit a new one instead.")
	}
	p, err := placements.Ongoing(e.App, r.GetString("placement"), workClosed)
	if err != nil {
		return err
	}
	task, err := e.App.FindRecordById(Tasks, r.GetString("task"))
	if err != nil {
		return err
	}
	if !hasWork(r) {
		return apierror.FieldError("files", "validation_required", "Keep at least one file or a link to the work.")
	}
	if err := checkReview(r, task, from, to); err != nil {
		return err
	}
	if to != from {
		access.StampReview(e.App, r)
	}
	if err := e.Next(); err != nil {
		return err
	}
	if to != from {
		return notifications.Notify(e.App, studentNotice(r, p, task))
	}
	return nil
}

// onDelete: a reviewed submission is never deleted, by anyone.
func onDelete(e *core.RecordEvent) error {
	fresh, err := e.App.FindRecordById(Submissions, e.Record.Id)
	if err != nil {
		return err
	}
	if fresh.GetString("status") != StatusSubmitted {
		return lockedError()
	}
	return e.Next()
}

// MaxScore is the highest score a task's submissions can get.
func MaxScore(task *core.Record) float64 {
	if m := task.GetFloat("max_score"); m > 0 {
		return m
	}
	return DefaultMaxScore
}

// checkReview checks the move of a submission's status (from the stored
// one) and its score: approving needs a score within 0…max_score, a revision
// request needs feedback.
func checkReview(r, task *core.Record, from, to string) error {
	if from != to {
		if err := Machine.Enforce(from, to, ActorSuperuser); err != nil {
			return err
		}
		if Machine.Missing(from, to, r) == "feedback" {
			return apierror.FieldError("feedback", "validation_required", "Say what the student should revise.")
		}
	}
	if s, max := r.GetFloat("score"), MaxScore(task); s < 0 || s > max {
		return apierror.FieldError("score", apierror.CodeOutOfRange, "Give a score from 0 to "+strconv.FormatFloat(max, 'f', -1, 64)+".")
	}
	return nil
}

// hasWork reports whether a submission holds at least one file or a link.
func hasWork(r *core.Record) bool {
	if strings.TrimSpace(r.GetString("link")) != "" {
		return true
	}
	if f, ok := r.Collection().Fields.GetByName("files").(*core.FileField); ok {
		v, err := f.DriverValue(r)
		if err != nil {
			return false
		}
		switch names := v.(type) {
		case string:
			return names != ""
		case types.JSONArray[string]:
			return len(names) > 0
		}
	}
	return false
}

// nextAttempt is 1 + the latest attempt of (task, placement); a new attempt
// is refused (ib_locked) unless the latest one was sent back for revision.
// It reads inside the transaction, so concurrent submissions serialize.
func nextAttempt(app core.App, task, placement string) (int, error) {
	var latest struct {
		Attempt int    `db:"attempt"`
		Status  string `db:"status"`
	}
	err := app.DB().Select("attempt", "status").From(Submissions).
		Where(dbx.HashExp{"task": task, "placement": placement}).
		OrderBy("attempt DESC").Limit(1).One(&latest)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 1, nil
	case err != nil:
		return 0, fmt.Errorf("latest attempt: %w", err)
	}
	switch latest.Status {
	case StatusRevisionRequested:
		return latest.Attempt + 1, nil
	case StatusApproved:
		return 0, apierror.FieldError("task", apierror.CodeLocked, "Your work on this task is already approved.")
	default:
		return 0, apierror.FieldError("task", apierror.CodeLocked, "Your last submission of this task awaits review; you can submit again if a revision is requested.")
	}
}

// reviewerNotices tell the reviewer of a task's kind that work arrived: the
// placement's supervisor for assignments, its mentor for the final report
// (the institution's coordinators while no mentor is assigned).
func reviewerNotices(app core.App, r *core.Record, p *placements.Placement, task *core.Record) ([]notifications.Notice, error) {
	n := func(user, body string) notifications.Notice {
		return notifications.Notice{User: user, Kind: "submission.submitted", Record: r.Id, Link: "/submissions/" + r.Id,
			Title: "New submission for “" + task.GetString("title") + "”", Body: body}
	}
	if task.GetString("kind") == KindFinalReport {
		if m := p.Mentor(); m != "" {
			return []notifications.Notice{n(m, "Review the final report: approve it with a score or ask for a revision.")}, nil
		}
		coordinators, err := institutions.Coordinators(app, p.Institution())
		if err != nil {
			return nil, err
		}
		var out []notifications.Notice
		for _, c := range coordinators {
			out = append(out, n(c, "A final report awaits review; assign a faculty mentor to the placement."))
		}
		return out, nil
	}
	sup := p.Supervisor()
	if sup == "" {
		if i, err := internships.Find(app, p.Internship()); err == nil {
			sup = i.Supervisor()
		}
	}
	return []notifications.Notice{n(sup, "Review the work: approve it with a score or ask for a revision.")}, nil
}

// studentNotice tells the student how their work was reviewed.
func studentNotice(r *core.Record, p *placements.Placement, task *core.Record) notifications.Notice {
	title := "“" + task.GetString("title") + "”"
	n := notifications.Notice{User: p.Student(), Kind: "submission." + r.GetString("status"), Record: r.Id, Link: "/submissions/" + r.Id}
	if r.GetString("status") == StatusApproved {
		n.Title = "Your work on " + title + " was approved"
		n.Body = strings.TrimSpace("Score: " + strconv.FormatFloat(r.GetFloat("score"), 'f', -1, 64) + " of " + strconv.FormatFloat(MaxScore(task), 'f', -1, 64) + ". " + r.GetString("feedback"))
	} else {
		n.Title = "Revise your work on " + title
		n.Body = r.GetString("feedback")
	}
	n.Body = strings.TrimSpace(n.Body)
	return n
}

// onTaskCreateRequest: a max_score the client sends must be above 0 (only a
// missing one gets the default).
func onTaskCreateRequest(e *core.RecordRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return apierror.Internal(e.App, "read the request", err)
	}
	if v, ok := info.Body["max_score"]; ok && v != nil && v != "" && !positive(v) {
		return apierror.FieldError("max_score", "validation_min_number", "Give a maximum score above 0, or leave it out for the default of 10.")
	}
	return e.Next()
}

// onTaskCreate fills the defaults of a new task for every save: kind
// assignment and max_score DefaultMaxScore.
func onTaskCreate(e *core.RecordEvent) error {
	if e.Record.GetString("kind") == "" {
		e.Record.Set("kind", KindAssignment)
	}
	if e.Record.GetFloat("max_score") == 0 {
		e.Record.Set("max_score", DefaultMaxScore)
	}
	return e.Next()
}

// positive reports whether a number sent as JSON or as a form value is > 0.
func positive(v any) bool {
	switch n := v.(type) {
	case float64:
		return n > 0
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		return err != nil || f > 0
	}
	return true // other shapes are left to the field's own validation
}

// ReportRequiredTasks adds to a completion the titles of the posting's
// required tasks that have no approved submission from the placement, in
// due order (bound to placements' Completing).
func ReportRequiredTasks(e *placements.CompletingEvent) error {
	tasks, err := e.App.FindRecordsByFilter(Tasks, "internship = {:internship} && required = true", "due_on,title,id", 0, 0,
		dbx.Params{"internship": e.Placement.Internship()})
	if err != nil {
		return fmt.Errorf("required tasks: %w", err)
	}
	for _, task := range tasks {
		n, err := e.App.CountRecords(Submissions, dbx.HashExp{"task": task.Id, "placement": e.Placement.Id, "status": StatusApproved})
		if err != nil {
			return fmt.Errorf("approved submissions: %w", err)
		}
		if n == 0 {
			e.UnapprovedTasks = append(e.UnapprovedTasks, task.GetString("title"))
		}
	}
	return e.Next()
}
