// Package internships holds the rules of postings by host organisations:
// their status machine with the checks to open them, cancellation (its
// Ended event lets the applications domain withdraw what is still in play),
// and the dates that lock once open.
package internships

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/courses"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/organizations"
	"github.com/internbase/internbase/internal/transaction"
)

// Collection is the internships collection.
const Collection = "internships"

// Statuses of a posting.
const (
	StatusDraft     = "draft"
	StatusOpen      = "open"
	StatusClosed    = "closed"
	StatusCancelled = "cancelled"
)

// ReasonCancelled is the reason written on applications withdrawn because
// their internship was cancelled.
const ReasonCancelled = "Internship cancelled."

// ReasonFee is the reason written on applications withdrawn because the host
// organisation was found to charge students a fee.
const ReasonFee = "The host organisation charges students a fee."

// dates change only while a posting is a draft (except by superusers).
var dates = []string{"starts_on", "ends_on", "apply_by"}

// Register binds the internships hooks to app.
func Register(app core.App) {
	audit.Track(app, audit.Spec{Collection: Collection, Reason: "cancel_reason"})
	fields.Protect(app, Collection, fields.Policy{Fixed: []string{"organization"}})
	transaction.Requests(app, Collection)
	transaction.Saves(app, Collection)

	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
	app.OnRecordDeleteRequest(Collection).BindFunc(onDeleteRequest)
	// Before the courses domain's own delete hooks (priority 0).
	app.OnRecordDelete(courses.Courses).Bind(&hook.Handler[*core.RecordEvent]{Priority: -1, Func: onCourseDelete})
	app.OnRecordValidate(Collection).BindFunc(onValidate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
	// An organization that turns out to charge a fee loses its postings in
	// the transaction of that save (organizations.Register makes its saves
	// transactional).
	app.OnRecordUpdate(organizations.Collection).BindFunc(onOrganizationUpdate)
}

func onCreateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	if !e.HasSuperuserAuth() {
		org := access.Organization(e.Auth)
		if r.GetString("organization") == "" {
			r.Set("organization", org)
		}
		if r.GetString("organization") != org {
			return apierror.FieldError("organization", apierror.CodeForbiddenField, "You can post internships for your own organization only.")
		}
		if r.GetString("supervisor") == "" {
			r.Set("supervisor", e.Auth.Id)
		}
	}
	if s := r.GetString("status"); s != "" && s != StatusDraft {
		return apierror.FieldError("status", apierror.CodeInvalidTransition, "A new internship starts as a draft; open it once it is ready.")
	}
	r.Set("status", StatusDraft)
	return e.Next()
}

// onUpdateRequest: the caller's role may make the move, and supervisors
// change dates only while the posting is a draft.
func onUpdateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	from, to := r.Original().GetString("status"), r.GetString("status")
	actor := ActorSupervisor
	if e.HasSuperuserAuth() {
		actor = ActorSuperuser
	}
	if from != to && Machine.Exists(from, to) {
		if err := Machine.Enforce(from, to, actor); err != nil {
			return err
		}
	}
	if actor != ActorSuperuser && from != StatusDraft {
		if changed := fields.ChangedAmong(r, dates); len(changed) > 0 {
			return apierror.FieldError(changed[0], apierror.CodeLocked, "The dates of an internship change only while it is a draft; ask a platform administrator to correct them.")
		}
	}
	return e.Next()
}

// onDeleteRequest: only a draft with no applications is deleted.
func onDeleteRequest(e *core.RecordRequestEvent) error {
	if e.Record.GetString("status") != StatusDraft {
		return apierror.FieldError("status", apierror.CodeLocked, "Only a draft can be deleted; cancel the internship instead.")
	}
	up, err := uptake(e.App, e.Record.Id)
	if err != nil {
		return apierror.Internal(e.App, "count the internship's applications", err)
	}
	if up.Applications > 0 {
		return apierror.FieldError("status", apierror.CodeLocked, "This internship has applications; cancel it instead.")
	}
	return e.Next()
}

// onValidate: a posting's supervisor belongs to its organization, and its
// dates are in order — for every save.
func onValidate(e *core.RecordEvent) error {
	r := e.Record
	if r.GetString("status") == "" {
		r.Set("status", StatusDraft)
	}
	sup, err := e.App.FindRecordById(access.Users, r.GetString("supervisor"))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return apierror.Internal(e.App, "read the posting's supervisor", err)
	}
	if err != nil || sup.GetString("role") != access.RoleSupervisor || sup.GetString("organization") != r.GetString("organization") {
		return apierror.FieldError("supervisor", apierror.CodeForbiddenField, "Choose a supervisor of the posting's organization.")
	}
	starts, ends := r.GetDateTime("starts_on"), r.GetDateTime("ends_on")
	if !starts.IsZero() && !ends.IsZero() && ends.Time().Before(starts.Time()) {
		return apierror.FieldError("ends_on", apierror.CodeOutOfRange, "The internship must end on or after its start date.")
	}
	if r.IsNew() || fields.Changed(r, "skills") {
		raw, err := json.Marshal(r.Get("skills"))
		if err != nil {
			return apierror.FieldError("skills", "validation_invalid_value", "List the skills as text, for example [\"Go\", \"SQL\"].")
		}
		if msg := CheckSkills(raw); msg != "" {
			return apierror.FieldError("skills", "validation_invalid_value", msg)
		}
	}
	if r.IsNew() && r.GetString("status") != StatusDraft && r.GetFloat("fee") != 0 {
		return apierror.FieldError("fee", apierror.CodeFee, feeMessage)
	}
	if r.IsNew() || fields.Changed(r, "required_courses") || fields.Changed(r, "eligible_institutions") {
		if err := checkRequiredCourses(e.App, r); err != nil {
			return err
		}
	}
	return e.Next()
}

