// Package users holds the rules of Internbase's accounts: student-only
// sign-up, coordinator-created staff, the fields only staff may change, and
// the role/tenancy invariants every save must keep.
package users

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the auth collection of every role.
const Collection = access.Users

// restricted are the fields a user may not change on their own profile.
var restricted = []string{"role", "institution", "organization", "register_no"}

// Register binds the users hooks to app.
func Register(app core.App) {
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
	app.OnRecordValidate(Collection).BindFunc(onValidate)
}

// onCreateRequest: guests sign up as students only; coordinators create
// mentors of their own institution and supervisors of any organization.
func onCreateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	role := r.GetString("role")
	switch {
	case e.HasSuperuserAuth():
	case e.Auth == nil:
		if role != access.RoleStudent {
			return access.FieldError("role", access.CodeForbiddenField, "Sign-up is for students only; ask your college coordinator for a staff account.")
		}
		if r.GetString("organization") != "" {
			return access.ForbiddenFields("organization")
		}
	case access.Is(e.Auth, access.RoleCoordinator):
		switch role {
		case access.RoleMentor:
			inst := access.Institution(e.Auth)
			if r.GetString("institution") == "" {
				r.Set("institution", inst)
			}
			if r.GetString("institution") != inst {
				return access.FieldError("institution", access.CodeForbiddenField, "You can create mentors for your own institution only.")
			}
			if bad := access.SetFields(r, []string{"organization", "register_no"}); len(bad) > 0 {
				return access.ForbiddenFields(bad...)
			}
		case access.RoleSupervisor:
			if bad := access.SetFields(r, []string{"institution", "register_no"}); len(bad) > 0 {
				return access.ForbiddenFields(bad...)
			}
		default:
			return access.FieldError("role", access.CodeForbiddenField, "Coordinators create mentor and supervisor accounts only.")
		}
	default:
		return access.Forbidden("Only coordinators create accounts for others.")
	}
	return e.Next()
}

// onUpdateRequest: role, institution, organization and register_no change
// only by superusers, and register_no also by the coordinator of the user's
// institution (the update rule already limits coordinators to their own
// students and mentors).
func onUpdateRequest(e *core.RecordRequestEvent) error {
	if !e.HasSuperuserAuth() {
		allowed := []string{}
		if access.Is(e.Auth, access.RoleCoordinator) && e.Auth.Id != e.Record.Id {
			allowed = append(allowed, "register_no")
		}
		var bad []string
		for _, f := range access.ChangedFields(e.Record, restricted) {
			if !slices.Contains(allowed, f) {
				bad = append(bad, f)
			}
		}
		if len(bad) > 0 {
			return access.ForbiddenFields(bad...)
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
			return access.ValidationError(field, "validation_required", msg)
		}
		return nil
	}
	forbid := func(field, msg string) error {
		if r.GetString(field) != "" && r.GetString(field) != "0" {
			return access.ValidationError(field, access.CodeForbiddenField, msg)
		}
		return nil
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
	case access.RoleMentor, access.RoleCoordinator:
		checks = []error{
			need("institution", "A "+role+" belongs to an institution; choose it."),
			forbid("organization", "A "+role+" does not belong to a host organization."),
		}
	case access.RoleSupervisor:
		checks = []error{
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
