package evaluations_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
)

const evals = "/api/collections/evaluations/records"

var (
	supScores    = map[string]any{"attendance": 8, "skills": 7, "initiative": 9, "communication": 8, "conduct": 10}
	mentorScores = map[string]any{"logbook": 8, "report": 16, "viva": 15}
)

func fresh(t *testing.T, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	apptest.Must(t, err)
	return r
}

func count(t *testing.T, app core.App) int64 {
	t.Helper()
	n, err := app.CountRecords("evaluations")
	apptest.Must(t, err)
	return n
}

func exec(t *testing.T, app core.App, sql string, params dbx.Params) {
	t.Helper()
	_, err := app.DB().NewQuery(sql).Bind(params).Execute()
	apptest.Must(t, err)
}

func TestCreate(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	otherSup := apptest.Supervisor(t, w.App, w.OrgX)
	body := func(kind string, scores any, extra ...any) map[string]any {
		m := map[string]any{"placement": w.Placement.Id, "kind": kind, "scores": scores, "remarks": "Steady work."}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i].(string)] = extra[i+1]
		}
		return m
	}
	tests := []struct {
		name        string
		token       string
		body        map[string]any
		status      int
		field, code string
		contains    string // in the message
		total       float64
	}{
		{"an unknown criterion", w.MentorA.Token, body("mentor", map[string]any{"logbook": 8, "report": 16, "viva": 15, "bonus": 2}), 400, "scores", apierror.CodeOutOfRange, `"bonus"`, 0},
		{"a score above the max", w.MentorA.Token, body("mentor", map[string]any{"report": 21}), 400, "scores", apierror.CodeOutOfRange, "(report)", 0},
		{"a negative score", w.MentorA.Token, body("mentor", map[string]any{"viva": -1}), 400, "scores", apierror.CodeOutOfRange, "(viva)", 0},
		{"a score that is not a number", w.MentorA.Token, body("mentor", map[string]any{"viva": "high"}), 400, "scores", apierror.CodeOutOfRange, "(viva)", 0},
		{"scores that are not an object", w.MentorA.Token, body("mentor", []int{8, 16, 15}), 400, "scores", apierror.CodeOutOfRange, "object", 0},
		{"submitted with a criterion missing", w.MentorA.Token, body("mentor", map[string]any{"logbook": 8, "report": 16}, "submitted", true), 400, "scores", apierror.CodeOutOfRange, "(viva)", 0},
		{"the evaluator is the server's", w.MentorA.Token, body("mentor", mentorScores, "evaluator", w.MentorB.Id), 400, "evaluator", apierror.CodeForbiddenField, "", 0},
		{"the total is the server's", w.MentorA.Token, body("mentor", mentorScores, "total", 50), 400, "total", apierror.CodeForbiddenField, "", 0},
		{"the supervisor writes the mentor's", w.SupX.Token, body("mentor", mentorScores), 403, "", "", "", 0},
		{"the mentor writes the supervisor's", w.MentorA.Token, body("supervisor", supScores), 403, "", "", "", 0},
		{"another supervisor of the organization", otherSup.Token, body("supervisor", supScores), 400, "", "", "", 0},
		{"another institution's mentor", w.MentorB.Token, body("mentor", mentorScores), 400, "", "", "", 0},
		{"the student", w.S1.Token, body("mentor", mentorScores), 400, "", "", "", 0},
		{"the coordinator", w.CoordA.Token, body("mentor", mentorScores), 400, "", "", "", 0},
		{"a guest", "", body("mentor", mentorScores), 400, "", "", "", 0},
		{"the mentor saves a partial draft", w.MentorA.Token, body("mentor", map[string]any{"logbook": 7.5}), 200, "", "", "", 7.5},
		{"a second mentor evaluation", w.MentorA.Token, body("mentor", mentorScores), 400, "kind", apierror.CodeDuplicate, "", 0},
		{"a second supervisor evaluation", w.SupX.Token, body("supervisor", supScores), 400, "kind", apierror.CodeDuplicate, "", 0},
		{"a superuser's second supervisor evaluation", w.Admin.Token, body("supervisor", supScores), 400, "kind", apierror.CodeDuplicate, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count(t, w.App)
			res := c.Do(http.MethodPost, evals, tt.token, tt.body)
			if res.Status != tt.status || (tt.field != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q on %q", res.Status, res, tt.status, tt.code, tt.field)
			}
			if tt.contains != "" && !strings.Contains(res.String(), strings.ReplaceAll(tt.contains, `"`, `\"`)) {
				t.Fatalf("message does not name %s: %s", tt.contains, res)
			}
			want := before
			if tt.status == 200 {
				want++
				r := fresh(t, w.App, "evaluations", res.JSON()["id"].(string))
				if r.GetFloat("total") != tt.total || r.GetString("evaluator") != w.MentorA.Id || r.GetBool("submitted") {
					t.Fatalf("stored %v", r)
				}
			}
			if n := count(t, w.App); n != want {
				t.Fatalf("evaluations %d → %d", before, n)
			}
		})
	}
}

