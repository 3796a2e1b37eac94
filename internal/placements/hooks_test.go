package placements_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/placements"
)

// useClock pins w's clock to 10:04:05 UTC (15:34 IST) of the world's today.
func useClock(t *testing.T, w *apptest.World) {
	t.Helper()
	clock.Set(w.App, clock.Fixed(w.Today.Time().Add(10*time.Hour+4*time.Minute+5*time.Second)))
	clock.SetLocation(w.App, clock.LoadLocation("Asia/Kolkata"))
}

// fakeIssuer records the placements it is asked to certify and fails with
// err when set.
type fakeIssuer struct {
	calls []string
	err   error
}

// issue is bound to Completed before the certificates domain and ends the
// chain there, so that it stands in for the real issuer.
func (f *fakeIssuer) issue(e *placements.CompletedEvent) error {
	f.calls = append(f.calls, e.Placement.Id)
	if f.err != nil {
		return f.err
	}
	// The issuer runs inside the completion's transaction and sees the
	// completed placement.
	stored, err := e.App.FindRecordById(placements.Collection, e.Placement.Id)
	if err != nil || stored.GetString("status") != placements.StatusCompleted {
		return errors.New("issuer does not see the completed placement")
	}
	return nil
}

// useIssuer puts i in the place of the certificates domain on app's
// Completed event (nil: a completion issues nothing).
func useIssuer(app core.App, i *fakeIssuer) {
	placements.On(app).Completed.Bind(&hook.Handler[*placements.CompletedEvent]{Priority: -1, Func: func(e *placements.CompletedEvent) error {
		if i == nil {
			return nil
		}
		return i.issue(e)
	}})
}

func url(p *core.Record) string { return "/api/collections/placements/records/" + p.Id }

