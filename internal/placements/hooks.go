package placements

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/regulations"
)

// actorOf names the caller as an actor of the machine: a superuser, the
// coordinator of the placement's institution, the placement's mentor, or ""
// for anyone else. p is the stored placement.
func actorOf(auth, p *core.Record) string {
	switch {
	case access.IsSuperuser(auth):
		return ActorSuperuser
	case access.CoordinatorOf(auth, p.GetString("institution")):
		return ActorCoordinator
	case access.Is(auth, access.RoleMentor) && p.GetString("mentor") != "" && p.GetString("mentor") == auth.Id:
		return ActorMentor
	}
	return ""
}

// onUpdateRequest checks who may make the change: only the coordinator of
// the institution and the placement's mentor change a placement (the update
// rule says so too), and each move belongs to its roles.
func onUpdateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	orig := r.Original()
	actor := actorOf(e.Auth, orig)
	if actor == "" {
		return apierror.Forbidden("Only the coordinator of the student's institution and the placement's mentor change a placement.")
	}
	from, to := orig.GetString("status"), r.GetString("status")
	if from == to {
		return e.Next()
	}
	if err := Machine.Enforce(from, to, actor); err != nil {
		return err
	}
	return e.Next()
}

// onValidate: the mentor of a placement is a mentor of the student's
// institution.
func onValidate(e *core.RecordEvent) error {
	if id := e.Record.GetString("mentor"); id != "" {
		m, err := e.App.FindRecordById(access.Users, id)
		if err != nil || m.GetString("role") != access.RoleMentor || m.GetString("institution") != e.Record.GetString("institution") {
			return apierror.ValidationError("mentor", apierror.CodeForbiddenField, "Choose a mentor of the student's institution.")
		}
	}
	return e.Next()
}

// onUpdate enforces the machine for every save (superusers and the server
// included): terminal placements never change, a completion needs every
// condition and computes the result, a discontinuation needs a reason. The
// certificate and the notifications are written in the same transaction.
func onUpdate(e *core.RecordEvent) error {
	r := e.Record
	// The stored state is the truth: a request read the record before its
	// transaction began, and a concurrent request may have moved it since.
	fresh, err := e.App.FindRecordById(Collection, r.Id)
	if err != nil {
		return err
	}
	from, to := fresh.GetString("status"), r.GetString("status")
	if seen := r.Original().GetString("status"); seen != "" && seen != from {
		return apierror.Conflict("placement")
	}
	if Machine.Terminal(from) {
		if from != to {
			return Machine.Enforce(from, to, ActorSuperuser)
		}
		if changed := fields.DiffersIn(r, fresh); len(changed) > 0 {
			return apierror.FieldError(changed[0], apierror.CodeLocked, "This placement is "+from+" and can no longer change.")
		}
		return e.Next()
	}
	if from != to {
		if err := Machine.Enforce(from, to, ActorSuperuser); err != nil {
			return err
		}
	}
	if to != StatusCompleted || from == to {
		for _, f := range []string{"completed_on", "marks", "percent", "grade", "grade_point", "credits_earned"} {
			if fields.Differs(r, fresh, f) {
				return apierror.FieldError(f, apierror.CodeForbiddenField, "The result of a placement is computed when it is completed.")
			}
		}
	}

	switch to {
	case StatusDiscontinued:
		if Machine.Missing(from, to, r) == "discontinue_reason" {
			return apierror.FieldError("discontinue_reason", "validation_required", "Give the reason for discontinuing the placement.")
		}
	case StatusCompleted:
		if err := complete(e.App, r); err != nil {
			return err
		}
	}
	mentorChanged := fields.Differs(r, fresh, "mentor") && r.GetString("mentor") != ""

	if err := e.Next(); err != nil {
		return err
	}

	if to == StatusCompleted && from != to && r.GetFloat("credits_earned") > 0 {
		if err := On(e.App).Completed.Trigger(&CompletedEvent{App: e.App, Placement: Of(r)}); err != nil {
			e.App.Logger().Error("certificate issue failed; completion rolled back",
				slog.String("placement", r.Id), slog.String("error", err.Error()))
			return fmt.Errorf("%w: issue certificate: %w", apis.NewInternalServerError(
				"The certificate could not be issued, so the placement was not completed; try again later.", nil), err)
		}
	}

	var notices []notifications.Notice
	if mentorChanged {
		notices = append(notices, mentorNotices(e.App, r)...)
	}
	if from != to {
		end, err := endNotices(e.App, r, to)
		if err != nil {
			return err
		}
		notices = append(notices, end...)
	}
	return notifications.Notify(e.App, notices...)
}