func TestUpdateSubmitAndLock(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	url := evals + "/" + w.Evaluation.Id
	scores := func(over map[string]any) map[string]any {
		m := map[string]any{}
		for k, v := range supScores {
			m[k] = v
		}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name        string
		token       string
		body        map[string]any
		status      int
		field, code string
		contains    string
		total       float64
		submitted   bool
	}{
		{"the mentor", w.MentorA.Token, map[string]any{"remarks": "x"}, 404, "", "", "", 42, false},
		{"another supervisor", w.SupY.Token, map[string]any{"remarks": "x"}, 404, "", "", "", 42, false},
		{"the student", w.S1.Token, map[string]any{"remarks": "x"}, 404, "", "", "", 42, false},
		{"the coordinator", w.CoordA.Token, map[string]any{"remarks": "x"}, 404, "", "", "", 42, false},
		{"change the kind", w.SupX.Token, map[string]any{"kind": "mentor"}, 400, "kind", apierror.CodeForbiddenField, "", 42, false},
		{"set the total", w.SupX.Token, map[string]any{"total": 50}, 400, "total", apierror.CodeForbiddenField, "", 42, false},
		{"rescore", w.SupX.Token, map[string]any{"scores": scores(map[string]any{"skills": 9.5})}, 200, "", "", "", 44.5, false},
		{"a score above the max", w.SupX.Token, map[string]any{"scores": scores(map[string]any{"conduct": 11})}, 400, "scores", apierror.CodeOutOfRange, "(conduct)", 44.5, false},
		{"submit incomplete scores", w.SupX.Token, map[string]any{"scores": map[string]any{"attendance": 9}, "submitted": true}, 400, "scores", apierror.CodeOutOfRange, "(skills)", 44.5, false},
		{"submit", w.SupX.Token, map[string]any{"submitted": true, "remarks": "Reliable."}, 200, "", "", "", 44.5, true},
		{"edit after submitting", w.SupX.Token, map[string]any{"remarks": "Changed."}, 400, "submitted", apierror.CodeLocked, "", 44.5, true},
		{"unsubmit", w.SupX.Token, map[string]any{"submitted": false}, 400, "submitted", apierror.CodeLocked, "", 44.5, true},
		{"a superuser edits a submitted evaluation", w.Admin.Token, map[string]any{"scores": scores(nil)}, 400, "submitted", apierror.CodeLocked, "", 44.5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url, tt.token, tt.body)
			if res.Status != tt.status || (tt.field != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q on %q", res.Status, res, tt.status, tt.code, tt.field)
			}
			if tt.contains != "" && !strings.Contains(res.String(), tt.contains) {
				t.Fatalf("message does not name %s: %s", tt.contains, res)
			}
			r := fresh(t, w.App, "evaluations", w.Evaluation.Id)
			if r.GetFloat("total") != tt.total || r.GetBool("submitted") != tt.submitted || r.GetString("evaluator") != w.SupX.Id {
				t.Fatalf("stored total %v submitted %v evaluator %s", r.GetFloat("total"), r.GetBool("submitted"), r.GetString("evaluator"))
			}
		})
	}

	if res := c.Do(http.MethodDelete, url, w.Admin.Token, nil); res.Status != 400 || res.Code("submitted") != apierror.CodeLocked {
		t.Errorf("superuser deletes a submitted evaluation: %d %s", res.Status, res)
	}
	r := fresh(t, w.App, "evaluations", w.Evaluation.Id)
	r.Set("remarks", "internal")
	if err := w.App.Save(r); err == nil {
		t.Error("an internal save changed a submitted evaluation")
	}
	if err := w.App.Delete(fresh(t, w.App, "evaluations", w.Evaluation.Id)); err == nil {
		t.Error("an internal delete removed a submitted evaluation")
	}
	for _, u := range []string{w.CoordA.Id, w.MentorA.Id} {
		if n, _ := w.App.CountRecords("notifications", dbx.HashExp{"user": u, "kind": "evaluation.submitted"}); n != 1 {
			t.Errorf("%d submission notices to %s", n, u)
		}
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": w.Evaluation.Id, "from": "draft", "to": "submitted"}); n != 1 {
		t.Errorf("%d audit events for the submission", n)
	}
}