func exec(t *testing.T, app core.App, q string, params dbx.Params) {
	t.Helper()
	if _, err := app.DB().NewQuery(q).Bind(params).Execute(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func count(t *testing.T, app core.App, collection string, exp dbx.Expression) int64 {
	t.Helper()
	n, err := app.CountRecords(collection, exp)
	apptest.Must(t, err)
	return n
}

func reload(t *testing.T, app core.App, p *core.Record) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(placements.Collection, p.Id)
	apptest.Must(t, err)
	return r
}

// Conditions of a completion a test may leave unmet.
type unmet struct{ hours, report, supEval, menEval bool }

// prepare makes the world's placement meet every completion condition but
// those in skip: 64 approved hours (min 60), the required final report
// approved, the supervisor's evaluation (42/50) and the mentor's (39/50)
// submitted. The fixtures are written straight to the database so that they
// do not depend on the other domains' request rules.
func prepare(t *testing.T, w *apptest.World, skip unmet) {
	t.Helper()
	app := w.App
	if !skip.hours {
		exec(t, app, "UPDATE placements SET approved_hours = 64 WHERE id = {:id}", dbx.Params{"id": w.Placement.Id})
	} else {
		exec(t, app, "UPDATE placements SET approved_hours = 42 WHERE id = {:id}", dbx.Params{"id": w.Placement.Id})
	}
	if !skip.report {
		exec(t, app, "UPDATE submissions SET status = 'approved', score = 18 WHERE id = {:id}", dbx.Params{"id": w.Submission.Id})
	}
	if !skip.supEval {
		exec(t, app, "UPDATE evaluations SET submitted = TRUE WHERE id = {:id}", dbx.Params{"id": w.Evaluation.Id})
	}
	men := apptest.Save(t, app, "evaluations", map[string]any{
		"placement": w.Placement.Id, "kind": "mentor", "evaluator": w.MentorA.Id,
		"scores": map[string]any{"logbook": 8, "report": 15, "viva": 16}, "total": 39,
	})
	if !skip.menEval {
		exec(t, app, "UPDATE evaluations SET submitted = TRUE WHERE id = {:id}", dbx.Params{"id": men.Id})
	}
}

func TestMentorAssignment(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	m2 := apptest.Mentor(t, w.App, w.InstA)

	cases := []struct {
		name   string
		by     apptest.User
		mentor string
		status int
		code   string
	}{
		{"the student", w.S1, m2.Id, 404, ""},
		{"the supervisor", w.SupX, m2.Id, 404, ""},
		{"another institution's coordinator", w.CoordB, m2.Id, 404, ""},
		{"the mentor reassigns", w.MentorA, m2.Id, 400, apierror.CodeForbiddenField},
		{"a mentor of another institution", w.CoordA, w.MentorB.Id, 400, apierror.CodeForbiddenField},
		{"a coordinator as mentor", w.CoordA, w.CoordA.Id, 400, apierror.CodeForbiddenField},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url(w.Placement), tc.by.Token, map[string]any{"mentor": tc.mentor})
			if res.Status != tc.status || (tc.code != "" && res.Code("mentor") != tc.code) {
				t.Fatalf("got %d %s, want %d %s", res.Status, res, tc.status, tc.code)
			}
			if got := reload(t, w.App, w.Placement).GetString("mentor"); got != w.MentorA.Id {
				t.Fatalf("mentor changed to %s", got)
			}
		})
	}

	res := c.Do(http.MethodPatch, url(w.Placement), w.CoordA.Token, map[string]any{"mentor": m2.Id})
	if res.Status != 200 {
		t.Fatalf("coordinator assigns: %d %s", res.Status, res)
	}
	if got := reload(t, w.App, w.Placement).GetString("mentor"); got != m2.Id {
		t.Fatalf("mentor %s, want %s", got, m2.Id)
	}
	for _, u := range []string{m2.Id, w.S1.Id} {
		if n := count(t, w.App, "notifications", dbx.HashExp{"user": u, "kind": placements.KindMentorAssigned, "record": w.Placement.Id}); n != 1 {
			t.Errorf("user %s got %d assignment notices", u, n)
		}
	}
	// Saving the same mentor again notifies nobody.
	if res := c.Do(http.MethodPatch, url(w.Placement), w.CoordA.Token, map[string]any{"mentor": m2.Id}); res.Status != 200 {
		t.Fatalf("same mentor: %d %s", res.Status, res)
	}
	if n := count(t, w.App, "notifications", dbx.HashExp{"kind": placements.KindMentorAssigned}); n != 2 {
		t.Errorf("%d assignment notices after a no-op save, want 2", n)
	}
}

