package reports_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/reports"
)

func charts(t *testing.T, c *apptest.Client, doc *apptest.APIDoc, token string) reports.Charts {
	t.Helper()
	res := c.Do(http.MethodGet, reports.ChartsPath, token, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("charts: %d %s", res.Status, res)
	}
	hr := &http.Response{StatusCode: res.Status, Header: res.Header, Body: io.NopCloser(bytes.NewReader(res.Body))}
	if errs := doc.ResponseErrors(httptest.NewRequest(http.MethodGet, reports.ChartsPath, nil), hr); errs != "" {
		t.Errorf("the charts answer does not match the OpenAPI document:\n%s\n%s", errs, res)
	}
	var ch reports.Charts
	apptest.Must(t, json.Unmarshal(res.Body, &ch))
	return ch
}

// TestChartsScoped: a coordinator sees their institution's funnel,
// placements, approved hours per ISO week and reviews waiting per mentor; a
// supervisor their organization's applicant pipeline and logbook queue;
// nobody sees another tenant's numbers, and each answer matches the
// OpenAPI document.
func TestChartsScoped(t *testing.T) {
	t.Parallel()
	w, c := statsWorld(t)
	app := w.App
	doc := apptest.LoadAPIDoc(t, c)
	mentorA2 := apptest.Mentor(t, app, w.InstA)

	approved := func(placement string, offset int, hours float64) {
		e := apptest.Save(t, app, "logbook_entries", map[string]any{
			"placement": placement, "date": apptest.Day(app, offset), "hours": hours,
			"activity": "Worked on the reporting module all day.", "status": "pending",
		})
		_, err := app.DB().Update("logbook_entries", dbx.Params{"status": "approved"}, dbx.HashExp{"id": e.Id}).Execute()
		apptest.Must(t, err)
	}
	approved(w.Placement.Id, -2, 5)
	approved(w.Placement.Id, -8, 3)
	var pS3 string
	apptest.Must(t, app.DB().NewQuery("SELECT id FROM placements WHERE student = {:s}").Bind(dbx.Params{"s": w.S3.Id}).Row(&pS3))
	approved(pS3, -3, 7)

	weekOf := func(offset int) string {
		day := apptest.Day(app, offset).Time()
		wd := (int(day.Weekday()) + 6) % 7
		return day.AddDate(0, 0, -wd).Format(time.DateOnly)
	}
	hours := func(ch *reports.CoordinatorChart) map[string]float64 {
		out := map[string]float64{}
		for _, wk := range ch.HoursPerWeek {
			if wk.Hours != 0 {
				out[wk.StartsOn] += wk.Hours
			}
		}
		return out
	}
	sum := func(m map[string]float64, kv ...any) map[string]float64 {
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] += kv[i+1].(float64)
		}
		return m
	}

	// An assignment waiting for review is the supervisor's, not the
	// mentor's: it does not count among the mentor's reviews.
	assignment := apptest.Save(t, app, "tasks", map[string]any{
		"internship": w.Internship.Id, "title": "Weekly note", "kind": "assignment", "required": false,
	})
	apptest.Save(t, app, "submissions", map[string]any{
		"task": assignment.Id, "placement": w.Placement.Id, "attempt": 1, "link": "https://example.com/note", "status": "submitted",
	})

	a := charts(t, c, doc, w.CoordA.Token)
	if a.Timezone != clock.Location(app).String() || a.Supervisor != nil || a.Coordinator == nil {
		t.Fatalf("coordinator A sections: %+v", a)
	}
	ca := a.Coordinator
	if len(ca.HoursPerWeek) != reports.ChartWeeks || ca.HoursPerWeek[reports.ChartWeeks-1].StartsOn != weekOf(0) {
		t.Fatalf("weeks: %+v (this week starts %s)", ca.HoursPerWeek, weekOf(0))
	}
	if got, want := hours(ca), sum(map[string]float64{}, weekOf(-2), 5.0, weekOf(-8), 3.0); !reflect.DeepEqual(got, want) {
		t.Errorf("coordinator A hours per week: %v, want %v", got, want)
	}
	if ca.Applications["accepted"] != 1 || ca.Applications["submitted"] != 1 || ca.Placements["ongoing"] != 1 {
		t.Errorf("coordinator A funnel: %v %v", ca.Applications, ca.Placements)
	}
	wantA := []reports.MentorReviews{
		{Mentor: w.MentorA.Id, Name: w.MentorA.Record.GetString("name"), FinalReports: 1},
		{Mentor: mentorA2.Id, Name: mentorA2.Record.GetString("name"), FinalReports: 0},
	}
	if !reflect.DeepEqual(ca.ReviewsWaiting, wantA) {
		t.Errorf("coordinator A reviews waiting: %+v, want %+v", ca.ReviewsWaiting, wantA)
	}

	b := charts(t, c, doc, w.CoordB.Token).Coordinator
	if got, want := hours(b), sum(map[string]float64{}, weekOf(-3), 7.0); !reflect.DeepEqual(got, want) {
		t.Errorf("coordinator B hours per week: %v, want %v", got, want)
	}
	if b.Applications["submitted"] != 0 || b.Applications["accepted"] != 1 ||
		!reflect.DeepEqual(b.ReviewsWaiting, []reports.MentorReviews{{Mentor: w.MentorB.Id, Name: w.MentorB.Record.GetString("name")}}) {
		t.Errorf("coordinator B sees: %+v", b)
	}

	x := charts(t, c, doc, w.SupX.Token)
	if x.Coordinator != nil || x.Supervisor == nil {
		t.Fatalf("supervisor X sections: %+v", x)
	}
	sx := x.Supervisor
	if sx.Applicants["accepted"] != 1 || sx.Applicants["submitted"] != 0 || sx.LogbookPending != 1 ||
		!reflect.DeepEqual(sx.LogbookWaiting, []reports.InternshipQueue{{Internship: w.Internship.Id, Title: "Backend intern", Entries: 1}}) {
		t.Errorf("supervisor X: %+v", sx)
	}
	sy := charts(t, c, doc, w.SupY.Token).Supervisor
	if sy.Applicants["accepted"] != 1 || sy.LogbookPending != 2 || len(sy.LogbookWaiting) != 1 || sy.LogbookWaiting[0].Title != "Data intern" {
		t.Errorf("supervisor Y: %+v", sy)
	}

	for _, u := range []apptest.User{w.S1, w.MentorA} {
		if ch := charts(t, c, doc, u.Token); ch.Coordinator != nil || ch.Supervisor != nil {
			t.Errorf("%s sees chart sections: %+v", u.Record.GetString("role"), ch)
		}
	}
	if ch := charts(t, c, doc, w.Admin.Token).Coordinator; ch == nil || len(ch.ReviewsWaiting) != 3 {
		t.Errorf("superuser: %+v", ch)
	}
	if res := c.Do(http.MethodGet, reports.ChartsPath, "", nil); res.Status != http.StatusUnauthorized {
		t.Errorf("guest: %d", res.Status)
	}
}

func TestWeeksAreISOWeeksEndingThisWeek(t *testing.T) {
	t.Parallel()
	sunday := time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC) // ISO 2026-W53
	got := reports.Weeks(sunday, 3)
	want := []string{"2026-12-14", "2026-12-21", "2026-12-28"}
	for i, d := range got {
		if d.Format(time.DateOnly) != want[i] || d.Weekday() != time.Monday {
			t.Fatalf("weeks: %v, want %v", got, want)
		}
	}
}
