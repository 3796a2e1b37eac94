// Package applications holds the application workflow: who applies, who sees
// an application when, and its status machine.
package applications

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/access"
)

// Collection is the applications collection.
const Collection = "applications"

// Statuses of an application.
const (
	StatusSubmitted   = "submitted"
	StatusEndorsed    = "endorsed"
	StatusShortlisted = "shortlisted"
	StatusOffered     = "offered"
	StatusAccepted    = "accepted"
	StatusDeclined    = "declined"
	StatusRejected    = "rejected"
	StatusWithdrawn   = "withdrawn"
	StatusExpired     = "expired"
)

// ServerFields are set by hooks only.
var ServerFields = []string{"student", "endorsed_by", "decided_by", "institution", "organization", "endorsed_at"}

// Register binds the applications hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		Server: ServerFields,
		Fixed:  []string{"internship"},
	})
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
}

// onCreateRequest fills the server fields of a new application from the
// caller and the internship.
func onCreateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	if r.GetString("status") != "" {
		return access.ForbiddenFields("status")
	}
	if e.Auth == nil || !access.Is(e.Auth, access.RoleStudent) {
		return access.Forbidden("Only students apply for internships.")
	}
	internship, err := e.App.FindRecordById("internships", r.GetString("internship"))
	if err != nil {
		return access.FieldError("internship", "validation_missing_rel_records", "Choose an existing internship.")
	}
	r.Set("student", e.Auth.Id)
	r.Set("institution", access.Institution(e.Auth))
	r.Set("organization", internship.GetString("organization"))
	r.Set("status", StatusSubmitted)
	if !requiresEndorsement(e.App, access.Institution(e.Auth)) {
		r.Set("status", StatusEndorsed)
		r.Set("endorsed_at", types.NowDateTime())
	}
	return e.Next()
}

func requiresEndorsement(app core.App, institution string) bool {
	inst, err := app.FindRecordById("institutions", institution)
	if err != nil {
		return true
	}
	reg, err := app.FindRecordById("regulations", inst.GetString("regulation"))
	if err != nil {
		return true
	}
	return reg.GetBool("requires_endorsement")
}
