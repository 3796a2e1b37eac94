// Package users holds the rules of Internbase's accounts: student-only
// sign-up, coordinator-created staff, the fields only staff may change, and
// the role/tenancy invariants every save must keep.
package users

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/transaction"
)

// Collection is the auth collection of every role.
const Collection = access.Users

// restricted are the fields a user may not change on their own profile
// (language: nobody but its owner changes it).
var restricted = []string{"role", "institution", "organization", "register_no", "enrolled", "language"}

// Languages are the values of a user's language ("" reads as English).
var Languages = []string{"en", "ml"}

// LanguageMessage answers a language the portal does not speak.
const LanguageMessage = "Choose the language as en (English) or ml (Malayalam)."

// RosterMessage answers a sign-up whose register number is already on the
// college's roster. It names no account: the same words whoever holds it.
const RosterMessage = "This register number is already on your college's roster. Sign in with your college email address instead (a one-time code is mailed to it), or ask your coordinator."

// enrolment is a student's enrolment as the audit trail states it ("" for
// staff, whose saves are not tracked).
func enrolment(r *core.Record) string {
	switch {
	case r.GetString("role") != access.RoleStudent:
		return ""
	case Enrolled(r):
		return "enrolled"
	}
	return "not_enrolled"
}

// Enrolled reports whether a student's college has confirmed their enrolment.
func Enrolled(student *core.Record) bool { return student.GetBool("enrolled") }

// Register binds the users hooks to app.
func Register(app core.App) {
	// A create request and its checks (is this the organization's first
	// supervisor?) run in one transaction, so two requests cannot both see
	// an organization without supervisors.
	transaction.Requests(app, Collection)
	// Enrolments are history: who confirmed which student, and when.
	audit.Track(app, audit.Spec{Collection: Collection, Status: enrolment, Actions: map[string]string{"enrolled": "users.enrolled"}})
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
	app.OnRecordValidate(Collection).BindFunc(onValidate)
	app.OnRecordCreate(Collection).BindFunc(onCreate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
	app.OnRecordEnrich(Collection).BindFunc(onEnrich)
	registerRoutes(app)
}

// onEnrich shows a student's email address to the coordinators of their
// institution (who enrol them and import their roster), whatever the
// student's emailVisibility; everyone else sees it as PocketBase decides.
func onEnrich(e *core.RecordEnrichEvent) error {
	if e.RequestInfo != nil && e.Record.GetString("role") == access.RoleStudent &&
		access.CoordinatorOf(e.RequestInfo.Auth, e.Record.GetString("institution")) {
		e.Record.IgnoreEmailVisibility(true)
	}
	return e.Next()
}

// onCreateRequest: guests sign up as students only; coordinators create
// mentors of their own institution and the first supervisor of an
// organization that has none; supervisors create colleagues of their own
// organization.
func onCreateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	role := r.GetString("role")
	switch {
	case e.HasSuperuserAuth():
		// A student a superuser creates is the college's own: enrolled,
		// unless the request says otherwise.
		if info, err := e.RequestInfo(); err == nil && role == access.RoleStudent {
			if _, given := info.Body["enrolled"]; !given {
				r.Set("enrolled", true)
			}
		}
	case e.Auth == nil:
		if role != access.RoleStudent {
			return apierror.FieldError("role", apierror.CodeForbiddenField, "Sign-up is for students only; ask your college coordinator for a staff account.")
		}
		if bad := fields.Given(r, []string{"organization", "enrolled"}); len(bad) > 0 {
			return apierror.ForbiddenFields(bad...)
		}
		onRoster, err := OnRoster(e.App, r.GetString("institution"), r.GetString("register_no"))
		if err != nil {
			return err
		}
		if onRoster {
			return apierror.FieldError("register_no", apierror.CodeDuplicate, RosterMessage)
		}
	case access.Is(e.Auth, access.RoleCoordinator):
		switch role {
		case access.RoleMentor:
			inst := access.Institution(e.Auth)
			if r.GetString("institution") == "" {
				r.Set("institution", inst)
			}
			if r.GetString("institution") != inst {
				return apierror.FieldError("institution", apierror.CodeForbiddenField, "You can create mentors for your own institution only.")
			}
			if bad := fields.Given(r, []string{"organization", "register_no", "enrolled"}); len(bad) > 0 {
				return apierror.ForbiddenFields(bad...)
			}
		case access.RoleSupervisor:
			if bad := fields.Given(r, []string{"institution", "register_no", "enrolled"}); len(bad) > 0 {
				return apierror.ForbiddenFields(bad...)
			}
			n, err := supervisorsOf(e.App, r.GetString("organization"))
			if err != nil {
				return err
			}
			if n > 0 {
				return apierror.Forbidden("This organization already has a supervisor; they add their colleagues themselves.")
			}
		default:
			return apierror.FieldError("role", apierror.CodeForbiddenField, "Coordinators create mentor and supervisor accounts only.")
		}
	case access.Is(e.Auth, access.RoleSupervisor):
		org := e.Auth.GetString("organization")
		if role != access.RoleSupervisor {
			return apierror.Forbidden("Supervisors add supervisor accounts of their own organization only.")
		}
		if r.GetString("organization") == "" {
			r.Set("organization", org)
		}
		if r.GetString("organization") != org {
			return apierror.Forbidden("You can add supervisors of your own organization only.")
		}
		if bad := fields.Given(r, []string{"institution", "register_no", "enrolled"}); len(bad) > 0 {
			return apierror.ForbiddenFields(bad...)
		}
	default:
		return apierror.Forbidden("Only coordinators and supervisors create accounts for others.")
	}
	return e.Next()
}