// complete checks the completion conditions inside the transaction — first
// that the internship has started (else ib_out_of_range on status) — and, when
// they all hold, stores the result computed from the regulation of the
// student's institution; otherwise it answers ib_incomplete naming exactly
// what is missing.
func complete(app core.App, r *core.Record) error {
	// An upcoming placement has nothing to complete yet: its certificate
	// would state a period that has not begun.
	if err := Of(r).CheckStarted(app, "status", "a placement can be completed from that day."); err != nil {
		return err
	}
	reg, err := institutions.Regulation(app, r.GetString("institution"))
	if err != nil {
		return fmt.Errorf("regulation of placement %s: %w", r.Id, err)
	}

	ev := &CompletingEvent{App: app, Placement: Of(r)}
	if err := On(app).Completing.Trigger(ev); err != nil {
		return fmt.Errorf("completion conditions of placement %s: %w", r.Id, err)
	}
	sup, men := ev.Supervisor, ev.Mentor
	unapproved := ev.UnapprovedTasks

	if missing := Missing(r.GetFloat("approved_hours"), reg.MinHours(), unapproved, sup != nil, men != nil); len(missing) > 0 {
		return apierror.FieldError("status", apierror.CodeIncomplete, IncompleteMessage(missing))
	}

	supCriteria, err := reg.SupervisorCriteria()
	if err != nil {
		return fmt.Errorf("supervisor criteria of regulation %s: %w", reg.Id, err)
	}
	menCriteria, err := reg.MentorCriteria()
	if err != nil {
		return fmt.Errorf("mentor criteria of regulation %s: %w", reg.Id, err)
	}
	scale, err := reg.GradeScale()
	if err != nil {
		return fmt.Errorf("grade scale of regulation %s: %w", reg.Id, err)
	}

	res := Compute(Inputs{
		SupervisorTotal: sup.Total, SupervisorMax: regulations.MaxSum(supCriteria),
		MentorTotal: men.Total, MentorMax: regulations.MaxSum(menCriteria),
		SupervisorWeight: reg.SupervisorWeight(),
		MaxMarks:         reg.MaxMarks(),
		PassPercent:      reg.PassPercent(),
		Credits:          reg.Credits(),
		Scale:            scale,
	})
	r.Set("percent", res.Percent)
	r.Set("marks", res.Marks)
	r.Set("grade", res.Grade)
	r.Set("grade_point", res.GradePoint)
	r.Set("credits_earned", res.CreditsEarned)
	r.Set("completed_on", clock.Today(app))
	return nil
}

// names returns the student's name and the quoted internship title of a
// placement, for notices.
func names(app core.App, r *core.Record) (student, title string) {
	student, title = "The student", "the internship"
	if s, err := app.FindRecordById(access.Users, r.GetString("student")); err == nil && s.GetString("name") != "" {
		student = s.GetString("name")
	}
	if i, err := internships.Find(app, r.GetString("internship")); err == nil {
		title = i.Quoted()
	}
	return student, title
}

func notice(r *core.Record, user, kind, title, body string) notifications.Notice {
	return notifications.Notice{User: user, Kind: kind, Title: title, Body: body, Link: "/placements/" + r.Id, Record: r.Id}
}

// mentorNotices tell the new mentor and the student about the assignment.
func mentorNotices(app core.App, r *core.Record) []notifications.Notice {
	student, title := names(app, r)
	mentorName := "a faculty mentor"
	if m, err := app.FindRecordById(access.Users, r.GetString("mentor")); err == nil && m.GetString("name") != "" {
		mentorName = m.GetString("name")
	}
	return []notifications.Notice{
		notice(r, r.GetString("mentor"), KindMentorAssigned, "You are the mentor of "+student+" at "+title,
			"Follow the logbook, review the final report and write the mentor's evaluation."),
		notice(r, r.GetString("student"), KindMentorAssigned, "Your faculty mentor for "+title+" is "+mentorName,
			"Your mentor reviews your final report and evaluates your internship."),
	}
}

// endNotices tell everyone involved in the placement (but the person who
// made the move) that it was completed or discontinued.
func endNotices(app core.App, r *core.Record, to string) ([]notifications.Notice, error) {
	student, title := names(app, r)
	var actor string
	if a := access.Actor(r); a != nil {
		actor = a.Id
	}
	var out []notifications.Notice
	add := func(n notifications.Notice) {
		if n.User == "" || n.User == actor {
			return
		}
		for _, o := range out {
			if o.User == n.User {
				return
			}
		}
		out = append(out, n)
	}
	coordinators, err := institutions.Coordinators(app, r.GetString("institution"))
	if err != nil {
		return nil, err
	}
	staff := append([]string{r.GetString("mentor"), r.GetString("supervisor")}, coordinators...)
	switch to {
	case StatusCompleted:
		result := fmt.Sprintf("Grade %s (%s%%), %s marks; %s credits earned.", r.GetString("grade"),
			num(r.GetFloat("percent")), num(r.GetFloat("marks")), num(r.GetFloat("credits_earned")))
		add(notice(r, r.GetString("student"), KindCompleted, "Your internship "+title+" is completed", result))
		for _, u := range staff {
			add(notice(r, u, KindCompleted, student+" completed "+title, result))
		}
	case StatusDiscontinued:
		reason := r.GetString("discontinue_reason")
		add(notice(r, r.GetString("student"), KindDiscontinued, "Your internship "+title+" was discontinued", reason))
		for _, u := range staff {
			add(notice(r, u, KindDiscontinued, "The placement of "+student+" at "+title+" was discontinued", reason))
		}
	}
	return out, nil
}

func num(x float64) string {
	return strconv.FormatFloat(Round2(x), 'f', -1, 64)
}
