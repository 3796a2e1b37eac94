package submissions_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
)

const subs = "/api/collections/submissions/records"

// setup builds the test world and pins the platform clock to 11:30 IST of
// the world's today, and the zone to Asia/Kolkata.
func setup(t *testing.T) (*apptest.World, *apptest.Client) {
	t.Helper()
	w := apptest.NewWorld(t)
	pinClock(t, w.App, w.Today.Time().Add(6*time.Hour))
	return w, apptest.NewClient(t, w.App)
}

func pinClock(t *testing.T, app core.App, now time.Time) {
	t.Helper()
	zone, err := time.LoadLocation("Asia/Kolkata")
	apptest.Must(t, err)
	clock.SetLocation(app, zone)
	clock.Set(app, clock.Fixed(now))
}

// task creates a task of the world's internship; dueIn is days from today
// (nil: no due date).
func task(t *testing.T, w *apptest.World, kind string, dueIn *int) *core.Record {
	t.Helper()
	data := map[string]any{"internship": w.Internship.Id, "title": "Task " + kind, "kind": kind, "max_score": 10, "required": true}
	if dueIn != nil {
		data["due_on"] = w.Today.Time().AddDate(0, 0, *dueIn).Format(time.DateOnly)
	}
	return apptest.Save(t, w.App, "tasks", data)
}

func in(days int) *int { return &days }

func fresh(t *testing.T, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	apptest.Must(t, err)
	return r
}

func notices(t *testing.T, app core.App, user, kind string) int {
	t.Helper()
	n, err := app.CountRecords("notifications", dbx.HashExp{"user": user, "kind": kind})
	apptest.Must(t, err)
	return int(n)
}

func count(t *testing.T, app core.App) int64 {
	t.Helper()
	n, err := app.CountRecords("submissions")
	apptest.Must(t, err)
	return n
}

func TestSubmit(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	a, b, d, e := task(t, w, "assignment", in(5)), task(t, w, "assignment", in(5)), task(t, w, "assignment", in(5)), task(t, w, "assignment", in(5))
	otherInternship := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Other", "seats": 1,
		"starts_on": w.Start, "ends_on": w.End, "apply_by": w.Start, "status": "draft",
	})
	foreign := apptest.Save(t, w.App, "tasks", map[string]any{"internship": otherInternship.Id, "title": "Foreign", "kind": "assignment", "max_score": 10})

	link := func(taskID string, extra ...any) map[string]any {
		m := map[string]any{"task": taskID, "placement": w.Placement.Id, "link": "https://example.com/work", "note": "Done."}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i].(string)] = extra[i+1]
		}
		return m
	}
	pdf, pdfCT := apptest.Multipart(t, map[string]string{"task": b.Id, "placement": w.Placement.Id},
		apptest.File{Field: "files", Name: "work.pdf", Content: apptest.PDF(200)})

	tests := []struct {
		name        string
		token       string
		body        any
		headers     []string
		status      int
		field, code string
	}{
		{"with a link", w.S1.Token, link(a.Id), nil, 200, "", ""},
		{"with a file", w.S1.Token, pdf, []string{"Content-Type", pdfCT}, 200, "", ""},
		{"with neither file nor link", w.S1.Token, map[string]any{"task": d.Id, "placement": w.Placement.Id, "note": "Here."}, nil, 400, "files", "validation_required"},
		{"again while the first awaits review", w.S1.Token, link(a.Id), nil, 400, "task", apierror.CodeLocked},
		{"status is the server's", w.S1.Token, link(d.Id, "status", "approved"), nil, 400, "status", apierror.CodeForbiddenField},
		{"attempt is the server's", w.S1.Token, link(d.Id, "attempt", 3), nil, 400, "attempt", apierror.CodeForbiddenField},
		{"late is the server's", w.S1.Token, link(d.Id, "late", true), nil, 400, "late", apierror.CodeForbiddenField},
		{"score is the reviewer's", w.S1.Token, link(d.Id, "score", 10), nil, 400, "score", apierror.CodeForbiddenField},
		{"reviewed_by is the server's", w.S1.Token, link(d.Id, "reviewed_by", w.SupX.Id), nil, 400, "reviewed_by", apierror.CodeForbiddenField},
		{"a task of another internship", w.S1.Token, link(foreign.Id), nil, 400, "", ""},
		{"another student", w.S2.Token, link(d.Id), nil, 400, "", ""},
		{"a student of another institution", w.S3.Token, link(d.Id), nil, 400, "", ""},
		{"the supervisor", w.SupX.Token, link(d.Id), nil, 400, "", ""},
		{"the mentor", w.MentorA.Token, link(d.Id), nil, 400, "", ""},
		{"the coordinator", w.CoordA.Token, link(d.Id), nil, 400, "", ""},
		{"a guest", "", link(d.Id), nil, 400, "", ""},
		{"a superuser, task of another internship", w.Admin.Token, link(foreign.Id), nil, 400, "task", "validation_invalid_value"},
		{"a superuser", w.Admin.Token, link(e.Id), nil, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count(t, w.App)
			res := c.Do(http.MethodPost, subs, tt.token, tt.body, tt.headers...)
			if res.Status != tt.status || (tt.field != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q on %q", res.Status, res, tt.status, tt.code, tt.field)
			}
			want := before
			if tt.status == 200 {
				want++
				r := fresh(t, w.App, "submissions", res.JSON()["id"].(string))
				if r.GetString("status") != "submitted" || r.GetInt("attempt") != 1 || r.GetBool("late") {
					t.Fatalf("new submission %v", r)
				}
			}
			if n := count(t, w.App); n != want {
				t.Fatalf("submissions %d → %d", before, n)
			}
		})
	}
	if n := notices(t, w.App, w.SupX.Id, "submission.submitted"); n != 3 {
		t.Errorf("%d notices to the supervisor, want 3", n)
	}
}