// onCourseDelete keeps a course that a posting requires: it is removed
// from the posting first (bound on the courses domain's delete, before its
// own hooks remove the lessons).
func onCourseDelete(e *core.RecordEvent) error {
	i, err := e.App.FindFirstRecordByFilter(Collection, "required_courses.id ?= {:id}", dbx.Params{"id": e.Record.Id})
	switch {
	case err == nil:
		return apierror.FieldError("published", apierror.CodeLocked,
			fmt.Sprintf("This course is a required course of the internship “%s”; remove it there before deleting the course.", i.GetString("title")))
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("internships requiring course %s: %w", e.Record.Id, err)
	}
	return e.Next()
}

// feeMessage explains ib_fee on a posting that has left draft.
const feeMessage = "A posting that has left draft never takes a fee; set the fee to 0."

// checkRequiredCourses: a posting may require only published courses that
// every student it admits can read (CourseAdmissible). The refusal names the
// course by id only: the caller may not be able to read it.
func checkRequiredCourses(app core.App, r *core.Record) error {
	ids := r.GetStringSlice("required_courses")
	if len(ids) == 0 {
		return nil
	}
	list, err := courses.FindAll(app, ids)
	if err != nil {
		return apierror.Internal(app, "read the required courses", err)
	}
	found := make(map[string]*courses.Course, len(list))
	for _, c := range list {
		found[c.Id] = c
	}
	eligible := r.GetStringSlice("eligible_institutions")
	for _, id := range ids {
		c := found[id]
		if c == nil || !CourseAdmissible(c.Published(), c.Institution(), eligible) {
			return apierror.FieldError("required_courses", "validation_invalid_value",
				fmt.Sprintf("Require only published courses every student of the posting can take: courses for all institutions, or, when the posting is limited to one institution, that institution's courses (%s is not one).", id))
		}
	}
	return nil
}

// onUpdate enforces the machine and the opening checks for every save, and
// withdraws the pending applications of a cancelled posting in the same
// transaction.
func onUpdate(e *core.RecordEvent) error {
	r := e.Record
	fresh, err := e.App.FindRecordById(Collection, r.Id)
	if err != nil {
		return apierror.Internal(e.App, "read the stored internship", err)
	}
	from, to := fresh.GetString("status"), r.GetString("status")
	if from != StatusDraft && r.GetFloat("fee") != 0 && r.GetFloat("fee") != fresh.GetFloat("fee") {
		return apierror.FieldError("fee", apierror.CodeFee, feeMessage)
	}
	if from == to {
		return e.Next()
	}
	if err := Machine.Enforce(from, to, ActorSuperuser); err != nil {
		return err
	}
	switch to {
	case StatusOpen:
		org, err := organizations.Find(e.App, r.GetString("organization"))
		if err != nil {
			return apierror.Internal(e.App, "read the posting's organization", err)
		}
		if p := CheckOpen(r.GetFloat("fee"), org.ChargesFee(), org.Verified(),
			clock.StoredDay(r.GetDateTime("starts_on").Time()), clock.StoredDay(r.GetDateTime("ends_on").Time()),
			clock.StoredDay(r.GetDateTime("apply_by").Time()), clock.Today(e.App)); p != nil {
			return apierror.FieldError(p.Field, p.Code, p.Message)
		}
	case StatusCancelled:
		if Machine.Missing(from, to, r) == "cancel_reason" {
			return apierror.FieldError("cancel_reason", "validation_required", "Give the reason for cancelling the internship.")
		}
		up, err := uptake(e.App, r.Id)
		if err != nil {
			return apierror.Internal(e.App, "count the internship's placements", err)
		}
		if up.Placements > 0 {
			return apierror.FieldError("status", apierror.CodeLocked, "This internship already has placements and cannot be cancelled.")
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	if to == StatusCancelled {
		return On(e.App).Ended.Trigger(&EndedEvent{App: e.App, Internships: []string{r.Id}, Reason: ReasonCancelled})
	}
	return nil
}

// onOrganizationUpdate: when an organization is set to charge students a
// fee (false → true, by anyone), its open postings close and every pending
// application to any of its postings is withdrawn, students notified — in
// the transaction of the organization's save.
func onOrganizationUpdate(e *core.RecordEvent) error {
	r := e.Record
	starts := !organizations.Of(r.Original()).ChargesFee() && organizations.Of(r).ChargesFee()
	if err := e.Next(); err != nil || !starts {
		return err
	}
	postings, err := e.App.FindAllRecords(Collection, dbx.HashExp{"organization": r.Id})
	if err != nil {
		return apierror.Internal(e.App, "find the organization's postings", err)
	}
	ids := make([]string, len(postings))
	for i, p := range postings {
		ids[i] = p.Id
		if p.GetString("status") != StatusOpen {
			continue
		}
		p.Set("status", StatusClosed)
		if err := e.App.Save(p); err != nil {
			return fmt.Errorf("close posting %s: %w", p.Id, err)
		}
	}
	return On(e.App).Ended.Trigger(&EndedEvent{App: e.App, Internships: ids, Reason: ReasonFee})
}
