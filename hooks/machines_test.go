package hooks_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/evaluations"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/logbooks"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/status"
	"github.com/internbase/internbase/internal/submissions"
)

// Every status field of the schema is one status.Machine of its domain: the
// machine's states are exactly the field's select values, in order; every
// move's actors are roles of the users collection, the reviewer role of
// submissions or the server; every field a move requires exists. An
// evaluation's state is its submitted flag.
func TestMachinesMatchTheSchema(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	machines := map[string]*status.Machine{
		internships.Collection:  internships.Machine,
		applications.Collection: applications.Machine,
		placements.Collection:   placements.Machine,
		logbooks.Collection:     logbooks.Machine,
		submissions.Submissions: submissions.Machine,
		evaluations.Collection:  evaluations.Machine,
		certificates.Collection: certificates.Machine,
	}
	actors := []string{access.RoleStudent, access.RoleMentor, access.RoleCoordinator, access.RoleSupervisor, status.System, submissions.ActorReviewer}
	for name, m := range machines {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch f := col.Fields.GetByName("status").(type) {
		case *core.SelectField:
			if !slices.Equal(f.Values, m.States) {
				t.Errorf("%s: machine states %v, schema's status values %v", name, m.States, f.Values)
			}
		case nil:
			if _, ok := col.Fields.GetByName("submitted").(*core.BoolField); name != evaluations.Collection || !ok {
				t.Errorf("%s: no status select field", name)
			}
			if !slices.Equal(m.States, []string{evaluations.StateDraft, evaluations.StateSubmitted}) {
				t.Errorf("%s: states %v", name, m.States)
			}
		default:
			t.Errorf("%s: status is a %T", name, f)
		}
		for _, mv := range m.Moves {
			if !m.Valid(mv.From) || !m.Valid(mv.To) || mv.From == mv.To {
				t.Errorf("%s: move %s → %s outside the states", name, mv.From, mv.To)
			}
			if len(mv.By) == 0 {
				t.Errorf("%s: nobody may make %s → %s", name, mv.From, mv.To)
			}
			for _, a := range mv.By {
				if !slices.Contains(actors, a) {
					t.Errorf("%s: %s → %s by unknown actor %q", name, mv.From, mv.To, a)
				}
			}
			for _, f := range mv.Requires {
				if col.Fields.GetByName(f) == nil {
					t.Errorf("%s: %s → %s requires %q, not a field", name, mv.From, mv.To, f)
				}
			}
		}
	}
}