// A new attempt only after a revision was requested; attempts count up.
func TestAttempts(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	report := map[string]any{"task": w.Task.Id, "placement": w.Placement.Id, "link": "https://example.com/report-v2"}
	review := func(id string, body map[string]any) {
		t.Helper()
		if res := c.Do(http.MethodPatch, subs+"/"+id, w.MentorA.Token, body); res.Status != 200 {
			t.Fatalf("review: %d %s", res.Status, res)
		}
	}

	if res := c.Do(http.MethodPost, subs, w.S1.Token, report); res.Status != 400 || res.Code("task") != apierror.CodeLocked {
		t.Fatalf("attempt while the first awaits review: %d %s", res.Status, res)
	}
	review(w.Submission.Id, map[string]any{"status": "revision_requested", "feedback": "Add the results chapter."})
	if n := notices(t, w.App, w.S1.Id, "submission.revision_requested"); n != 1 {
		t.Errorf("%d revision notices", n)
	}
	res := c.Do(http.MethodPost, subs, w.S1.Token, report)
	if res.Status != 200 {
		t.Fatalf("second attempt: %d %s", res.Status, res)
	}
	second := fresh(t, w.App, "submissions", res.JSON()["id"].(string))
	if second.GetInt("attempt") != 2 || second.GetString("status") != "submitted" {
		t.Fatalf("second attempt %v", second)
	}
	if n := notices(t, w.App, w.MentorA.Id, "submission.submitted"); n != 2 {
		t.Errorf("the mentor got %d notices of the final report's two attempts", n)
	}
	review(second.Id, map[string]any{"status": "approved", "score": 18, "feedback": "Well done."})
	if res := c.Do(http.MethodPost, subs, w.S1.Token, report); res.Status != 400 || res.Code("task") != apierror.CodeLocked {
		t.Fatalf("attempt after approval: %d %s", res.Status, res)
	}
}

