// Package organizations holds the rules of host organisations: coordinators
// manage them, and their own supervisors edit only their public profile.
package organizations

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/transaction"
)

// Collection is the organizations collection.
const Collection = "organizations"

// SupervisorFields are the fields an organization's supervisors may change.
var SupervisorFields = []string{"about", "logo", "website"}

// Register binds the organizations hooks to app.
func Register(app core.App) {
	fields.Protect(app, Collection, fields.Policy{
		Server: []string{"registered_by"},
		Writable: func(auth, _ *core.Record) ([]string, bool) {
			if access.Is(auth, access.RoleSupervisor) {
				return SupervisorFields, true
			}
			return nil, false
		},
	})
	// Every save of an organization runs with its hooks' side effects in one
	// transaction (charges_fee closes postings and withdraws applications).
	transaction.Saves(app, Collection)
	// The caller is left on the record for the audit trail of verification.
	transaction.ChangeRequests(app, Collection)
	audit.Track(app, audit.Spec{
		Collection: Collection,
		Status:     verification,
		Actions:    map[string]string{"verified": Collection + ".verified"},
		// A host belongs to no college: the event is filed with the college
		// of the coordinator who verified it (none for a superuser).
		Institution: func(_ core.App, r *core.Record) (string, error) { return access.Institution(access.Actor(r)), nil },
	})
	app.OnRecordValidate(Collection).BindFunc(onValidate)
}

// verification is an organization's verification as the audit trail states
// it.
func verification(r *core.Record) string {
	if Of(r).Verified() {
		return "verified"
	}
	return "unverified"
}

// onValidate checks the GSTIN and CIN a host gives, whoever saves it.
func onValidate(e *core.RecordEvent) error {
	if msg := CheckGSTIN(e.Record.GetString("gstin")); msg != "" {
		return apierror.ValidationError("gstin", "validation_invalid_format", msg)
	}
	if msg := CheckCIN(e.Record.GetString("cin")); msg != "" {
		return apierror.ValidationError("cin", "validation_invalid_format", msg)
	}
	return e.Next()
}

// Organization is a host organisation as later domains read it: a proxy of
// its record with typed getters.
type Organization struct {
	core.BaseRecordProxy
}

// Of wraps an organization's record.
func Of(r *core.Record) *Organization {
	o := &Organization{}
	o.SetProxyRecord(r)
	return o
}

// Find reads an organization with app (sql.ErrNoRows when there is none).
func Find(app core.App, id string) (*Organization, error) {
	r, err := app.FindRecordById(Collection, id)
	if err != nil {
		return nil, err
	}
	return Of(r), nil
}

// Name is the organization's name.
func (o *Organization) Name() string { return o.GetString("name") }

// Verified reports whether a coordinator or superuser has verified the
// organization (only then do its postings open).
func (o *Organization) Verified() bool { return o.GetBool("verified") }

// ChargesFee reports whether the organization charges students a fee (its
// postings then take no applications).
func (o *Organization) ChargesFee() bool { return o.GetBool("charges_fee") }