func TestDiscontinue(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		by     func(w *apptest.World) apptest.User
		body   map[string]any
		status int
		field  string
		code   string
	}{
		{"coordinator without a reason", func(w *apptest.World) apptest.User { return w.CoordA },
			map[string]any{"status": "discontinued"}, 400, "discontinue_reason", "validation_required"},
		{"coordinator with a blank reason", func(w *apptest.World) apptest.User { return w.CoordA },
			map[string]any{"status": "discontinued", "discontinue_reason": "   "}, 400, "discontinue_reason", "validation_required"},
		{"the mentor", func(w *apptest.World) apptest.User { return w.MentorA },
			map[string]any{"status": "discontinued"}, 403, "", ""},
		{"the mentor sends a reason", func(w *apptest.World) apptest.User { return w.MentorA },
			map[string]any{"status": "discontinued", "discontinue_reason": "Left."}, 400, "discontinue_reason", apierror.CodeForbiddenField},
		{"another institution's coordinator", func(w *apptest.World) apptest.User { return w.CoordB },
			map[string]any{"status": "discontinued", "discontinue_reason": "Left."}, 404, "", ""},
		{"the supervisor", func(w *apptest.World) apptest.User { return w.SupX },
			map[string]any{"status": "discontinued", "discontinue_reason": "Left."}, 404, "", ""},
		{"back to ongoing is not a move", func(w *apptest.World) apptest.User { return w.CoordA },
			map[string]any{"status": "bogus"}, 400, "status", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := apptest.NewWorld(t)
			c := apptest.NewClient(t, w.App)
			res := c.Do(http.MethodPatch, url(w.Placement), tc.by(w).Token, tc.body)
			if res.Status != tc.status || (tc.field != "" && res.Code(tc.field) == "") || (tc.code != "" && res.Code(tc.field) != tc.code) {
				t.Fatalf("got %d %s, want %d %s on %s", res.Status, res, tc.status, tc.code, tc.field)
			}
			if s := reload(t, w.App, w.Placement).GetString("status"); s != "ongoing" {
				t.Fatalf("status %s", s)
			}
		})
	}

	t.Run("coordinator with a reason", func(t *testing.T) {
		w := apptest.NewWorld(t)
		c := apptest.NewClient(t, w.App)
		res := c.Do(http.MethodPatch, url(w.Placement), w.CoordA.Token,
			map[string]any{"status": "discontinued", "discontinue_reason": "The student left for health reasons."})
		if res.Status != 200 {
			t.Fatalf("got %d %s", res.Status, res)
		}
		p := reload(t, w.App, w.Placement)
		if p.GetString("status") != "discontinued" || p.GetString("discontinue_reason") == "" || p.GetFloat("credits_earned") != 0 {
			t.Fatalf("placement %v", p)
		}
		if n := count(t, w.App, "audit_events", dbx.HashExp{"record": p.Id, "action": "placements.status", "from": "ongoing", "to": "discontinued",
			"actor": w.CoordA.Id, "note": "The student left for health reasons."}); n != 1 {
			t.Fatalf("%d audit events", n)
		}
		for _, u := range []string{w.S1.Id, w.MentorA.Id, w.SupX.Id} {
			if n := count(t, w.App, "notifications", dbx.HashExp{"user": u, "kind": placements.KindDiscontinued, "record": p.Id}); n != 1 {
				t.Errorf("user %s got %d notices", u, n)
			}
		}
		if n := count(t, w.App, "notifications", dbx.HashExp{"user": w.CoordA.Id, "kind": placements.KindDiscontinued}); n != 0 {
			t.Errorf("the coordinator who discontinued was notified")
		}
	})
}