// The scores follow the regulation of the student's institution, with the
// default criteria when it gives none.
func TestRegulationCriteria(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	exec(t, w.App, `UPDATE regulations SET supervisor_criteria = {:sup}, mentor_criteria = 'null' WHERE id = {:id}`, dbx.Params{
		"id":  w.Regulation.Id,
		"sup": `[{"key":"punctuality","label":"Punctuality","max":5},{"key":"quality","label":"Quality of work","max":15}]`,
	})
	url := evals + "/" + w.Evaluation.Id

	res := c.Do(http.MethodPatch, url, w.SupX.Token, map[string]any{"scores": map[string]any{"attendance": 8, "skills": 6}})
	if res.Status != 400 || res.Code("scores") != apierror.CodeOutOfRange || !strings.Contains(res.String(), `not a criterion`) {
		t.Fatalf("default keys under a custom regulation: %d %s", res.Status, res)
	}
	res = c.Do(http.MethodPatch, url, w.SupX.Token, map[string]any{"scores": map[string]any{"punctuality": 5, "quality": 16}, "submitted": true})
	if res.Status != 400 || !strings.Contains(res.String(), "Quality of work (quality)") || !strings.Contains(res.String(), "0 to 15") {
		t.Fatalf("above a custom max: %d %s", res.Status, res)
	}
	res = c.Do(http.MethodPatch, url, w.SupX.Token, map[string]any{"scores": map[string]any{"punctuality": 4.5, "quality": 15}, "submitted": true})
	if res.Status != 200 {
		t.Fatalf("custom criteria: %d %s", res.Status, res)
	}
	if r := fresh(t, w.App, "evaluations", w.Evaluation.Id); r.GetFloat("total") != 19.5 || !r.GetBool("submitted") {
		t.Fatalf("stored %v", r)
	}
	// mentor_criteria is null: the default mentor criteria apply.
	res = c.Do(http.MethodPost, evals, w.MentorA.Token, map[string]any{"placement": w.Placement.Id, "kind": "mentor", "scores": mentorScores, "submitted": true})
	if res.Status != 200 || res.JSON()["total"] != 39.0 {
		t.Fatalf("default mentor criteria: %d %s", res.Status, res)
	}
}

func TestClosedPlacement(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	exec(t, w.App, "UPDATE placements SET status = 'discontinued' WHERE id = {:id}", dbx.Params{"id": w.Placement.Id})
	res := c.Do(http.MethodPost, evals, w.MentorA.Token, map[string]any{"placement": w.Placement.Id, "kind": "mentor", "scores": mentorScores})
	if res.Status != 400 || res.Code("placement") != apierror.CodeLocked {
		t.Errorf("create: %d %s", res.Status, res)
	}
	res = c.Do(http.MethodPatch, evals+"/"+w.Evaluation.Id, w.SupX.Token, map[string]any{"submitted": true})
	if res.Status != 400 || res.Code("placement") != apierror.CodeLocked {
		t.Errorf("submit: %d %s", res.Status, res)
	}
	if r := fresh(t, w.App, "evaluations", w.Evaluation.Id); r.GetBool("submitted") {
		t.Error("evaluation of a closed placement submitted")
	}
}

