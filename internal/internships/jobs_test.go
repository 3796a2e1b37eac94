package internships_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/internships"
)

// closingWorld is an app with one host and its supervisor.
type closingWorld struct {
	app        core.App
	org        *core.Record
	supervisor apptest.User
}

// newClosingWorld builds the world with its clock fixed at now, in
// Asia/Kolkata.
func newClosingWorld(t *testing.T, now time.Time) closingWorld {
	t.Helper()
	app := apptest.NewApp(t)
	clock.SetLocation(app, clock.LoadLocation("Asia/Kolkata"))
	clock.Set(app, clock.Fixed(now))
	org := apptest.Organization(t, app, nil)
	return closingWorld{app: app, org: org, supervisor: apptest.Supervisor(t, app, org)}
}

// postingDue saves a posting in status whose apply_by is the calendar day
// applyBy ("YYYY-MM-DD").
func (cw closingWorld) postingDue(t *testing.T, status, applyBy string) *core.Record {
	t.Helper()
	return apptest.Save(t, cw.app, internships.Collection, map[string]any{
		"organization": cw.org.Id, "supervisor": cw.supervisor.Id, "title": "Posting due " + applyBy + " " + status, "seats": 2,
		"starts_on": "2026-07-01", "ends_on": "2026-08-31", "apply_by": applyBy, "hours": 120, "status": status,
	})
}

func postingStatus(t *testing.T, app core.App, r *core.Record) string {
	t.Helper()
	fresh, err := app.FindRecordById(internships.Collection, r.Id)
	apptest.Must(t, err)
	return fresh.GetString("status")
}

func TestClosePostingsAfterTheDeadlineInIST(t *testing.T) {
	t.Parallel()
	// 23:59:59 IST on 15 June, the last second of apply_by.
	lastSecond := time.Date(2026, 6, 15, 18, 29, 59, 0, time.UTC)
	cw := newClosingWorld(t, lastSecond)
	due := cw.postingDue(t, internships.StatusOpen, "2026-06-15")
	tomorrow := cw.postingDue(t, internships.StatusOpen, "2026-06-16")
	oldDraft := cw.postingDue(t, internships.StatusDraft, "2026-06-10")
	closed := cw.postingDue(t, internships.StatusClosed, "2026-06-01")

	if n, err := internships.ClosePostings(cw.app); n != 0 || err != nil {
		t.Fatalf("on the last day: %d %v", n, err)
	}
	if s := postingStatus(t, cw.app, due); s != internships.StatusOpen {
		t.Fatalf("closed before the end of apply_by: %s", s)
	}

	// Midnight IST: the deadline is over.
	clock.Set(cw.app, clock.Fixed(lastSecond.Add(time.Second)))
	n, err := internships.ClosePostings(cw.app)
	if n != 1 || err != nil {
		t.Fatalf("after the deadline: %d %v", n, err)
	}
	for r, want := range map[*core.Record]string{due: "closed", tomorrow: "open", oldDraft: "draft", closed: "closed"} {
		if s := postingStatus(t, cw.app, r); s != want {
			t.Errorf("%s: %s, want %s", r.GetString("title"), s, want)
		}
	}
	if n, _ := cw.app.CountRecords("audit_events", dbx.HashExp{"record": due.Id, "action": "internships.status",
		"from": "open", "to": "closed", "actor_label": "system"}); n != 1 {
		t.Fatalf("audit events: %d", n)
	}
	if n, err := internships.ClosePostings(cw.app); n != 0 || err != nil {
		t.Fatalf("second run: %d %v", n, err)
	}
}

// A broken posting is logged and skipped; the others still close.
func TestClosePostingsSurvivesAFailure(t *testing.T) {
	t.Parallel()
	cw := newClosingWorld(t, time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC))
	broken := cw.postingDue(t, internships.StatusOpen, "2026-06-10")
	good := cw.postingDue(t, internships.StatusOpen, "2026-06-11")
	if _, err := cw.app.DB().NewQuery("UPDATE internships SET supervisor = 'nosuchsupervis' WHERE id = {:id}").
		Bind(dbx.Params{"id": broken.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	n, err := internships.ClosePostings(cw.app)
	if n != 1 || err == nil {
		t.Fatalf("got %d %v, want 1 and the broken posting's error", n, err)
	}
	if s := postingStatus(t, cw.app, good); s != internships.StatusClosed {
		t.Fatalf("good posting %s", s)
	}
	if s := postingStatus(t, cw.app, broken); s != internships.StatusOpen {
		t.Fatalf("broken posting %s", s)
	}
}

func TestClosePostingsJob(t *testing.T) {
	t.Parallel()
	cw := newClosingWorld(t, time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC))
	due := cw.postingDue(t, internships.StatusOpen, "2026-06-10")
	internships.RegisterJobs(cw.app)
	for _, j := range cw.app.Cron().Jobs() {
		if j.Id() == internships.JobClosePostings {
			if j.Expression() != "*/15 * * * *" {
				t.Fatalf("schedule %q", j.Expression())
			}
			j.Run()
			if s := postingStatus(t, cw.app, due); s != internships.StatusClosed {
				t.Fatalf("job run left %s", s)
			}
			return
		}
	}
	t.Fatal("job not registered")
}