// late: created after the end of due_on in the platform zone.
func TestLate(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	endOfToday := w.Today.Time().Add(18*time.Hour + 30*time.Minute) // midnight IST
	tests := []struct {
		name string
		due  *int
		now  time.Time
		late bool
	}{
		{"due today, 23:59:59 IST", in(0), endOfToday.Add(-time.Second), false},
		{"due today, 00:00 IST the next day", in(0), endOfToday, true},
		{"due yesterday", in(-1), w.Today.Time().Add(6 * time.Hour), true},
		{"due tomorrow", in(1), w.Today.Time().Add(20 * time.Hour), false},
		{"no due date", nil, w.Today.Time().Add(6 * time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pinClock(t, w.App, tt.now)
			tk := task(t, w, "assignment", tt.due)
			res := c.Do(http.MethodPost, subs, w.S1.Token, map[string]any{"task": tk.Id, "placement": w.Placement.Id, "link": "https://example.com/x"})
			if res.Status != 200 {
				t.Fatalf("got %d %s", res.Status, res)
			}
			if got := fresh(t, w.App, "submissions", res.JSON()["id"].(string)).GetBool("late"); got != tt.late {
				t.Fatalf("late = %v, want %v", got, tt.late)
			}
		})
	}
}

func TestReview(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	assignment := task(t, w, "assignment", in(5))
	mk := func() *core.Record {
		return apptest.Save(t, w.App, "submissions", map[string]any{"task": assignment.Id, "placement": w.Placement.Id, "link": "https://example.com/a"})
	}
	asg := mk()
	report := w.Submission // final report, max 20
	url := func(r *core.Record) string { return subs + "/" + r.Id }

	tests := []struct {
		name        string
		token       string
		sub         *core.Record
		body        map[string]any
		status      int
		field, code string
		wantStatus  string
	}{
		{"the mentor approves an assignment", w.MentorA.Token, asg, map[string]any{"status": "approved", "score": 8}, 403, "", "", "submitted"},
		{"the mentor scores an assignment", w.MentorA.Token, asg, map[string]any{"score": 8}, 403, "", "", "submitted"},
		{"the supervisor approves the final report", w.SupX.Token, report, map[string]any{"status": "approved", "score": 8}, 403, "", "", "submitted"},
		{"another organization's supervisor", w.SupY.Token, asg, map[string]any{"status": "approved", "score": 8}, 404, "", "", "submitted"},
		{"another institution's mentor", w.MentorB.Token, report, map[string]any{"status": "approved", "score": 8}, 404, "", "", "submitted"},
		{"the student", w.S1.Token, asg, map[string]any{"status": "approved", "score": 8}, 404, "", "", "submitted"},
		{"the coordinator", w.CoordA.Token, asg, map[string]any{"status": "approved", "score": 8}, 404, "", "", "submitted"},
		{"the supervisor changes the note", w.SupX.Token, asg, map[string]any{"note": "x"}, 400, "note", apierror.CodeForbiddenField, "submitted"},
		{"approve without a score", w.SupX.Token, asg, map[string]any{"status": "approved"}, 400, "score", "validation_required", "submitted"},
		{"approve above max_score", w.SupX.Token, asg, map[string]any{"status": "approved", "score": 10.5}, 400, "score", apierror.CodeOutOfRange, "submitted"},
		{"approve with a negative score", w.SupX.Token, asg, map[string]any{"status": "approved", "score": -1}, 400, "score", apierror.CodeOutOfRange, "submitted"},
		{"ask for a revision without feedback", w.SupX.Token, asg, map[string]any{"status": "revision_requested"}, 400, "feedback", "validation_required", "submitted"},
		{"unknown status", w.SupX.Token, asg, map[string]any{"status": "archived"}, 400, "status", "", "submitted"},
		{"a comment from the mentor before review", w.MentorA.Token, asg, map[string]any{"feedback": "Looks good so far."}, 200, "", "", "submitted"},
		{"the supervisor approves the assignment", w.SupX.Token, asg, map[string]any{"status": "approved", "score": 10, "feedback": "Great."}, 200, "", "", "approved"},
		{"the mentor approves the final report with a zero score", w.MentorA.Token, report, map[string]any{"status": "approved", "score": 0, "feedback": "Not enough."}, 200, "", "", "approved"},
		{"change the feedback of a reviewed submission", w.SupX.Token, asg, map[string]any{"feedback": "Changed."}, 400, "status", apierror.CodeLocked, "approved"},
		{"reopen a reviewed submission", w.SupX.Token, asg, map[string]any{"status": "submitted"}, 400, "status", apierror.CodeLocked, "approved"},
		{"a superuser changes a reviewed submission", w.Admin.Token, asg, map[string]any{"score": 5}, 400, "status", apierror.CodeLocked, "approved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url(tt.sub), tt.token, tt.body)
			if res.Status != tt.status || (tt.field != "" && tt.code != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q on %q", res.Status, res, tt.status, tt.code, tt.field)
			}
			r := fresh(t, w.App, "submissions", tt.sub.Id)
			if r.GetString("status") != tt.wantStatus {
				t.Fatalf("status %q, want %q", r.GetString("status"), tt.wantStatus)
			}
			if tt.status == 200 && tt.wantStatus != "submitted" {
				reviewer := map[string]string{w.SupX.Token: w.SupX.Id, w.MentorA.Token: w.MentorA.Id}[tt.token]
				if r.GetString("reviewed_by") != reviewer || !r.GetDateTime("reviewed_at").Time().Equal(clock.Now(w.App).Truncate(time.Millisecond)) {
					t.Fatalf("reviewed_by %q at %v", r.GetString("reviewed_by"), r.GetDateTime("reviewed_at"))
				}
			}
		})
	}
	if got := fresh(t, w.App, "submissions", asg.Id).GetFloat("score"); got != 10 {
		t.Errorf("score %v", got)
	}
	if n := notices(t, w.App, w.S1.Id, "submission.approved"); n != 2 {
		t.Errorf("%d approval notices to the student, want 2", n)
	}

	// Locked for superusers and internal saves too; an unreviewed one can
	// be deleted by a superuser.
	if res := c.Do(http.MethodDelete, url(asg), w.Admin.Token, nil); res.Status != 400 || res.Code("status") != apierror.CodeLocked {
		t.Errorf("superuser deletes a reviewed submission: %d %s", res.Status, res)
	}
	r := fresh(t, w.App, "submissions", asg.Id)
	r.Set("score", 1)
	if err := w.App.Save(r); err == nil {
		t.Error("an internal save changed a reviewed submission")
	}
	if err := w.App.Delete(fresh(t, w.App, "submissions", report.Id)); err == nil {
		t.Error("an internal delete removed a reviewed submission")
	}
	for _, token := range []string{w.S1.Token, w.SupX.Token, w.MentorA.Token} {
		if res := c.Do(http.MethodDelete, url(asg), token, nil); res.Status != 403 {
			t.Errorf("client delete: %d %s", res.Status, res)
		}
	}
	pending := mk2(t, w, c)
	if res := c.Do(http.MethodDelete, subs+"/"+pending, w.Admin.Token, nil); res.Status != 204 {
		t.Errorf("superuser deletes an unreviewed submission: %d %s", res.Status, res)
	}
}

