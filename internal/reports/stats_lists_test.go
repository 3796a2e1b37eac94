package reports_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/reports"
)

// setStatus writes a status straight into the database: the workflow that
// would lead there is not under test.
func setStatus(t *testing.T, app core.App, collection string, rec *core.Record, status string) {
	t.Helper()
	_, err := app.DB().Update(collection, dbx.Params{"status": status}, dbx.HashExp{"id": rec.Id}).Execute()
	apptest.Must(t, err)
}

// richStatsWorld is statsWorld with records in more statuses on both
// sides: reviewed (approved, rejected) logbook entries next to the pending
// ones, closed and cancelled postings, applications across tenants in
// several states, a completed placement and more certificates.
func richStatsWorld(t *testing.T) (*apptest.World, *apptest.Client) {
	t.Helper()
	w, c := statsWorld(t)
	app := w.App
	day := func(offset int) any { return apptest.Day(app, offset) }

	// Reviewed entries of both placements (S1 with X, S3 with Y).
	ps, err := app.FindRecordsByFilter("placements", "student = {:s}", "", 1, 0, dbx.Params{"s": w.S3.Id})
	apptest.Must(t, err)
	if len(ps) != 1 {
		t.Fatalf("S3 placements: %d", len(ps))
	}
	s3Placement := ps[0]
	for i, p := range []*core.Record{w.Placement, s3Placement, w.Placement, s3Placement} {
		e := apptest.Save(t, app, "logbook_entries", map[string]any{
			"placement": p.Id, "date": day(-2 - i), "hours": 3, "activity": "Reviewed the pull requests of the week.", "status": "pending",
		})
		setStatus(t, app, "logbook_entries", e, []string{"approved", "approved", "rejected", "rejected"}[i])
	}

	// Postings of both organizations in the other statuses.
	posting := func(org *core.Record, sup apptest.User, status string) *core.Record {
		r := apptest.Save(t, app, "internships", map[string]any{
			"organization": org.Id, "supervisor": sup.Id, "title": "Posting " + status, "seats": 2,
			"starts_on": w.Start, "ends_on": w.End, "apply_by": w.Start, "hours": 60, "status": "open",
		})
		setStatus(t, app, "internships", r, status)
		return r
	}
	closedX := posting(w.OrgX, w.SupX, "closed")
	closedY := posting(w.OrgY, w.SupY, "closed")
	posting(w.OrgX, w.SupX, "cancelled")
	posting(w.OrgY, w.SupY, "cancelled")

	// Applications across tenants: students of A to Y, the student of B to X.
	application := func(internship, org *core.Record, student apptest.User, inst *core.Record, status string, endorsed bool) {
		data := map[string]any{
			"internship": internship.Id, "student": student.Id, "institution": inst.Id, "organization": org.Id,
			"status": "submitted", "statement": "Please consider me.",
		}
		if endorsed {
			data["endorsed_at"] = w.Start
		}
		r := apptest.Save(t, app, "applications", data)
		setStatus(t, app, "applications", r, status)
	}
	application(closedY, w.OrgY, w.S1, w.InstA, "rejected", true)
	application(closedY, w.OrgY, w.S2, w.InstA, "withdrawn", false)
	application(closedX, w.OrgX, w.S3, w.InstB, "offered", true)
	application(closedX, w.OrgX, w.S2, w.InstA, "shortlisted", true)

	// A completed placement of S2 with Y (mentor A), with a valid and a
	// superseded certificate.
	doneY := posting(w.OrgY, w.SupY, "closed")
	appS2 := apptest.Save(t, app, "applications", map[string]any{
		"internship": doneY.Id, "student": w.S2.Id, "institution": w.InstA.Id, "organization": w.OrgY.Id,
		"status": "submitted", "endorsed_at": w.Start,
	})
	setStatus(t, app, "applications", appS2, "accepted")
	pS2 := apptest.Save(t, app, "placements", map[string]any{
		"application": appS2.Id, "student": w.S2.Id, "internship": doneY.Id, "organization": w.OrgY.Id,
		"institution": w.InstA.Id, "supervisor": w.SupY.Id, "mentor": w.MentorA.Id, "status": "ongoing", "started_on": w.Start,
	})
	apptest.Save(t, app, "logbook_entries", map[string]any{
		"placement": pS2.Id, "date": day(-3), "hours": 5, "activity": "Presented the final dashboard to the team.", "status": "pending",
	})
	setStatus(t, app, "placements", pS2, "completed")
	certificate(t, w, pS2, "IB-2026-CCCCCCCC", "superseded", "2026-06-01")
	certificate(t, w, pS2, "IB-2026-DDDDDDDD", "valid", "2026-06-02")
	return w, c
}

