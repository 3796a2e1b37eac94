// Package certificates holds the verifiable credit certificates: issued by
// the server in the completion transaction (PDF with QR code, SHA-256,
// Ed25519 signature over the canonical JSON of the signed facts), verified by
// anyone through /verify and /api/ib/verify, published as Open Badges 3.0
// credentials, revocable by the institution and reissued with a new number;
// never created, edited or deleted through the API otherwise.
package certificates

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/status"
	"github.com/internbase/internbase/internal/transaction"
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

// mutable are the only fields that change after issue (revocation).
var mutable = []string{"status", "revoke_reason", "revoked_at", "revoked_by"}

// Machine is the status machine of a certificate (DESIGN.md §3): the
// coordinator of the institution revokes a valid certificate with a reason;
// the server supersedes it when it reissues; revoked and superseded are
// final.
var Machine = &status.Machine{
	Noun:   "certificate",
	States: []string{StatusValid, StatusRevoked, StatusSuperseded},
	Actors: map[string]string{access.RoleCoordinator: "the coordinator of the institution"},
	Moves: []status.Move{
		{From: StatusValid, To: StatusRevoked, By: []string{access.RoleCoordinator}, Verb: "revoke a certificate", Requires: []string{"revoke_reason"}},
		{From: StatusValid, To: StatusSuperseded, By: []string{status.System}, Refusal: "A certificate is superseded only when it is reissued."},
	},
}

// ErrNoDelete refuses the deletion of a certificate, for every caller.
var ErrNoDelete = errors.New("certificates are never deleted; revoke them instead")

// Register binds the certificates hooks and routes to app.
func Register(app core.App) {
	audit.Track(app, audit.Spec{Collection: Collection, Reason: "revoke_reason", Created: Collection + ".issue",
		Actions: map[string]string{StatusRevoked: Collection + ".revoke"}})
	fields.Protect(app, Collection, fields.Policy{
		NoCreate:      true,
		CreateMessage: "Certificates are issued by the server when a placement is completed.",
		NoDelete:      true,
		DeleteMessage: "Certificates are never deleted; revoke it instead.",
	})
	transaction.Requests(app, Collection)
	transaction.Saves(app, Collection)
	app.OnRecordUpdateRequest(Collection).BindFunc(onUpdateRequest)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
	app.OnRecordCreate(Collection).BindFunc(assignStatusIndex)
	app.OnRecordDelete(Collection).BindFunc(func(e *core.RecordEvent) error { return ErrNoDelete })
	// A private signing key never leaves the server, superusers included
	// (the admin UI and API show the public part only).
	// PocketBase unhides hidden fields for superusers at the end of the
	// enrich chain, so the key is hidden again after it.
	app.OnRecordEnrich(SigningKeys).BindFunc(func(e *core.RecordEnrichEvent) error {
		r := e.Record
		err := e.Next()
		r.Hide("private_key")
		return err
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if _, err := ActiveKey(e.App); err != nil {
			return err
		}
		bindRoutes(e)
		return e.Next()
	})
}

// onUpdateRequest allows one API edit, for superusers too: revocation of a
// valid certificate with a reason.
func onUpdateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	if bad := fields.ChangedOutside(r, []string{"status", "revoke_reason"}); len(bad) > 0 {
		return apierror.ForbiddenFields(bad...)
	}
	from, to := r.Original().GetString("status"), r.GetString("status")
	if from == to && !fields.Changed(r, "revoke_reason") {
		return e.Next()
	}
	if to != StatusRevoked {
		if from != StatusValid {
			return apierror.FieldError("status", apierror.CodeLocked, "This certificate is "+from+" and can no longer change.")
		}
		return apierror.FieldError("status", apierror.CodeInvalidTransition, "A certificate can only be revoked: set status to revoked with a reason.")
	}
	if e.Auth != nil && !e.HasSuperuserAuth() {
		r.Set("revoked_by", e.Auth.Id)
	}
	return e.Next()
}

// onUpdate keeps a certificate's facts immutable and its status machine
// (valid → revoked | superseded, both final) for every save.
func onUpdate(e *core.RecordEvent) error {
	r := e.Record
	fresh, err := e.App.FindRecordById(Collection, r.Id)
	if err != nil {
		return err
	}
	var changed []string
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if f.Type() == core.FieldTypeAutodate || name == "id" || contains(mutable, name) {
			continue
		}
		if fields.Differs(r, fresh, name) {
			changed = append(changed, name)
		}
	}
	if len(changed) > 0 {
		return apierror.ForbiddenFields(changed...)
	}
	from, to := fresh.GetString("status"), r.GetString("status")
	if Machine.Terminal(from) {
		if from != to || fields.Differs(r, fresh, "revoke_reason") {
			return apierror.FieldError("status", apierror.CodeLocked, "This certificate is "+from+" and can no longer change.")
		}
		return e.Next()
	}
	if from == to {
		if fields.Differs(r, fresh, "revoke_reason") || fields.Differs(r, fresh, "revoked_by") {
			return apierror.FieldError("status", apierror.CodeInvalidTransition, "Set status to revoked to revoke the certificate.")
		}
		return e.Next()
	}
	if err := Machine.Enforce(from, to, status.Superuser); err != nil {
		return err
	}
	if Machine.Missing(from, to, r) == "revoke_reason" {
		return apierror.FieldError("revoke_reason", "validation_required", "Give the reason for revoking the certificate.")
	}
	if to == StatusRevoked {
		r.Set("revoked_at", clock.Now(e.App))
	}
	return e.Next()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
