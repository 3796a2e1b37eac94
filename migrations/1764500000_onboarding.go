package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Onboarding (DESIGN.md §3 users and organizations, §11): the college confirms
// its students (`enrolled`), hosts register themselves (`registered_by`, the
// GSTIN and CIN they give) and a coordinator verifies them; imported students
// sign in by a one-time code mailed to them (PocketBase's OTP auth).
//
// Students and organizations that exist before this migration were created by
// their college or a coordinator, so they start enrolled and verified.
func init() {
	m.Register(upOnboarding, downOnboarding)
}

func upOnboarding(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.Add(&core.BoolField{Name: "enrolled"})
	users.AddIndex("idx_users_institution_enrolled", false, "institution, enrolled", "role = 'student'")
	// A coordinator may delete an un-enrolled student of their institution
	// (a sign-up that is not theirs); the hooks refuse one with applications.
	users.DeleteRule = p(and(isCoordinator, `institution = @request.auth.institution`, `role = "student"`, `enrolled = false`))
	users.OTP.Enabled = true
	// Email addresses are one account each whatever their case: the roster
	// and sign-up refuse Anu@… when anu@… exists, and sign-in, one-time
	// codes and password resets find the account by any case (PocketBase
	// searches case-insensitively when this index is NOCASE).
	users.AddIndex("idx_email__pb_users_auth_", true, "`email` COLLATE NOCASE", "`email` != ''")
	if err := app.Save(users); err != nil {
		return err
	}

	orgs, err := app.FindCollectionByNameOrId("organizations")
	if err != nil {
		return err
	}
	orgs.Fields.Add(
		text("gstin", 0, 15, false),
		text("cin", 0, 21, false),
		rel("registered_by", "users", false),
	)
	orgs.AddIndex("idx_organizations_verified", false, "verified", "")
	if err := app.Save(orgs); err != nil {
		return err
	}

	if _, err := app.DB().NewQuery("UPDATE users SET enrolled = TRUE WHERE role = 'student'").Execute(); err != nil {
		return err
	}
	if _, err := app.DB().NewQuery("UPDATE organizations SET verified = TRUE").Execute(); err != nil {
		return err
	}

	// Host registration is rate-limited like sign-up.
	s := app.Settings()
	rules := []core.RateLimitRule{{Label: "/api/ib/hosts/register", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 10, Duration: 60}}
	s.RateLimits.Rules = append(rules, s.RateLimits.Rules...)
	return app.Save(s)
}

func downOnboarding(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.RemoveByName("enrolled")
	users.RemoveIndex("idx_users_institution_enrolled")
	users.DeleteRule = nil
	users.OTP.Enabled = false
	users.AddIndex("idx_email__pb_users_auth_", true, "`email`", "`email` != ''")
	if err := app.Save(users); err != nil {
		return err
	}
	orgs, err := app.FindCollectionByNameOrId("organizations")
	if err != nil {
		return err
	}
	for _, name := range []string{"gstin", "cin", "registered_by"} {
		orgs.Fields.RemoveByName(name)
	}
	orgs.RemoveIndex("idx_organizations_verified")
	if err := app.Save(orgs); err != nil {
		return err
	}
	s := app.Settings()
	s.RateLimits.Rules = slices.DeleteFunc(s.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == "/api/ib/hosts/register" })
	return app.Save(s)
}