func TestCompletionConditions(t *testing.T) {
	t.Parallel()
	t.Run("nothing done", func(t *testing.T) {
		w := apptest.NewWorld(t)
		c := apptest.NewClient(t, w.App)
		res := c.Do(http.MethodPatch, url(w.Placement), w.MentorA.Token, map[string]any{"status": "completed"})
		want := `This placement cannot be completed yet. Still missing: 0 of 60 approved hours; an approved submission for task "Final report"; the supervisor's evaluation; the mentor's evaluation.`
		if res.Status != 400 || res.Code("status") != apierror.CodeIncomplete || res.JSON()["message"] != want {
			t.Fatalf("got %d %s\nwant message %q", res.Status, res, want)
		}
	})

	cases := []struct {
		name string
		skip unmet
		want string
	}{
		{"hours", unmet{hours: true}, "42 of 60 approved hours"},
		{"final report", unmet{report: true}, `an approved submission for task "Final report"`},
		{"supervisor's evaluation", unmet{supEval: true}, "the supervisor's evaluation"},
		{"mentor's evaluation", unmet{menEval: true}, "the mentor's evaluation"},
		{"both evaluations", unmet{supEval: true, menEval: true}, "the supervisor's evaluation; the mentor's evaluation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := apptest.NewWorld(t)
			c := apptest.NewClient(t, w.App)
			iss := &fakeIssuer{}
			useIssuer(w.App, iss)
			prepare(t, w, tc.skip)
			before := count(t, w.App, "notifications", nil)
			res := c.Do(http.MethodPatch, url(w.Placement), w.CoordA.Token, map[string]any{"status": "completed"})
			want := "This placement cannot be completed yet. Still missing: " + tc.want + "."
			if res.Status != 400 || res.Code("status") != apierror.CodeIncomplete || res.JSON()["message"] != want {
				t.Fatalf("got %d %s\nwant message %q", res.Status, res, want)
			}
			p := reload(t, w.App, w.Placement)
			if p.GetString("status") != "ongoing" || p.GetString("grade") != "" || !p.GetDateTime("completed_on").IsZero() {
				t.Fatalf("placement changed: %v", p)
			}
			if len(iss.calls) != 0 || count(t, w.App, "notifications", nil) != before {
				t.Fatal("side effects of a refused completion")
			}
		})
	}

	t.Run("a required assignment too, an optional one never", func(t *testing.T) {
		w := apptest.NewWorld(t)
		c := apptest.NewClient(t, w.App)
		prepare(t, w, unmet{})
		apptest.Save(t, w.App, "tasks", map[string]any{"internship": w.Internship.Id, "title": "Week 1 log", "kind": "assignment", "required": true, "due_on": w.Start})
		apptest.Save(t, w.App, "tasks", map[string]any{"internship": w.Internship.Id, "title": "Optional reading", "kind": "assignment", "required": false})
		res := c.Do(http.MethodPatch, url(w.Placement), w.MentorA.Token, map[string]any{"status": "completed"})
		want := `This placement cannot be completed yet. Still missing: an approved submission for task "Week 1 log".`
		if res.Status != 400 || res.JSON()["message"] != want {
			t.Fatalf("got %d %s", res.Status, res)
		}
	})

	t.Run("an approved submission of another placement does not count", func(t *testing.T) {
		w := apptest.NewWorld(t)
		c := apptest.NewClient(t, w.App)
		prepare(t, w, unmet{report: true})
		// Approve a submission by S1 for a task of a different internship.
		other := apptest.Save(t, w.App, "internships", map[string]any{
			"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Other", "seats": 1,
			"starts_on": w.Start, "ends_on": w.End, "apply_by": w.Start, "status": "draft",
		})
		task := apptest.Save(t, w.App, "tasks", map[string]any{"internship": other.Id, "title": "Final report", "kind": "final_report", "required": true})
		exec(t, w.App, "UPDATE submissions SET task = {:task} WHERE id = {:id}", dbx.Params{"task": task.Id, "id": w.Submission.Id})
		exec(t, w.App, "UPDATE submissions SET status = 'approved' WHERE id = {:id}", dbx.Params{"id": w.Submission.Id})
		res := c.Do(http.MethodPatch, url(w.Placement), w.MentorA.Token, map[string]any{"status": "completed"})
		if res.Status != 400 || res.Code("status") != apierror.CodeIncomplete {
			t.Fatalf("got %d %s", res.Status, res)
		}
	})
}

