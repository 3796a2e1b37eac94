package applications_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/institutions"
)

// breakDB runs a schema change that makes one read of a check fail.
func breakDB(t *testing.T, w *apptest.World, sql string) {
	t.Helper()
	_, err := w.App.DB().NewQuery(sql).Execute()
	apptest.Must(t, err)
}

// refused asserts a 500 with the generic message (no SQL, no table name).
func refused(t *testing.T, res *apptest.Response) {
	t.Helper()
	if res.Status != http.StatusInternalServerError || res.JSON()["message"] != apierror.InternalMessage {
		t.Fatalf("got %d %s, want 500 with the generic message", res.Status, res)
	}
	low := strings.ToLower(res.String())
	for _, leak := range []string{"sql", "select", "no such", "placements", "course_completions", "users"} {
		if strings.Contains(low, leak) {
			t.Errorf("the answer leaks %q: %s", leak, res)
		}
	}
}

// A database error in a check of the application create refuses the
// request (500, generic) and writes nothing — it never lets it through.
func TestApplyRefusedWhenACheckCannotRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		over   func(w *apptest.World) map[string]any
		break_ string
	}{
		// The busy check counts the student's ongoing placements.
		{"ongoing placements", func(*apptest.World) map[string]any { return nil },
			"ALTER TABLE placements RENAME TO placements_gone"},
		// The prerequisites check reads the student's completed courses.
		{"completed courses", func(w *apptest.World) map[string]any {
			// The world's course is of A: the posting must be limited to A.
			return map[string]any{"required_courses": []string{w.Course.Id}, "eligible_institutions": []string{w.InstA.Id}}
		}, "ALTER TABLE course_completions RENAME TO course_completions_gone"},
		// The regulation decides eligibility (and the starting status).
		{"regulation", func(*apptest.World) map[string]any { return nil },
			"ALTER TABLE regulations RENAME TO regulations_gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := apptest.NewWorld(t)
			c := apptest.NewClient(t, w.App)
			p := posting(t, w, tt.over(w))
			before := count(t, w.App, "applications", nil)
			notices := count(t, w.App, "notifications", nil)
			breakDB(t, w, tt.break_)
			res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": p.Id, "statement": "Please."})
			refused(t, res)
			if n := count(t, w.App, "applications", nil); n != before {
				t.Errorf("applications: %d → %d", before, n)
			}
			if n := count(t, w.App, "applications", dbx.HashExp{"student": w.S2.Id, "internship": p.Id}); n != 0 {
				t.Errorf("the application was written")
			}
			if n := count(t, w.App, "notifications", nil); n != notices {
				t.Errorf("notifications: %d → %d", notices, n)
			}
		})
	}
}

// Accepting an offer counts the student's ongoing placements; when that
// count fails the offer stays offered and no placement is created.
func TestAcceptRefusedWhenBusyCheckCannotRead(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	p := posting(t, w, nil)
	a := application(t, w, w.S2, p, "offered", nil)
	breakDB(t, w, "ALTER TABLE placements RENAME COLUMN status TO status_gone")
	res := c.Do(http.MethodPatch, apps+"/"+a.Id, w.S2.Token, map[string]any{"status": "accepted"})
	refused(t, res)
	fresh, err := w.App.FindRecordById("applications", a.Id)
	apptest.Must(t, err)
	if fresh.GetString("status") != "offered" {
		t.Errorf("status = %s, want offered", fresh.GetString("status"))
	}
}

// The coordinators of an institution are read to notify them of a new
// application; when that read fails the application is not saved with its
// notices silently dropped, even by an internal save.
func TestNewApplicationRefusedWhenCoordinatorsCannotBeRead(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	p := posting(t, w, nil)
	before := count(t, w.App, "applications", nil)
	notices := count(t, w.App, "notifications", nil)
	breakDB(t, w, "ALTER TABLE users RENAME COLUMN role TO role_gone")
	if _, err := institutions.Coordinators(w.App, w.InstA.Id); err == nil {
		t.Fatal("Coordinators on a broken table: no error")
	}
	col, err := w.App.FindCollectionByNameOrId("applications")
	apptest.Must(t, err)
	r := core.NewRecord(col)
	r.Load(map[string]any{"internship": p.Id, "student": w.S2.Id, "institution": w.InstA.Id,
		"organization": w.OrgX.Id, "status": "submitted"})
	if err := w.App.Save(r); err == nil {
		t.Fatal("the application was saved without its coordinators' notices")
	}
	if n := count(t, w.App, "applications", nil); n != before {
		t.Errorf("applications: %d → %d", before, n)
	}
	if n := count(t, w.App, "notifications", nil); n != notices {
		t.Errorf("notifications: %d → %d", notices, n)
	}
}
