package certificates_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
)

// completeThroughAPI meets every completion condition of the world's
// placement (fixtures written straight to the database), completes it as
// the coordinator and returns the certificate the completion issued.
func completeThroughAPI(t *testing.T, w *apptest.World, client *apptest.Client) *core.Record {
	t.Helper()
	exec := func(q string, params dbx.Params) {
		t.Helper()
		_, err := w.App.DB().NewQuery(q).Bind(params).Execute()
		apptest.Must(t, err)
	}
	exec("UPDATE placements SET approved_hours = 64 WHERE id = {:id}", dbx.Params{"id": w.Placement.Id})
	exec("UPDATE submissions SET status = 'approved', score = 18 WHERE id = {:id}", dbx.Params{"id": w.Submission.Id})
	exec("UPDATE evaluations SET submitted = TRUE WHERE id = {:id}", dbx.Params{"id": w.Evaluation.Id})
	men := apptest.Save(t, w.App, "evaluations", map[string]any{
		"placement": w.Placement.Id, "kind": "mentor", "evaluator": w.MentorA.Id,
		"scores": map[string]any{"logbook": 8, "report": 15, "viva": 16}, "total": 39,
	})
	exec("UPDATE evaluations SET submitted = TRUE WHERE id = {:id}", dbx.Params{"id": men.Id})
	res := client.Do(http.MethodPatch, "/api/collections/placements/records/"+w.Placement.Id, w.CoordA.Token, map[string]any{"status": "completed"})
	if res.Status != 200 {
		t.Fatalf("complete: %d %s", res.Status, res)
	}
	c, err := w.App.FindFirstRecordByFilter("certificates", "placement = {:p} && status = 'valid' && id != {:old}",
		dbx.Params{"p": w.Placement.Id, "old": w.Certificate.Id})
	apptest.Must(t, err)
	return c
}

// A certificate never states what has not happened: a placement completed
// before the internship's end is certified from the internship's start to
// the completion day, in the stored (and signed) facts, the verify answer
// and a later reissue alike.
func TestCertificatePeriodEndsOnCompletion(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	client := apptest.NewClient(t, w.App)
	c := completeThroughAPI(t, w, client)
	start, today := w.Start.Time().Format(time.DateOnly), w.Today.Time().Format(time.DateOnly)
	if c.GetString("starts_on") != start || c.GetString("ends_on") != today {
		t.Fatalf("period %s to %s, want %s to %s (completed today; the internship ends %s)",
			c.GetString("starts_on"), c.GetString("ends_on"), start, today, w.End.Time().Format(time.DateOnly))
	}
	if res := certificates.VerifyRecord(w.App, c); !res.OK() {
		t.Fatalf("certificate does not verify: %+v", res)
	}
	v := client.Do(http.MethodGet, "/api/ib/verify/"+c.GetString("number"), "", nil).JSON()
	if v["starts_on"] != start || v["ends_on"] != today {
		t.Fatalf("verify period %v to %v", v["starts_on"], v["ends_on"])
	}

	// Reissued days later, the period still ends on the completion day.
	clock.Set(w.App, clock.Fixed(clock.Now(w.App).AddDate(0, 0, 3)))
	r := client.Do(http.MethodPost, "/api/ib/certificates/"+c.Id+"/reissue", w.CoordA.Token, nil)
	if r.Status != 200 || r.JSON()["ends_on"] != today {
		t.Fatalf("reissue: %d %s", r.Status, r)
	}
}

// An internship that ended before the completion day: the period ends on
// the internship's end.
func TestCertificatePeriodEndsOnInternshipEnd(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	client := apptest.NewClient(t, w.App)
	ended := apptest.Day(w.App, -2)
	_, err := w.App.DB().NewQuery("UPDATE internships SET ends_on = {:e} WHERE id = {:id}").
		Bind(dbx.Params{"e": ended.String(), "id": w.Internship.Id}).Execute()
	apptest.Must(t, err)
	c := completeThroughAPI(t, w, client)
	if want := ended.Time().Format(time.DateOnly); c.GetString("ends_on") != want {
		t.Fatalf("ends_on %s, want the internship's end %s", c.GetString("ends_on"), want)
	}
}
