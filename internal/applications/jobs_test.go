package applications_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
)

// offerExpiring saves an offered application of student for a new posting
// of the world, expiring at exp.
func offerExpiring(t *testing.T, w *apptest.World, student apptest.User, status string, exp time.Time) *core.Record {
	t.Helper()
	posting := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Offer " + exp.Format(time.RFC3339Nano) + status,
		"seats": 2, "starts_on": w.End, "ends_on": w.End, "apply_by": w.Due, "hours": 60, "status": "open",
	})
	return apptest.Save(t, w.App, applications.Collection, map[string]any{
		"internship": posting.Id, "student": student.Id, "institution": student.GetString("institution"), "organization": w.OrgX.Id,
		"status": status, "endorsed_by": w.CoordA.Id, "endorsed_at": exp.Add(-72 * time.Hour), "offer_expires_at": exp,
		"statement": "I want to learn.",
	})
}

func jobStatus(t *testing.T, app core.App, r *core.Record) string {
	t.Helper()
	fresh, err := app.FindRecordById(applications.Collection, r.Id)
	apptest.Must(t, err)
	return fresh.GetString("status")
}

func jobCount(t *testing.T, app core.App, collection string, exp dbx.Expression) int64 {
	t.Helper()
	n, err := app.CountRecords(collection, exp)
	apptest.Must(t, err)
	return n
}

func TestExpireOffers(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	exp := w.Today.Time().Add(10 * time.Hour)
	clock.Set(w.App, clock.Fixed(exp.Add(-time.Second)))
	offer := offerExpiring(t, w, w.S2, applications.StatusOffered, exp)
	later := offerExpiring(t, w, w.S3, applications.StatusOffered, exp.Add(time.Hour))
	declined := offerExpiring(t, w, w.S2, applications.StatusDeclined, exp.Add(-time.Hour))

	// One second before the expiry the offer stands.
	if n, err := applications.ExpireOffers(w.App); n != 0 || err != nil {
		t.Fatalf("before expiry: %d %v", n, err)
	}
	if s := jobStatus(t, w.App, offer); s != applications.StatusOffered {
		t.Fatalf("expired early: %s", s)
	}

	// At the expiry it can no longer be accepted, so it expires.
	clock.Set(w.App, clock.Fixed(exp))
	n, err := applications.ExpireOffers(w.App)
	if n != 1 || err != nil {
		t.Fatalf("at expiry: %d %v", n, err)
	}
	if s := jobStatus(t, w.App, offer); s != applications.StatusExpired {
		t.Fatalf("status %s", s)
	}
	if s := jobStatus(t, w.App, later); s != applications.StatusOffered {
		t.Fatalf("a later offer expired: %s", s)
	}
	if s := jobStatus(t, w.App, declined); s != applications.StatusDeclined {
		t.Fatalf("a declined application changed: %s", s)
	}
	if n := jobCount(t, w.App, "notifications", dbx.HashExp{"user": w.S2.Id, "kind": "application.expired", "record": offer.Id}); n != 1 {
		t.Fatalf("student notices: %d", n)
	}
	if n := jobCount(t, w.App, "audit_events", dbx.HashExp{"record": offer.Id, "action": "applications.status",
		"from": "offered", "to": "expired", "actor_label": "system"}); n != 1 {
		t.Fatalf("audit events: %d", n)
	}

	// Running again changes nothing.
	if n, err := applications.ExpireOffers(w.App); n != 0 || err != nil {
		t.Fatalf("second run: %d %v", n, err)
	}
	if n := jobCount(t, w.App, "notifications", dbx.HashExp{"kind": "application.expired", "record": offer.Id, "user": w.S2.Id}); n != 1 {
		t.Fatalf("notified twice: %d", n)
	}
}

// A broken record is logged and skipped; the others still expire.
func TestExpireOffersSurvivesAFailure(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	exp := w.Today.Time().Add(10 * time.Hour)
	clock.Set(w.App, clock.Fixed(exp.Add(time.Minute)))
	broken := offerExpiring(t, w, w.S2, applications.StatusOffered, exp.Add(-time.Hour))
	good := offerExpiring(t, w, w.S3, applications.StatusOffered, exp)
	if _, err := w.App.DB().NewQuery("UPDATE applications SET internship = 'nosuchintern00' WHERE id = {:id}").
		Bind(dbx.Params{"id": broken.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	n, err := applications.ExpireOffers(w.App)
	if n != 1 || err == nil {
		t.Fatalf("got %d %v, want 1 and the broken record's error", n, err)
	}
	if s := jobStatus(t, w.App, good); s != applications.StatusExpired {
		t.Fatalf("good offer %s", s)
	}
	if s := jobStatus(t, w.App, broken); s != applications.StatusOffered {
		t.Fatalf("broken offer %s", s)
	}
}

func TestExpireOffersJob(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	exp := w.Today.Time().Add(10 * time.Hour)
	clock.Set(w.App, clock.Fixed(exp.Add(time.Minute)))
	offer := offerExpiring(t, w, w.S2, applications.StatusOffered, exp)
	applications.RegisterJobs(w.App)
	for _, j := range w.App.Cron().Jobs() {
		if j.Id() == applications.JobExpireOffers {
			if j.Expression() != "*/15 * * * *" {
				t.Fatalf("schedule %q", j.Expression())
			}
			j.Run()
			if s := jobStatus(t, w.App, offer); s != applications.StatusExpired {
				t.Fatalf("job run left %s", s)
			}
			return
		}
	}
	t.Fatal("job not registered")
}
