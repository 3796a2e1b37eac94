package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The Open Badges credential identifies the student by a salted hash of
// their email address (DESIGN.md §3, "Standard credentials"): each
// certificate keeps, server-only, the student's email at issue time and a
// random salt of its own. Certificates issued before this migration get the
// current email of their student and a fresh random salt.
//
// The credential route /api/ib/credentials/ is rate-limited like verify
// (60 a minute per IP).
func init() {
	m.Register(upCredentialIdentity, downCredentialIdentity)
}

const credentialsRateLabel = "/api/ib/credentials/"

func upCredentialIdentity(app core.App) error {
	certificates, err := app.FindCollectionByNameOrId("certificates")
	if err != nil {
		return err
	}
	if certificates.Fields.GetByName("student_email") == nil {
		certificates.Fields.Add(&core.TextField{Name: "student_email", Max: 255, Hidden: true})
	}
	if certificates.Fields.GetByName("identity_salt") == nil {
		certificates.Fields.Add(&core.TextField{Name: "identity_salt", Max: 64, Hidden: true})
	}
	if err := app.Save(certificates); err != nil {
		return err
	}
	// Straight SQL: the certificates' model hooks keep issued facts
	// immutable, and this backfill is the one exception.
	_, err = app.DB().NewQuery(`UPDATE {{certificates}} SET
		[[student_email]] = COALESCE((SELECT [[email]] FROM {{users}} WHERE {{users}}.[[id]] = {{certificates}}.[[student]]), ''),
		[[identity_salt]] = lower(hex(randomblob(16)))
		WHERE [[identity_salt]] = ''`).Execute()
	if err != nil {
		return err
	}

	s := app.Settings()
	if !slices.ContainsFunc(s.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == credentialsRateLabel }) {
		rule := core.RateLimitRule{Label: credentialsRateLabel, MaxRequests: 60, Duration: 60}
		// Prefix rules match in order: put it before the general "/api/".
		at := slices.IndexFunc(s.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == "/api/ib/verify/" }) + 1
		s.RateLimits.Rules = slices.Insert(s.RateLimits.Rules, at, rule)
	}
	return app.Save(s)
}

func downCredentialIdentity(app core.App) error {
	s := app.Settings()
	s.RateLimits.Rules = slices.DeleteFunc(s.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == credentialsRateLabel })
	if err := app.Save(s); err != nil {
		return err
	}
	certificates, err := app.FindCollectionByNameOrId("certificates")
	if err != nil {
		return err
	}
	certificates.Fields.RemoveByName("student_email")
	certificates.Fields.RemoveByName("identity_salt")
	return app.Save(certificates)
}