// mk2 submits a new assignment as S1 and returns its id.
func mk2(t *testing.T, w *apptest.World, c *apptest.Client) string {
	t.Helper()
	tk := task(t, w, "assignment", nil)
	res := c.Do(http.MethodPost, subs, w.S1.Token, map[string]any{"task": tk.Id, "placement": w.Placement.Id, "link": "https://example.com/b"})
	if res.Status != 200 {
		t.Fatalf("submit: %d %s", res.Status, res)
	}
	return res.JSON()["id"].(string)
}

func TestClosedPlacement(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	tk := task(t, w, "assignment", nil)
	_, err := w.App.DB().NewQuery("UPDATE placements SET status = 'completed' WHERE id = {:id}").Bind(dbx.Params{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	if res := c.Do(http.MethodPost, subs, w.S1.Token, map[string]any{"task": tk.Id, "placement": w.Placement.Id, "link": "https://example.com/x"}); res.Status != 400 || res.Code("placement") != apierror.CodeLocked {
		t.Errorf("submit: %d %s", res.Status, res)
	}
	if res := c.Do(http.MethodPatch, subs+"/"+w.Submission.Id, w.MentorA.Token, map[string]any{"status": "approved", "score": 15}); res.Status != 400 || res.Code("placement") != apierror.CodeLocked {
		t.Errorf("review: %d %s", res.Status, res)
	}
	if got := fresh(t, w.App, "submissions", w.Submission.Id).GetString("status"); got != "submitted" {
		t.Errorf("status %s", got)
	}
}

// Concurrent submissions of one task: the attempt is counted inside the
// transaction, so exactly one goes through.
func TestConcurrentSubmissions(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	tk := task(t, w, "assignment", nil)
	body, _ := json.Marshal(map[string]any{"task": tk.Id, "placement": w.Placement.Id, "link": "https://example.com/x"})
	const n = 12
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req := httptest.NewRequest(http.MethodPost, subs, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", w.S1.Token)
			rec := httptest.NewRecorder()
			c.Handler().ServeHTTP(rec, req)
			statuses[i] = rec.Code
		})
	}
	wg.Wait()
	ok := 0
	for _, s := range statuses {
		switch s {
		case 200:
			ok++
		case 400:
		default:
			t.Errorf("status %d", s)
		}
	}
	if ok != 1 {
		t.Fatalf("%d submissions accepted, want 1 (%v)", ok, statuses)
	}
	if n, _ := w.App.CountRecords("submissions", dbx.HashExp{"task": tk.Id}); n != 1 {
		t.Fatalf("%d submissions stored", n)
	}
}