func TestComplete(t *testing.T) {
	t.Parallel()
	for _, by := range []string{"mentor", "coordinator", "superuser"} {
		t.Run(by, func(t *testing.T) {
			w := apptest.NewWorld(t)
			useClock(t, w)
			c := apptest.NewClient(t, w.App)
			iss := &fakeIssuer{}
			useIssuer(w.App, iss)
			prepare(t, w, unmet{})
			actor := map[string]apptest.User{"mentor": w.MentorA, "coordinator": w.CoordA, "superuser": w.Admin}[by]

			res := c.Do(http.MethodPatch, url(w.Placement), actor.Token, map[string]any{"status": "completed"})
			if res.Status != 200 {
				t.Fatalf("got %d %s", res.Status, res)
			}
			// Default regulation: supervisor 42/50 = 84 %, mentor 39/50 = 78 %,
			// weight 40: (84×40 + 78×60)/100 = 80.4 % → 40.2 of 50 marks,
			// A+ (9), 2 credits.
			p := reload(t, w.App, w.Placement)
			if p.GetString("status") != "completed" || p.GetFloat("percent") != 80.4 || p.GetFloat("marks") != 40.2 ||
				p.GetString("grade") != "A+" || p.GetFloat("grade_point") != 9 || p.GetFloat("credits_earned") != 2 {
				t.Fatalf("result %v", p.PublicExport())
			}
			if got := p.GetDateTime("completed_on").Time(); !got.Equal(w.Today.Time()) {
				t.Fatalf("completed_on %v", got)
			}
			if len(iss.calls) != 1 || iss.calls[0] != p.Id {
				t.Fatalf("issuer calls %v", iss.calls)
			}
			exp := dbx.HashExp{"record": p.Id, "action": "placements.status", "from": "ongoing", "to": "completed"}
			if n := count(t, w.App, "audit_events", exp); n != 1 {
				t.Fatalf("%d audit events", n)
			}
			notified := map[string]bool{}
			for _, u := range []apptest.User{w.S1, w.MentorA, w.CoordA, w.SupX} {
				notified[u.Id] = count(t, w.App, "notifications", dbx.HashExp{"user": u.Id, "kind": placements.KindCompleted, "record": p.Id}) == 1
			}
			if !notified[w.S1.Id] || !notified[w.SupX.Id] {
				t.Errorf("student or supervisor not notified: %v", notified)
			}
			if notified[actor.Id] {
				t.Errorf("the %s who completed was notified", by)
			}
			if by != "mentor" && !notified[w.MentorA.Id] || by != "coordinator" && !notified[w.CoordA.Id] {
				t.Errorf("staff not notified: %v", notified)
			}
		})
	}
}

func TestCompleteByTheWrongRoles(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	prepare(t, w, unmet{})
	for _, tc := range []struct {
		name   string
		by     apptest.User
		status int
	}{
		{"the student", w.S1, 404},
		{"the supervisor", w.SupX, 404},
		{"another mentor of the institution", apptest.Mentor(t, w.App, w.InstA), 404},
		{"another institution's coordinator", w.CoordB, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url(w.Placement), tc.by.Token, map[string]any{"status": "completed"})
			if res.Status != tc.status {
				t.Fatalf("got %d %s", res.Status, res)
			}
			if s := reload(t, w.App, w.Placement).GetString("status"); s != "ongoing" {
				t.Fatalf("status %s", s)
			}
		})
	}
}

func TestFailingCompletion(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	useClock(t, w)
	c := apptest.NewClient(t, w.App)
	// 20/50 and 15/50: (40×40 + 30×60)/100 = 34 % → 17 marks, F, no credits.
	exec(t, w.App, "UPDATE placements SET approved_hours = 60 WHERE id = {:id}", dbx.Params{"id": w.Placement.Id})
	exec(t, w.App, "UPDATE submissions SET status = 'approved', score = 8 WHERE id = {:id}", dbx.Params{"id": w.Submission.Id})
	exec(t, w.App, "UPDATE evaluations SET submitted = TRUE, total = 20 WHERE id = {:id}", dbx.Params{"id": w.Evaluation.Id})
	men := apptest.Save(t, w.App, "evaluations", map[string]any{
		"placement": w.Placement.Id, "kind": "mentor", "evaluator": w.MentorA.Id,
		"scores": map[string]any{"logbook": 3, "report": 6, "viva": 6}, "total": 15,
	})
	exec(t, w.App, "UPDATE evaluations SET submitted = TRUE WHERE id = {:id}", dbx.Params{"id": men.Id})
	iss := &fakeIssuer{}
	useIssuer(w.App, iss)

	res := c.Do(http.MethodPatch, url(w.Placement), w.CoordA.Token, map[string]any{"status": "completed"})
	if res.Status != 200 {
		t.Fatalf("got %d %s", res.Status, res)
	}
	p := reload(t, w.App, w.Placement)
	if p.GetFloat("percent") != 34 || p.GetFloat("marks") != 17 || p.GetString("grade") != "F" || p.GetFloat("grade_point") != 0 || p.GetFloat("credits_earned") != 0 {
		t.Fatalf("result %v", p.PublicExport())
	}
	if len(iss.calls) != 0 {
		t.Fatal("a certificate was issued without credits")
	}
}