// OnRoster reports whether a student with registerNo already exists in
// institution (on its roster, imported or signed up). A failed read is an
// error, never "not on the roster".
func OnRoster(app core.App, institution, registerNo string) (bool, error) {
	if institution == "" || registerNo == "" {
		return false, nil
	}
	var n int
	err := app.DB().Select("count(*)").From(Collection).
		Where(dbx.HashExp{"role": access.RoleStudent, "institution": institution, "register_no": registerNo}).Row(&n)
	if err != nil {
		return false, apierror.Internal(app, "look up a register number", err)
	}
	return n > 0, nil
}

// supervisorsOf counts the supervisors of an organization (an unknown or
// empty one has none; the record validation refuses it).
func supervisorsOf(app core.App, organization string) (int, error) {
	var n int
	err := app.DB().Select("count(*)").From(Collection).
		Where(dbx.HashExp{"role": access.RoleSupervisor, "organization": organization}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("count the supervisors of %q: %w", organization, err)
	}
	return n, nil
}

// onUpdateRequest: role, institution, organization, register_no and enrolled
// change only by superusers; register_no also by the coordinator of the
// user's institution, and enrolled by that coordinator to true only (the
// update rule already limits coordinators to their own students and
// mentors).
func onUpdateRequest(e *core.RecordRequestEvent) error {
	if !e.HasSuperuserAuth() {
		allowed := []string{}
		if e.Auth != nil && e.Auth.Id == e.Record.Id {
			// Only the account's owner chooses its language.
			allowed = append(allowed, "language")
		}
		if access.Is(e.Auth, access.RoleCoordinator) && e.Auth.Id != e.Record.Id {
			allowed = append(allowed, "register_no")
			if Enrolled(e.Record) {
				allowed = append(allowed, "enrolled")
			}
		}
		var bad []string
		for _, f := range fields.ChangedAmong(e.Record, restricted) {
			if !slices.Contains(allowed, f) {
				bad = append(bad, f)
			}
		}
		if len(bad) > 0 {
			return apierror.ForbiddenFields(bad...)
		}
	}
	return e.Next()
}

// onValidate keeps every account consistent with its role, whoever saves it.
func onValidate(e *core.RecordEvent) error {
	r := e.Record
	role := r.GetString("role")
	need := func(field, msg string) error {
		if r.GetString(field) == "" || (field == "semester" && r.GetInt(field) == 0) {
			return apierror.ValidationError(field, "validation_required", msg)
		}
		return nil
	}
	forbid := func(field, msg string) error {
		if v := r.GetString(field); v != "" && v != "0" && v != "false" {
			return apierror.ValidationError(field, apierror.CodeForbiddenField, msg)
		}
		return nil
	}
	if l := r.GetString("language"); l != "" && !slices.Contains(Languages, l) {
		return apierror.ValidationError("language", "validation_invalid_value", LanguageMessage)
	}
	var checks []error
	switch role {
	case access.RoleStudent:
		checks = []error{
			need("institution", "Choose your institution."),
			need("register_no", "Enter your register number."),
			need("semester", "Enter your current semester (1 to 8)."),
			forbid("organization", "Students do not belong to a host organization."),
		}
	case access.RoleMentor:
		checks = []error{
			forbid("enrolled", "Only students are enrolled."),
			need("institution", "A mentor belongs to an institution; choose it."),
			forbid("organization", "A mentor does not belong to a host organization."),
		}
	case access.RoleCoordinator:
		checks = []error{
			forbid("enrolled", "Only students are enrolled."),
			need("institution", "A coordinator belongs to an institution; choose it."),
			forbid("organization", "A coordinator does not belong to a host organization."),
		}
	case access.RoleSupervisor:
		checks = []error{
			forbid("enrolled", "Only students are enrolled."),
			need("organization", "A supervisor belongs to a host organization; choose it."),
			forbid("institution", "A supervisor does not belong to an institution."),
		}
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return e.Next()
}

// onCreate tells the coordinators of a student's institution that a
// self-registered student waits for their enrolment (in the transaction of
// the sign-up).
func onCreate(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	r := e.Record
	if r.GetString("role") != access.RoleStudent || Enrolled(r) {
		return nil
	}
	ids, err := institutions.Coordinators(e.App, r.GetString("institution"))
	if err != nil {
		return err
	}
	notices := make([]notifications.Notice, 0, len(ids))
	for _, id := range ids {
		notices = append(notices, notifications.Notice{
			User: id, Kind: "users.enrolment_requested", Record: r.Id, Link: "/enrolments",
			Title: "A student waits for enrolment",
			Body:  fmt.Sprintf("%s (register number %s) signed up as a student of your college. Enrol them if they are yours; delete the account if not.", r.GetString("name"), r.GetString("register_no")),
		})
	}
	return notifications.Notify(e.App, notices...)
}

// onUpdate tells a student that their college has confirmed their
// enrolment (whoever enrolled them: the coordinator, a superuser or a roster
// import).
func onUpdate(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	r := e.Record
	if r.GetString("role") != access.RoleStudent || !Enrolled(r) || Enrolled(r.Original()) {
		return nil
	}
	return notifications.Notify(e.App, notifications.Notice{
		User: r.Id, Kind: "users.enrolled", Record: r.Id, Link: "/internships",
		Title: "Your college confirmed your enrolment",
		Body:  "You can now apply for internships.",
	})
}