// A placement whose internship has not started is upcoming: it takes no
// submissions until starts_on (ib_out_of_range on placement), and does from
// that day.
func TestUpcomingPlacement(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	tk := task(t, w, "assignment", nil)
	starts := apptest.Day(w.App, 5)
	_, err := w.App.DB().NewQuery("UPDATE internships SET starts_on = {:s} WHERE id = {:id}").
		Bind(dbx.Params{"s": starts.String(), "id": w.Internship.Id}).Execute()
	apptest.Must(t, err)
	before := count(t, w.App)
	body := map[string]any{"task": tk.Id, "placement": w.Placement.Id, "link": "https://example.com/x"}
	res := c.Do(http.MethodPost, subs, w.S1.Token, body)
	if res.Status != 400 || res.Code("placement") != apierror.CodeOutOfRange {
		t.Fatalf("submit before the start: %d %s", res.Status, res)
	}
	if count(t, w.App) != before {
		t.Fatal("a submission was stored")
	}
	pinClock(t, w.App, starts.Time().Add(6*time.Hour)) // 11:30 IST on the first day
	if res := c.Do(http.MethodPost, subs, w.S1.Token, body); res.Status != 200 {
		t.Fatalf("submit on the first day: %d %s", res.Status, res)
	}
}

// A task created without kind or max_score gets the defaults (assignment,
// 10), through the API and for internal saves.
func TestTaskDefaults(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	res := c.Do(http.MethodPost, "/api/collections/tasks/records", w.SupX.Token, map[string]any{"internship": w.Internship.Id, "title": "Weekly note"})
	if res.Status != 200 || res.JSON()["kind"] != "assignment" || res.JSON()["max_score"] != float64(10) {
		t.Fatalf("got %d %s", res.Status, res.String())
	}
	res = c.Do(http.MethodPost, "/api/collections/tasks/records", w.SupX.Token, map[string]any{"internship": w.Internship.Id, "title": "Report", "kind": "final_report", "max_score": 40})
	if res.Status != 200 || res.JSON()["kind"] != "final_report" || res.JSON()["max_score"] != float64(40) {
		t.Fatalf("explicit values: %d %s", res.Status, res.String())
	}
	res = c.Do(http.MethodPost, "/api/collections/tasks/records", w.SupX.Token, map[string]any{"internship": w.Internship.Id, "title": "Zero", "max_score": 0})
	if res.Status != 400 || res.Code("max_score") == "" {
		t.Fatalf("explicit 0: %d %s", res.Status, res.String())
	}
	r := apptest.Save(t, w.App, "tasks", map[string]any{"internship": w.Internship.Id, "title": "Internal"})
	if r.GetString("kind") != "assignment" || r.GetFloat("max_score") != 10 {
		t.Fatalf("internal save: %v", r)
	}
}