func TestIssuerFailureRollsBack(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	prepare(t, w, unmet{})
	iss := &fakeIssuer{err: errors.New("no signing key")}
	useIssuer(w.App, iss)
	notices := count(t, w.App, "notifications", nil)
	audits := count(t, w.App, "audit_events", nil)

	res := c.Do(http.MethodPatch, url(w.Placement), w.MentorA.Token, map[string]any{"status": "completed"})
	if res.Status != 500 || len(iss.calls) != 1 {
		t.Fatalf("got %d %s, %d issuer calls", res.Status, res, len(iss.calls))
	}
	if msg, _ := res.JSON()["message"].(string); msg == "" || strings.Contains(msg, "signing key") {
		t.Fatalf("message %q leaks or is empty", msg)
	}
	p := reload(t, w.App, w.Placement)
	if p.GetString("status") != "ongoing" || p.GetString("grade") != "" || p.GetFloat("credits_earned") != 0 || !p.GetDateTime("completed_on").IsZero() {
		t.Fatalf("completion not rolled back: %v", p.PublicExport())
	}
	if n := count(t, w.App, "audit_events", dbx.HashExp{"record": p.Id, "to": "completed"}); n != 0 || count(t, w.App, "audit_events", nil) != audits {
		t.Fatal("audit event of a rolled-back completion")
	}
	if count(t, w.App, "notifications", nil) != notices {
		t.Fatal("notifications of a rolled-back completion")
	}

	// An internal save fails the same way, and the error says why.
	p.Set("status", "completed")
	if err := w.App.Save(p); err == nil || !errors.Is(err, iss.err) {
		t.Fatalf("internal completion: %v", err)
	}
	if s := reload(t, w.App, w.Placement).GetString("status"); s != "ongoing" {
		t.Fatalf("status %s after a failed internal completion", s)
	}

	// Once the issuer works, the completion goes through.
	iss.err = nil
	if res := c.Do(http.MethodPatch, url(w.Placement), w.MentorA.Token, map[string]any{"status": "completed"}); res.Status != 200 {
		t.Fatalf("retry: %d %s", res.Status, res)
	}
}

func TestTerminalStates(t *testing.T) {
	t.Parallel()
	for _, end := range []string{"completed", "discontinued"} {
		t.Run(end, func(t *testing.T) {
			w := apptest.NewWorld(t)
			c := apptest.NewClient(t, w.App)
			useIssuer(w.App, nil)
			prepare(t, w, unmet{})
			body := map[string]any{"status": end}
			if end == "discontinued" {
				body["discontinue_reason"] = "Left."
			}
			if res := c.Do(http.MethodPatch, url(w.Placement), w.CoordA.Token, body); res.Status != 200 {
				t.Fatalf("end: %d %s", res.Status, res)
			}
			m2 := apptest.Mentor(t, w.App, w.InstA)
			cases := []struct {
				name   string
				by     apptest.User
				body   map[string]any
				status int
				field  string
				code   string
			}{
				{"back to ongoing", w.CoordA, map[string]any{"status": "ongoing"}, 400, "status", apierror.CodeInvalidTransition},
				{"back to ongoing, superuser", w.Admin, map[string]any{"status": "ongoing"}, 400, "status", apierror.CodeInvalidTransition},
				{"to the other end", w.CoordA, map[string]any{"status": other(end), "discontinue_reason": "x"}, 400, "status", apierror.CodeInvalidTransition},
				{"to the other end, superuser", w.Admin, map[string]any{"status": other(end), "discontinue_reason": "x"}, 400, "status", apierror.CodeInvalidTransition},
				{"the mentor to the other end", w.MentorA, map[string]any{"status": other(end)}, 400, "status", apierror.CodeInvalidTransition},
				{"a new mentor", w.CoordA, map[string]any{"mentor": m2.Id}, 400, "mentor", apierror.CodeLocked},
				{"a new mentor, superuser", w.Admin, map[string]any{"mentor": m2.Id}, 400, "mentor", apierror.CodeLocked},
				{"a new reason, superuser", w.Admin, map[string]any{"discontinue_reason": "Rewritten."}, 400, "discontinue_reason", apierror.CodeLocked},
			}
			for _, tc := range cases {
				res := c.Do(http.MethodPatch, url(w.Placement), tc.by.Token, tc.body)
				if res.Status != tc.status || res.Code(tc.field) != tc.code {
					t.Errorf("%s: got %d %s, want %d %s on %s", tc.name, res.Status, res, tc.status, tc.code, tc.field)
				}
			}
			p := reload(t, w.App, w.Placement)
			if p.GetString("status") != end || p.GetString("mentor") != w.MentorA.Id {
				t.Fatalf("terminal placement changed: %v", p.PublicExport())
			}
			// Internal saves obey too (the logbook's hour totals among them).
			p.Set("approved_hours", 99)
			if err := w.App.Save(p); err == nil {
				t.Fatal("internal change of a terminal placement saved")
			}
			// A save that changes nothing is fine.
			if err := w.App.Save(reload(t, w.App, w.Placement)); err != nil {
				t.Fatalf("no-op save: %v", err)
			}
		})
	}
}

