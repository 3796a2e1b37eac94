package applications_test

import (
	"net/http"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
)

// A host reads the profile of a student only through an endorsed application
// to that host — not because the student applied to it (unendorsed) and was
// endorsed somewhere else. (The users rule's two any-of conditions on
// applications_via_student share one join, so they hold for one application.)
func TestHostReadsOnlyStudentsEndorsedToIt(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	postingY := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgY.Id, "supervisor": w.SupY.Id, "title": "Survey", "seats": 2,
		"starts_on": apptest.Day(w.App, 30), "ends_on": apptest.Day(w.App, 60), "apply_by": apptest.Day(w.App, 20), "status": "open",
	})
	postingX := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data", "seats": 2,
		"starts_on": apptest.Day(w.App, 30), "ends_on": apptest.Day(w.App, 60), "apply_by": apptest.Day(w.App, 20), "status": "open",
	})
	// S2 applies to X (not endorsed) and is endorsed for Y.
	toX := apptest.Save(t, w.App, "applications", map[string]any{"internship": postingX.Id, "student": w.S2.Id,
		"institution": w.InstA.Id, "organization": w.OrgX.Id, "status": "submitted"})
	apptest.Save(t, w.App, "applications", map[string]any{"internship": postingY.Id, "student": w.S2.Id,
		"institution": w.InstA.Id, "organization": w.OrgY.Id, "status": "endorsed", "endorsed_by": w.CoordA.Id,
		"endorsed_at": apptest.Day(w.App, -1)})
	view := func(u apptest.User) int {
		return c.Do(http.MethodGet, "/api/collections/users/records/"+w.S2.Id, u.Token, nil).Status
	}
	if got := view(w.SupX); got != 404 {
		t.Fatalf("host X reads the profile of a student never endorsed to it: %d", got)
	}
	if got := view(w.SupY); got != 200 {
		t.Fatalf("host Y, endorsed to, cannot read the profile: %d", got)
	}
	// Once the coordinator endorses the application to X, X may read it.
	res := c.Do(http.MethodPatch, "/api/collections/applications/records/"+toX.Id, w.CoordA.Token, map[string]any{"status": "endorsed"})
	if res.Status != 200 {
		t.Fatalf("endorse: %d %s", res.Status, res.String())
	}
	if got := view(w.SupX); got != 200 {
		t.Fatalf("after endorsement host X cannot read the profile: %d", got)
	}
}
