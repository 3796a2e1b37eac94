package reports_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/reports"
)

// statsWorld adds to the world a second tenant's records (S3 of B placed
// with Y, mentor B, a pending entry and a certificate), drafts of both
// organizations and S2's un-endorsed application to X.
func statsWorld(t *testing.T) (*apptest.World, *apptest.Client) {
	t.Helper()
	w, c := setup(t)
	app := w.App
	internY := apptest.Save(t, app, "internships", map[string]any{
		"organization": w.OrgY.Id, "supervisor": w.SupY.Id, "title": "Data intern", "seats": 2,
		"starts_on": w.Start, "ends_on": w.End, "apply_by": w.Start, "hours": 90, "status": "open",
	})
	for _, d := range []struct {
		org string
		sup apptest.User
	}{{w.OrgX.Id, w.SupX}, {w.OrgY.Id, w.SupY}} {
		apptest.Save(t, app, "internships", map[string]any{
			"organization": d.org, "supervisor": d.sup.Id, "title": "Draft", "seats": 1,
			"starts_on": w.End, "ends_on": w.End, "apply_by": w.Due, "hours": 60, "status": "draft",
		})
	}
	apptest.Save(t, app, "applications", map[string]any{
		"internship": w.Internship.Id, "student": w.S2.Id, "institution": w.InstA.Id, "organization": w.OrgX.Id,
		"status": "submitted", "statement": "Please.",
	})
	appS3 := apptest.Save(t, app, "applications", map[string]any{
		"internship": internY.Id, "student": w.S3.Id, "institution": w.InstB.Id, "organization": w.OrgY.Id,
		"status": "accepted", "endorsed_at": w.Start,
	})
	pS3 := apptest.Save(t, app, "placements", map[string]any{
		"application": appS3.Id, "student": w.S3.Id, "internship": internY.Id, "organization": w.OrgY.Id,
		"institution": w.InstB.Id, "supervisor": w.SupY.Id, "mentor": w.MentorB.Id, "status": "ongoing", "started_on": w.Start,
	})
	for i, date := range []any{w.Today, w.Start} {
		apptest.Save(t, app, "logbook_entries", map[string]any{
			"placement": pS3.Id, "date": date, "hours": 4, "activity": "Cleaned the survey data set.", "status": []string{"pending", "pending"}[i],
		})
	}
	certificate(t, w, pS3, "IB-2026-BBBBBBBB", "revoked", "2026-06-01")
	return w, c
}

func stats(t *testing.T, c *apptest.Client, token string) reports.Stats {
	t.Helper()
	res := c.Do(http.MethodGet, "/api/ib/stats", token, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("stats: %d %s", res.Status, res)
	}
	var s reports.Stats
	if err := json.Unmarshal(res.Body, &s); err != nil {
		t.Fatalf("stats body: %v %s", err, res)
	}
	return s
}

func TestStatsGuest(t *testing.T) {
	t.Parallel()
	_, c := setup(t)
	if res := c.Do(http.MethodGet, "/api/ib/stats", "", nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("guest: %d %s", res.Status, res)
	}
}

func TestStatsPerRole(t *testing.T) {
	t.Parallel()
	w, c := statsWorld(t)
	type m = map[string]int
	in := func(open, draft int) m { return m{"draft": draft, "open": open, "closed": 0, "cancelled": 0} }
	apps := func(kv m) m {
		out := m{"submitted": 0, "endorsed": 0, "shortlisted": 0, "offered": 0, "accepted": 0, "declined": 0,
			"rejected": 0, "withdrawn": 0, "expired": 0}
		for k, v := range kv {
			out[k] = v
		}
		return out
	}
	pl := func(ongoing int) m { return m{"ongoing": ongoing, "completed": 0, "discontinued": 0} }
	certs := func(valid, revoked int) m { return m{"valid": valid, "revoked": revoked, "superseded": 0} }

	tests := []struct {
		name string
		user apptest.User
		want reports.Stats
	}{
		{"student S1", w.S1, reports.Stats{in(2, 0), apps(m{"accepted": 1}), pl(1), 1, certs(1, 0)}},
		{"student S2", w.S2, reports.Stats{in(2, 0), apps(m{"submitted": 1}), pl(0), 0, certs(0, 0)}},
		{"student S3 of B", w.S3, reports.Stats{in(2, 0), apps(m{"accepted": 1}), pl(1), 2, certs(0, 1)}},
		{"mentor A", w.MentorA, reports.Stats{in(2, 0), apps(nil), pl(1), 1, certs(1, 0)}},
		{"mentor B", w.MentorB, reports.Stats{in(2, 0), apps(nil), pl(1), 2, certs(0, 1)}},
		{"coordinator A", w.CoordA, reports.Stats{in(2, 0), apps(m{"accepted": 1, "submitted": 1}), pl(1), 1, certs(1, 0)}},
		{"coordinator B", w.CoordB, reports.Stats{in(2, 0), apps(m{"accepted": 1}), pl(1), 2, certs(0, 1)}},
		{"supervisor X (no un-endorsed applications)", w.SupX, reports.Stats{in(2, 1), apps(m{"accepted": 1}), pl(1), 1, certs(1, 0)}},
		{"supervisor Y", w.SupY, reports.Stats{in(2, 1), apps(m{"accepted": 1}), pl(1), 2, certs(0, 1)}},
		{"superuser", w.Admin, reports.Stats{in(2, 2), apps(m{"accepted": 2, "submitted": 1}), pl(2), 3, certs(1, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stats(t, c, tt.user.Token); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("stats\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// The counts are exactly what the caller's list API shows: the route and
// the collections' list rules agree for every role, collection and status.
// (The lists are read whole and counted here: a filtered list that comes
// back empty is throttled by PocketBase.)
func TestStatsMatchListRules(t *testing.T) {
	t.Parallel()
	w, c := statsWorld(t)
	listed := func(token, collection string) map[string]int {
		t.Helper()
		res := c.Do(http.MethodGet, "/api/collections/"+collection+"/records?perPage=500&fields=status", token, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("list %s: %d %s", collection, res.Status, res)
		}
		var body struct {
			Items      []struct{ Status string }
			TotalItems int
		}
		apptest.Must(t, json.Unmarshal(res.Body, &body))
		if body.TotalItems != len(body.Items) {
			t.Fatalf("list %s: %d of %d items", collection, len(body.Items), body.TotalItems)
		}
		out := map[string]int{}
		for _, it := range body.Items {
			out[it.Status]++
		}
		return out
	}
	for _, u := range []apptest.User{w.S1, w.S2, w.S3, w.MentorA, w.MentorB, w.CoordA, w.CoordB, w.SupX, w.SupY, w.Admin} {
		who := u.Collection().Name + " " + u.GetString("role") + " " + u.Id
		s := stats(t, c, u.Token)
		for collection, counts := range map[string]map[string]int{
			"internships": s.Internships, "applications": s.Applications, "placements": s.Placements, "certificates": s.Certificates,
		} {
			statuses, err := reports.Statuses(w.App, collection)
			apptest.Must(t, err)
			if len(counts) != len(statuses) {
				t.Errorf("%s: %s has keys %v, want every status of %v", who, collection, counts, statuses)
			}
			want := listed(u.Token, collection)
			for _, st := range statuses {
				if counts[st] != want[st] {
					t.Errorf("%s: %s %s = %d, list API shows %d", who, collection, st, counts[st], want[st])
				}
			}
		}
		if want := listed(u.Token, "logbook_entries")["pending"]; s.LogbookPending != want {
			t.Errorf("%s: logbook_pending = %d, list API shows %d", who, s.LogbookPending, want)
		}
	}
}