func other(end string) string {
	if end == "completed" {
		return "discontinued"
	}
	return "completed"
}

// The result fields are computed at completion only; nobody sets them on an
// ongoing placement, internal saves included.
func TestResultIsComputedOnly(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	for _, by := range []apptest.User{w.CoordA, w.MentorA, w.Admin} {
		res := c.Do(http.MethodPatch, url(w.Placement), by.Token, map[string]any{"grade": "O", "credits_earned": 4})
		if res.Status != 400 || res.Code("grade") != apierror.CodeForbiddenField {
			t.Fatalf("got %d %s", res.Status, res)
		}
	}
	p := reload(t, w.App, w.Placement)
	p.Set("grade", "O")
	if err := w.App.Save(p); err == nil {
		t.Fatal("internal save set a grade on an ongoing placement")
	}
}

// A placement whose internship has not started cannot be completed, by
// anyone (ib_out_of_range on status, before any other condition): the
// certificate would state a period that has not happened.
func TestCompleteBeforeStart(t *testing.T) {
	t.Parallel()
	for _, by := range []string{"coordinator", "superuser"} {
		t.Run(by, func(t *testing.T) {
			w := apptest.NewWorld(t)
			useClock(t, w)
			c := apptest.NewClient(t, w.App)
			iss := &fakeIssuer{}
			useIssuer(w.App, iss)
			prepare(t, w, unmet{})
			exec(t, w.App, "UPDATE internships SET starts_on = {:s} WHERE id = {:id}",
				dbx.Params{"s": apptest.Day(w.App, 1).String(), "id": w.Internship.Id})
			actor := map[string]apptest.User{"coordinator": w.CoordA, "superuser": w.Admin}[by]
			res := c.Do(http.MethodPatch, url(w.Placement), actor.Token, map[string]any{"status": "completed"})
			if res.Status != 400 || res.Code("status") != apierror.CodeOutOfRange {
				t.Fatalf("got %d %s", res.Status, res)
			}
			p := reload(t, w.App, w.Placement)
			if p.GetString("status") != "ongoing" || !p.GetDateTime("completed_on").IsZero() || len(iss.calls) != 0 {
				t.Fatalf("placement changed: %v, issuer calls %v", p.PublicExport(), iss.calls)
			}
			// From the first day on, it completes.
			clock.Set(w.App, clock.Fixed(apptest.Day(w.App, 1).Time().Add(10*time.Hour)))
			if res := c.Do(http.MethodPatch, url(w.Placement), actor.Token, map[string]any{"status": "completed"}); res.Status != 200 {
				t.Fatalf("complete on the first day: %d %s", res.Status, res)
			}
		})
	}
}