// TestStatsEqualFilteredLists checks every figure of /api/ib/stats against
// the caller's own filtered lists (totalItems of
// filter=status="x"&perPage=1), for every role on both sides of two tenants
// and for a superuser: the stats count exactly what the caller can list.
func TestStatsEqualFilteredLists(t *testing.T) {
	t.Parallel()
	w, c := richStatsWorld(t)
	// Every list request comes from its own address, so PocketBase's
	// throttle of empty filtered lists (per address) does not slow the test.
	s := w.App.Settings()
	s.TrustedProxy.Headers = []string{"X-Forwarded-For"}
	apptest.Must(t, w.App.Save(s))
	n := 0
	count := func(t *testing.T, token, collection, status string) int {
		t.Helper()
		n++
		q := url.Values{"filter": {fmt.Sprintf("status=%q", status)}, "perPage": {"1"}}
		res := c.Do(http.MethodGet, "/api/collections/"+collection+"/records?"+q.Encode(), token, nil,
			"X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
		if res.Status != http.StatusOK {
			t.Fatalf("list %s status=%s: %d %s", collection, status, res.Status, res)
		}
		var body struct{ TotalItems int }
		apptest.Must(t, json.Unmarshal(res.Body, &body))
		return body.TotalItems
	}

	users := []struct {
		name string
		u    apptest.User
	}{
		{"student S1 of A", w.S1}, {"student S2 of A", w.S2}, {"student S3 of B", w.S3},
		{"mentor A", w.MentorA}, {"mentor B", w.MentorB},
		{"coordinator A", w.CoordA}, {"coordinator B", w.CoordB},
		{"supervisor X", w.SupX}, {"supervisor Y", w.SupY},
		{"superuser", w.Admin},
	}
	for _, tt := range users {
		t.Run(tt.name, func(t *testing.T) {
			got := stats(t, c, tt.u.Token)
			for collection, counts := range map[string]map[string]int{
				"internships": got.Internships, "applications": got.Applications,
				"placements": got.Placements, "certificates": got.Certificates,
			} {
				statuses, err := reports.Statuses(w.App, collection)
				apptest.Must(t, err)
				if len(counts) != len(statuses) {
					t.Errorf("%s has keys %v, want exactly the statuses %v", collection, counts, statuses)
				}
				for _, st := range statuses {
					want := count(t, tt.u.Token, collection, st)
					if counts[st] != want {
						t.Errorf("%s %s = %d, the caller's list shows %d", collection, st, counts[st], want)
					}
				}
			}
			if want := count(t, tt.u.Token, "logbook_entries", "pending"); got.LogbookPending != want {
				t.Errorf("logbook_pending = %d, the caller's list shows %d", got.LogbookPending, want)
			}
		})
	}
	// The world is rich enough for the comparison to mean something: the
	// superuser sees records in these states.
	all := stats(t, c, w.Admin.Token)
	for name, n := range map[string]int{
		"internships closed": all.Internships["closed"], "internships cancelled": all.Internships["cancelled"],
		"internships draft": all.Internships["draft"], "applications offered": all.Applications["offered"],
		"applications rejected": all.Applications["rejected"], "applications withdrawn": all.Applications["withdrawn"],
		"placements completed": all.Placements["completed"], "certificates superseded": all.Certificates["superseded"],
		"certificates revoked": all.Certificates["revoked"],
	} {
		if n == 0 {
			t.Errorf("the world has no %s", name)
		}
	}
}
