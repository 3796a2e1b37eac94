package migrations

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The audience of a student's profile, kept on the student's own row so that
// the users read rule joins no other table: `hosts` (the organizations with
// an application of the student that was endorsed) and `mentors` (the
// mentors of the student's placements). Both are hidden server fields kept
// exact by the applications and placements hooks in the same transaction as
// every change; they replace the rule's back-relation joins
// (applications_via_student, placements_via_student), which PocketBase
// evaluated for every user row of every list and every expanded user.
func init() {
	mentorBefore := and(isMentor, `placements_via_student.mentor ?= @request.auth.id`)
	mentorAfter := and(isMentor, `mentors:each ?= @request.auth.id`)
	hostBefore := and(isSupervisor, `applications_via_student.organization ?= @request.auth.organization`,
		`applications_via_student.endorsed_at ?!= ""`)
	hostAfter := and(isSupervisor, `hosts:each ?= @request.auth.organization`)
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.Add(
			&core.RelationField{Name: "hosts", CollectionId: collectionID("organizations"), MaxSelect: 10000, Hidden: true},
			&core.RelationField{Name: "mentors", CollectionId: collectionID("users"), MaxSelect: 10000, Hidden: true},
		)
		if err := replaceRule(users, mentorBefore, mentorAfter); err != nil {
			return err
		}
		if err := replaceRule(users, hostBefore, hostAfter); err != nil {
			return err
		}
		if err := app.Save(users); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE users SET hosts = COALESCE((SELECT json_group_array(organization) FROM (SELECT DISTINCT organization FROM applications
				WHERE student = users.id AND endorsed_at != '' AND organization != '' ORDER BY organization)), '[]')`,
			`UPDATE users SET mentors = COALESCE((SELECT json_group_array(mentor) FROM (SELECT DISTINCT mentor FROM placements
				WHERE student = users.id AND mentor != '' ORDER BY mentor)), '[]')`,
		} {
			if _, err := app.DB().NewQuery(q).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		if err := replaceRule(users, mentorAfter, mentorBefore); err != nil {
			return err
		}
		if err := replaceRule(users, hostAfter, hostBefore); err != nil {
			return err
		}
		users.Fields.RemoveByName("hosts")
		users.Fields.RemoveByName("mentors")
		return app.Save(users)
	})
}

// replaceRule replaces one branch in the list and view rules of c.
func replaceRule(c *core.Collection, from, to string) error {
	for _, rule := range []*string{c.ListRule, c.ViewRule} {
		if rule == nil || !strings.Contains(*rule, from) {
			return fmt.Errorf("%s rule does not contain %q", c.Name, from)
		}
		*rule = strings.Replace(*rule, from, to, 1)
	}
	return nil
}
