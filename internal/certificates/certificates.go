// Package certificates holds the verifiable credit certificates: issued by
// the server at completion, revocable by the institution, never created,
// edited or deleted through the API otherwise.
package certificates

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/access"
)

// Collection names of the certificates domain.
const (
	Collection  = "certificates"
	SigningKeys = "signing_keys"
)

// Statuses of a certificate.
const (
	StatusValid      = "valid"
	StatusRevoked    = "revoked"
	StatusSuperseded = "superseded"
)

// Register binds the certificates hooks to app.
func Register(app core.App) {
	access.Protect(app, Collection, access.Policy{
		NoCreate:      true,
		CreateMessage: "Certificates are issued by the server when a placement is completed.",
		NoDelete:      true,
		DeleteMessage: "Certificates are never deleted; revoke it instead.",
	})
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
}

// onUpdateRequest allows one API edit, for superusers too: revocation of a
// valid certificate with a reason.
func onUpdateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	if bad := access.ChangedOutside(r, []string{"status", "revoke_reason"}); len(bad) > 0 {
		return access.ForbiddenFields(bad...)
	}
	from, to := r.Original().GetString("status"), r.GetString("status")
	if from != StatusValid || to != StatusRevoked {
		if from != StatusValid {
			return access.FieldError("status", access.CodeLocked, "This certificate is "+from+" and can no longer change.")
		}
		return access.FieldError("status", access.CodeInvalidTransition, "A certificate can only be revoked: set status to revoked with a reason.")
	}
	if r.GetString("revoke_reason") == "" {
		return access.FieldError("revoke_reason", "validation_required", "Give the reason for revoking the certificate.")
	}
	r.Set("revoked_at", types.NowDateTime())
	if e.Auth != nil && !e.HasSuperuserAuth() {
		r.Set("revoked_by", e.Auth.Id)
	}
	return e.Next()
}
