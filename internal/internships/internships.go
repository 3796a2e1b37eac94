// Package internships holds the rules of postings by host organisations.
package internships

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
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

// Register binds the internships hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{Fixed: []string{"organization"}})

	app.OnRecordCreateRequest(Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		r := e.Record
		if !e.HasSuperuserAuth() {
			org := access.Organization(e.Auth)
			if r.GetString("organization") == "" {
				r.Set("organization", org)
			}
			if r.GetString("organization") != org {
				return access.FieldError("organization", access.CodeForbiddenField, "You can post internships for your own organization only.")
			}
			if r.GetString("supervisor") == "" {
				r.Set("supervisor", e.Auth.Id)
			}
		}
		if s := r.GetString("status"); s != "" && s != StatusDraft {
			return access.FieldError("status", access.CodeInvalidTransition, "A new internship starts as a draft; open it once it is ready.")
		}
		r.Set("status", StatusDraft)
		return e.Next()
	})

	app.OnRecordValidate(Collection).BindFunc(onValidate)
}

// onValidate: the supervisor of a posting is a supervisor of its organization.
func onValidate(e *core.RecordEvent) error {
	r := e.Record
	if r.GetString("status") == "" {
		r.Set("status", StatusDraft)
	}
	sup, err := e.App.FindRecordById(access.Users, r.GetString("supervisor"))
	if err != nil || sup.GetString("role") != access.RoleSupervisor || sup.GetString("organization") != r.GetString("organization") {
		return access.ValidationError("supervisor", access.CodeForbiddenField, "Choose a supervisor of the posting's organization.")
	}
	return e.Next()
}