// Concurrent creates of the same kind: the duplicate check runs inside the
// transaction, so exactly one is stored.
func TestConcurrentCreates(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	body, _ := json.Marshal(map[string]any{"placement": w.Placement.Id, "kind": "mentor", "scores": mentorScores})
	const n = 12
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req := httptest.NewRequest(http.MethodPost, evals, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", w.MentorA.Token)
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
		t.Fatalf("%d evaluations accepted, want 1 (%v)", ok, statuses)
	}
	if n, _ := w.App.CountRecords("evaluations", dbx.HashExp{"placement": w.Placement.Id, "kind": "mentor"}); n != 1 {
		t.Fatalf("%d mentor evaluations stored", n)
	}
}

// A placement whose internship has not started is upcoming: nobody
// evaluates it until starts_on (ib_out_of_range on placement).
func TestUpcomingPlacement(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	starts := apptest.Day(w.App, 5)
	exec(t, w.App, "UPDATE internships SET starts_on = {:s} WHERE id = {:id}", dbx.Params{"s": starts.String(), "id": w.Internship.Id})
	before := count(t, w.App)
	res := c.Do(http.MethodPost, evals, w.MentorA.Token, map[string]any{"placement": w.Placement.Id, "kind": "mentor", "scores": mentorScores})
	if res.Status != 400 || res.Code("placement") != apierror.CodeOutOfRange {
		t.Errorf("create before the start: %d %s", res.Status, res)
	}
	res = c.Do(http.MethodPatch, evals+"/"+w.Evaluation.Id, w.SupX.Token, map[string]any{"submitted": true})
	if res.Status != 400 || res.Code("placement") != apierror.CodeOutOfRange {
		t.Errorf("submit before the start: %d %s", res.Status, res)
	}
	if count(t, w.App) != before || fresh(t, w.App, "evaluations", w.Evaluation.Id).GetBool("submitted") {
		t.Error("an evaluation of an upcoming placement was written")
	}
	clock.Set(w.App, clock.Fixed(clock.ZoneOf(w.App).EndOfDay(starts.Time()).Add(-time.Hour)))
	if res := c.Do(http.MethodPost, evals, w.MentorA.Token, map[string]any{"placement": w.Placement.Id, "kind": "mentor", "scores": mentorScores}); res.Status != 200 {
		t.Errorf("create on the first day: %d %s", res.Status, res)
	}
}

// An update made from a copy read before another change went in is refused
// with 409 and writes nothing, instead of putting the other change's values
// back (a draft saved in one tab must not undo the scores saved in another).
func TestStaleUpdateConflicts(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	stale := fresh(t, w.App, "evaluations", w.Evaluation.Id)

	other := fresh(t, w.App, "evaluations", w.Evaluation.Id)
	other.Set("scores", map[string]any{"attendance": 2})
	other.Set("remarks", "Changed in another tab.")
	apptest.Must(t, w.App.Save(other))

	stale.Set("remarks", "Saved from the stale copy.")
	err := w.App.Save(stale)
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusConflict {
		t.Fatalf("stale save: %v, want 409", err)
	}
	got := fresh(t, w.App, "evaluations", w.Evaluation.Id)
	if got.GetString("remarks") != "Changed in another tab." || !strings.Contains(got.GetString("scores"), `"attendance":2`) {
		t.Fatalf("stored after the refused save: remarks %q scores %s", got.GetString("remarks"), got.GetString("scores"))
	}

	// A copy read after the change saves as usual.
	current := fresh(t, w.App, "evaluations", w.Evaluation.Id)
	current.Set("remarks", "Read again, then saved.")
	apptest.Must(t, w.App.Save(current))
}
