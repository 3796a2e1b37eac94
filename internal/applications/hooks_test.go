package applications_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
)

const apps = "/api/collections/applications/records"

func day(w *apptest.World, offset int) types.DateTime { return apptest.Day(w.App, offset) }

// posting creates an open internship of X that accepts applications.
func posting(t *testing.T, w *apptest.World, over map[string]any) *core.Record {
	t.Helper()
	data := map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": fmt.Sprintf("Posting %d", time.Now().UnixNano()),
		"seats": 2, "starts_on": day(w, 30), "ends_on": day(w, 90), "apply_by": day(w, 20), "hours": 120, "status": "open",
	}
	for k, v := range over {
		data[k] = v
	}
	return apptest.Save(t, w.App, "internships", data)
}

// application saves an application of student to internship in a status.
func application(t *testing.T, w *apptest.World, student apptest.User, internship *core.Record, status string, over map[string]any) *core.Record {
	t.Helper()
	data := map[string]any{
		"internship": internship.Id, "student": student.Id, "institution": student.GetString("institution"),
		"organization": internship.GetString("organization"), "status": status,
	}
	if status != "submitted" {
		data["endorsed_at"] = day(w, -1)
	}
	if status == "offered" {
		data["offer_expires_at"] = day(w, 5)
	}
	for k, v := range over {
		data[k] = v
	}
	return apptest.Save(t, w.App, "applications", data)
}

func count(t *testing.T, app core.App, collection string, exp dbx.Expression) int64 {
	t.Helper()
	n, err := app.CountRecords(collection, exp)
	apptest.Must(t, err)
	return n
}

func TestApplyChecksInOrder(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	open := posting(t, w, nil)
	closed := posting(t, w, map[string]any{"status": "closed"})
	past := posting(t, w, map[string]any{"apply_by": day(w, -1), "starts_on": day(w, 1)})
	onlyB := posting(t, w, map[string]any{"eligible_institutions": []string{w.InstB.Id}})
	seniors := posting(t, w, map[string]any{"min_semester": 7})
	closedOnlyB := posting(t, w, map[string]any{"status": "closed", "eligible_institutions": []string{w.InstB.Id}})
	course := apptest.Save(t, w.App, "courses", map[string]any{"title": "Lab safety", "institution": w.InstA.Id, "published": true})
	needsCourse := posting(t, w, map[string]any{"required_courses": []string{course.Id, w.Course.Id}, "eligible_institutions": []string{w.InstA.Id}})
	apptest.Save(t, w.App, "course_completions", map[string]any{"student": w.S2.Id, "course": w.Course.Id, "completed_at": day(w, -3), "institution": w.InstA.Id})
	already := posting(t, w, nil)
	application(t, w, w.S2, already, "submitted", nil)

	cases := []struct {
		name       string
		student    apptest.User
		internship *core.Record
		code       string
		message    string
	}{
		{"closed posting", w.S2, closed, "ib_closed", ""},
		{"deadline passed", w.S2, past, "ib_closed", ""},
		{"closed is checked before eligibility", w.S2, closedOnlyB, "ib_closed", ""},
		{"other institutions only", w.S2, onlyB, "ib_not_eligible", ""},
		{"semester below the posting's minimum", w.S2, seniors, "ib_not_eligible", "semester"},
		{"required course not done", w.S2, needsCourse, "ib_prerequisites", "“Lab safety”"},
		{"second application", w.S2, already, "ib_duplicate", ""},
		{"student with an ongoing placement", w.S1, open, "ib_busy", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := count(t, w.App, "applications", nil)
			res := c.Do(http.MethodPost, apps, tc.student.Token, map[string]any{"internship": tc.internship.Id, "statement": "Please."})
			if res.Status != 400 || res.Code("internship") != tc.code || !strings.Contains(res.String(), tc.message) {
				t.Fatalf("got %d %s, want 400 %s", res.Status, res.String(), tc.code)
			}
			if strings.Contains(res.String(), w.Course.GetString("title")) {
				t.Fatalf("named a course the student completed: %s", res.String())
			}
			if count(t, w.App, "applications", nil) != before {
				t.Fatal("a refused application was written")
			}
		})
	}

	t.Run("semester outside the regulation's window", func(t *testing.T) {
		w.Regulation.Set("semester_max", 4)
		apptest.Must(t, w.App.Save(w.Regulation))
		defer func() { w.Regulation.Set("semester_max", 6); apptest.Must(t, w.App.Save(w.Regulation)) }()
		res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": open.Id})
		if res.Status != 400 || res.Code("internship") != "ib_not_eligible" {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
	})

	for _, who := range []apptest.User{w.CoordA, w.SupX, w.MentorA} {
		res := c.Do(http.MethodPost, apps, who.Token, map[string]any{"internship": open.Id})
		if res.Status != 400 || count(t, w.App, "applications", dbx.HashExp{"internship": open.Id}) != 0 {
			t.Fatalf("%s applied: %d %s", who.GetString("role"), res.Status, res.String())
		}
	}

	res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": open.Id, "statement": "I like data."})
	if res.Status != 200 {
		t.Fatalf("apply: %d %s", res.Status, res.String())
	}
	body := res.JSON()
	for k, want := range map[string]any{"status": "submitted", "student": w.S2.Id, "institution": w.InstA.Id, "organization": w.OrgX.Id, "endorsed_at": ""} {
		if body[k] != want {
			t.Errorf("%s = %v, want %v", k, body[k], want)
		}
	}
	if n := count(t, w.App, "notifications", dbx.HashExp{"user": w.CoordA.Id, "kind": "application.submitted", "record": body["id"]}); n != 1 {
		t.Errorf("coordinator notifications: %d", n)
	}
	if n := count(t, w.App, "notifications", dbx.HashExp{"user": w.CoordB.Id}); n != 0 {
		t.Errorf("the other institution's coordinator was notified")
	}
}

func TestApplyWithoutEndorsement(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	w.Regulation.Set("requires_endorsement", false)
	apptest.Must(t, w.App.Save(w.Regulation))
	c := apptest.NewClient(t, w.App)
	open := posting(t, w, nil)
	res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": open.Id})
	if res.Status != 200 || res.JSON()["status"] != "endorsed" || res.JSON()["endorsed_at"] == "" {
		t.Fatalf("got %d %s", res.Status, res.String())
	}
	// The host sees it at once.
	if got := c.Do(http.MethodGet, apps+"/"+res.JSON()["id"].(string), w.SupX.Token, nil); got.Status != 200 {
		t.Fatalf("supervisor view: %d", got.Status)
	}
}

// Every move of the machine by its role, the same move by the wrong roles,
// and moves that are not in the machine.
func TestTransitions(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)

	type tc struct {
		name     string
		from, to string
		by       apptest.User
		body     map[string]any
		status   int
		code     string // on status unless field is set
		field    string
	}
	withReason := map[string]any{"reason": "Not a fit for this project."}
	cases := []tc{
		{"coordinator endorses", "submitted", "endorsed", w.CoordA, nil, 200, "", ""},
		{"coordinator rejects", "submitted", "rejected", w.CoordA, withReason, 200, "", ""},
		{"coordinator rejects without reason", "submitted", "rejected", w.CoordA, nil, 400, "validation_required", "reason"},
		{"student endorses self", "submitted", "endorsed", w.S2, nil, 403, "", ""},
		{"host cannot see a submitted application", "submitted", "endorsed", w.SupX, nil, 404, "", ""},
		{"other coordinator", "submitted", "endorsed", w.CoordB, nil, 404, "", ""},
		{"student withdraws submitted", "submitted", "withdrawn", w.S2, nil, 200, "", ""},
		{"coordinator withdraws", "submitted", "withdrawn", w.CoordA, nil, 403, "", ""},
		{"coordinator offers", "submitted", "offered", w.CoordA, nil, 400, "ib_invalid_transition", ""},

		{"supervisor shortlists", "endorsed", "shortlisted", w.SupX, nil, 200, "", ""},
		{"supervisor offers", "endorsed", "offered", w.SupX, nil, 200, "", ""},
		{"supervisor rejects", "endorsed", "rejected", w.SupX, withReason, 200, "", ""},
		{"supervisor rejects without reason", "endorsed", "rejected", w.SupX, nil, 400, "validation_required", "reason"},
		{"coordinator shortlists", "endorsed", "shortlisted", w.CoordA, nil, 403, "", ""},
		{"student shortlists", "endorsed", "shortlisted", w.S2, nil, 403, "", ""},
		{"other organization's supervisor", "endorsed", "shortlisted", w.SupY, nil, 404, "", ""},
		{"student withdraws endorsed", "endorsed", "withdrawn", w.S2, nil, 200, "", ""},
		{"back to submitted", "endorsed", "submitted", w.CoordA, nil, 400, "ib_invalid_transition", ""},
		{"straight to accepted", "endorsed", "accepted", w.S2, nil, 400, "ib_invalid_transition", ""},

		{"supervisor offers from shortlist", "shortlisted", "offered", w.SupX, nil, 200, "", ""},
		{"supervisor rejects from shortlist", "shortlisted", "rejected", w.SupX, withReason, 200, "", ""},
		{"student withdraws shortlisted", "shortlisted", "withdrawn", w.S2, nil, 200, "", ""},
		{"student offers self", "shortlisted", "offered", w.S2, nil, 403, "", ""},

		{"student accepts", "offered", "accepted", w.S2, nil, 200, "", ""},
		{"student declines", "offered", "declined", w.S2, nil, 200, "", ""},
		{"supervisor accepts for the student", "offered", "accepted", w.SupX, nil, 403, "", ""},
		{"coordinator declines for the student", "offered", "declined", w.CoordA, nil, 403, "", ""},
		{"student withdraws an offer", "offered", "withdrawn", w.S2, nil, 403, "", ""},
		{"student expires an offer", "offered", "expired", w.S2, nil, 403, "", ""},
		{"superuser expires an offer", "offered", "expired", w.Admin, nil, 200, "", ""},
		{"another student", "offered", "accepted", w.S3, nil, 404, "", ""},

		{"accepted is final", "accepted", "withdrawn", w.S2, nil, 400, "ib_invalid_transition", ""},
		{"rejected is final", "rejected", "endorsed", w.CoordA, nil, 400, "ib_invalid_transition", ""},
		{"declined is final, superusers included", "declined", "offered", w.Admin, nil, 400, "ib_invalid_transition", ""},
		{"withdrawn is final", "withdrawn", "submitted", w.S2, nil, 400, "ib_invalid_transition", ""},
		{"expired is final", "expired", "accepted", w.S2, nil, 400, "ib_invalid_transition", ""},
		{"unknown status", "endorsed", "hired", w.SupX, nil, 400, "", ""},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			internship := posting(t, w, map[string]any{"title": fmt.Sprintf("Move %d", i)})
			over := map[string]any{}
			if tc.from == "rejected" || tc.from == "withdrawn" {
				over["reason"] = "Earlier reason."
			}
			a := application(t, w, w.S2, internship, tc.from, over)
			body := map[string]any{"status": tc.to}
			for k, v := range tc.body {
				body[k] = v
			}
			res := c.Do(http.MethodPatch, apps+"/"+a.Id, tc.by.Token, body)
			field := tc.field
			if field == "" {
				field = "status"
			}
			if res.Status != tc.status || (tc.code != "" && res.Code(field) != tc.code) {
				t.Fatalf("got %d %s, want %d %s", res.Status, res.String(), tc.status, tc.code)
			}
			after, err := w.App.FindRecordById("applications", a.Id)
			apptest.Must(t, err)
			want := tc.from
			if tc.status == 200 {
				want = tc.to
			}
			if after.GetString("status") != want {
				t.Fatalf("status %s, want %s", after.GetString("status"), want)
			}
			if tc.status == 200 {
				ev := count(t, w.App, "audit_events", dbx.HashExp{"record": a.Id, "action": "applications.status", "from": tc.from, "to": tc.to})
				if ev != 1 {
					t.Fatalf("audit events for the move: %d", ev)
				}
				switch tc.to {
				case "endorsed":
					if after.GetString("endorsed_by") != tc.by.Id || after.GetDateTime("endorsed_at").IsZero() {
						t.Fatalf("endorsement not recorded: %v", after)
					}
				case "offered":
					exp := after.GetDateTime("offer_expires_at").Time()
					if d := exp.Sub(clock.Now(w.App)); d < 6*24*time.Hour || d > 8*24*time.Hour || after.GetString("decided_by") != w.SupX.Id {
						t.Fatalf("offer expiry %v decided_by %s", exp, after.GetString("decided_by"))
					}
					if count(t, w.App, "notifications", dbx.HashExp{"user": w.S2.Id, "kind": "application.offered", "record": a.Id}) != 1 {
						t.Fatal("student not notified of the offer")
					}
				case "rejected":
					if tc.from != "submitted" && after.GetString("decided_by") != w.SupX.Id {
						t.Fatal("decided_by not set")
					}
				}
			}
		})
	}
}

func TestStatementLocksAfterSubmission(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	sub := application(t, w, w.S2, posting(t, w, nil), "submitted", nil)
	end := application(t, w, w.S2, posting(t, w, nil), "endorsed", nil)
	if res := c.Do(http.MethodPatch, apps+"/"+sub.Id, w.S2.Token, map[string]any{"statement": "Revised."}); res.Status != 200 {
		t.Fatalf("edit while submitted: %d %s", res.Status, res.String())
	}
	for _, who := range []apptest.User{w.S2, w.Admin} {
		res := c.Do(http.MethodPatch, apps+"/"+end.Id, who.Token, map[string]any{"statement": "Revised."})
		if res.Status != 400 || res.Code("statement") != "ib_locked" {
			t.Fatalf("edit while endorsed: %d %s", res.Status, res.String())
		}
	}
	if res := c.Do(http.MethodPatch, apps+"/"+end.Id, w.SupX.Token, map[string]any{"statement": "Host edits."}); res.Status != 400 || res.Code("statement") != "ib_forbidden_field" {
		t.Fatalf("host edits statement: %d %s", res.Status, res.String())
	}
}

func TestAcceptCreatesPlacementAndClosesTheRest(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	main := posting(t, w, nil)
	offer := application(t, w, w.S2, main, "offered", nil)
	otherOffer := application(t, w, w.S2, posting(t, w, nil), "offered", nil)
	pending := application(t, w, w.S2, posting(t, w, nil), "shortlisted", nil)
	submitted := application(t, w, w.S2, posting(t, w, nil), "submitted", nil)
	rejected := application(t, w, w.S2, posting(t, w, nil), "rejected", map[string]any{"reason": "No."})
	someoneElse := application(t, w, w.S3, main, "offered", nil)

	res := c.Do(http.MethodPatch, apps+"/"+offer.Id, w.S2.Token, map[string]any{"status": "accepted"})
	if res.Status != 200 {
		t.Fatalf("accept: %d %s", res.Status, res.String())
	}
	p, err := w.App.FindFirstRecordByData("placements", "application", offer.Id)
	if err != nil {
		t.Fatalf("no placement: %v", err)
	}
	for k, want := range map[string]string{"student": w.S2.Id, "internship": main.Id, "organization": w.OrgX.Id,
		"institution": w.InstA.Id, "supervisor": w.SupX.Id, "status": "ongoing", "mentor": ""} {
		if p.GetString(k) != want {
			t.Errorf("placement %s = %q, want %q", k, p.GetString(k), want)
		}
	}
	want := map[string]string{otherOffer.Id: "declined", pending.Id: "withdrawn", submitted.Id: "withdrawn", rejected.Id: "rejected", someoneElse.Id: "offered"}
	for id, status := range want {
		r, _ := w.App.FindRecordById("applications", id)
		if r.GetString("status") != status {
			t.Errorf("application %s: %s, want %s", id, r.GetString("status"), status)
		}
		if status == "withdrawn" && r.GetString("reason") != "Accepted another offer." {
			t.Errorf("withdrawal reason %q", r.GetString("reason"))
		}
	}
	if n := count(t, w.App, "notifications", dbx.HashExp{"user": w.CoordA.Id, "kind": "application.accepted"}); n != 1 {
		t.Errorf("coordinator notices: %d", n)
	}
	if n := count(t, w.App, "notifications", dbx.HashExp{"user": w.SupX.Id, "kind": "application.accepted"}); n != 1 {
		t.Errorf("supervisor notices: %d", n)
	}
	if n := count(t, w.App, "audit_events", dbx.HashExp{"record": p.Id, "action": "placements.create", "actor": w.S2.Id}); n != 1 {
		t.Errorf("placement audit: %d", n)
	}
	if n := count(t, w.App, "audit_events", dbx.HashExp{"record": pending.Id, "to": "withdrawn", "actor_label": "system"}); n != 1 {
		t.Errorf("withdrawal audit: %d", n)
	}

	// Now busy: a further application is refused.
	res = c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": posting(t, w, nil).Id})
	if res.Status != 400 || res.Code("internship") != "ib_busy" {
		t.Fatalf("apply while placed: %d %s", res.Status, res.String())
	}
}

// TestAcceptNoticeSaysWhenThePlacementStarts: the supervisor's notice of an
// accepted offer says the placement has started only once the internship
// has; before that it names the start day.
func TestAcceptNoticeSaysWhenThePlacementStarts(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	upcoming := posting(t, w, nil) // starts in 30 days
	started := posting(t, w, nil)
	for _, tc := range []struct {
		student    apptest.User
		internship *core.Record
		startsOn   types.DateTime
		want       string
	}{
		{w.S2, upcoming, day(w, 30), "The student accepted; the placement starts on " + day(w, 30).Time().Format("2 January 2006") + "."},
		{w.S3, started, day(w, -1), "The student accepted; the placement has started."},
	} {
		offer := application(t, w, tc.student, tc.internship, "offered", nil)
		_, err := w.App.DB().Update("internships", dbx.Params{"starts_on": tc.startsOn.String()}, dbx.HashExp{"id": tc.internship.Id}).Execute()
		apptest.Must(t, err)
		res := c.Do(http.MethodPatch, apps+"/"+offer.Id, tc.student.Token, map[string]any{"status": "accepted"})
		if res.Status != 200 {
			t.Fatalf("accept: %d %s", res.Status, res.String())
		}
		n, err := w.App.FindFirstRecordByFilter("notifications", "user = {:u} && kind = 'application.accepted' && record = {:r}",
			dbx.Params{"u": w.SupX.Id, "r": offer.Id})
		apptest.Must(t, err)
		if got := n.GetString("body"); got != tc.want {
			t.Errorf("supervisor's notice: %q, want %q", got, tc.want)
		}
	}
}

func TestAcceptAfterExpiry(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	now := clock.Now(w.App)
	offer := application(t, w, w.S2, posting(t, w, nil), "offered", map[string]any{"offer_expires_at": now.Add(time.Hour)})
	clock.Set(w.App, clock.Fixed(now.Add(2*time.Hour)))
	res := c.Do(http.MethodPatch, apps+"/"+offer.Id, w.S2.Token, map[string]any{"status": "accepted"})
	if res.Status != 400 || res.Code("status") != "ib_offer_expired" {
		t.Fatalf("got %d %s", res.Status, res.String())
	}
	if count(t, w.App, "placements", dbx.HashExp{"application": offer.Id}) != 0 {
		t.Fatal("placement created for an expired offer")
	}
}

func TestOfferExpiryMustBeInTheFuture(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	a := application(t, w, w.S2, posting(t, w, nil), "endorsed", nil)
	res := c.Do(http.MethodPatch, apps+"/"+a.Id, w.SupX.Token, map[string]any{"status": "offered", "offer_expires_at": day(w, -1)})
	if res.Status != 400 || res.Code("offer_expires_at") != "ib_out_of_range" {
		t.Fatalf("got %d %s", res.Status, res.String())
	}
	res = c.Do(http.MethodPatch, apps+"/"+a.Id, w.SupX.Token, map[string]any{"status": "offered", "offer_expires_at": day(w, 3)})
	if res.Status != 200 || !strings.HasPrefix(res.JSON()["offer_expires_at"].(string), day(w, 3).String()[:10]) {
		t.Fatalf("got %d %s", res.Status, res.String())
	}
}

// 20 concurrent offers on a one-seat internship: exactly one succeeds.
func TestConcurrentOffersRespectSeats(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	srv := httptest.NewServer(apptest.NewClient(t, w.App).Handler())
	defer srv.Close()
	one := posting(t, w, map[string]any{"seats": 1})
	var ids []string
	for i := 0; i < 20; i++ {
		s := apptest.Student(t, w.App, w.InstA)
		ids = append(ids, application(t, w, s, one, "endorsed", nil).Id)
	}
	statuses := parallel(t, srv.URL, w.SupX.Token, ids, `{"status":"offered"}`)
	if statuses[200] != 1 || statuses[400] != 19 {
		t.Fatalf("statuses %v, want one 200 and nineteen 400", statuses)
	}
	if n := count(t, w.App, "applications", dbx.HashExp{"internship": one.Id, "status": "offered"}); n != 1 {
		t.Fatalf("%d offers on one seat", n)
	}
}

// 20 concurrent accepts of one offer yield one placement.
func TestConcurrentAcceptsMakeOnePlacement(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	srv := httptest.NewServer(apptest.NewClient(t, w.App).Handler())
	defer srv.Close()
	offer := application(t, w, w.S2, posting(t, w, nil), "offered", nil)
	ids := make([]string, 20)
	for i := range ids {
		ids[i] = offer.Id
	}
	// A PATCH that finds the offer already accepted is no move (200 with
	// nothing changed) or lost the race inside its transaction (409).
	statuses := parallel(t, srv.URL, w.S2.Token, ids, `{"status":"accepted"}`)
	if statuses[200]+statuses[409] != 20 {
		t.Fatalf("statuses %v", statuses)
	}
	if n := count(t, w.App, "placements", dbx.HashExp{"application": offer.Id}); n != 1 {
		t.Fatalf("%d placements for one offer", n)
	}
	if n := count(t, w.App, "audit_events", dbx.HashExp{"record": offer.Id, "to": "accepted"}); n != 1 {
		t.Fatalf("%d acceptance audit events", n)
	}
}

func parallel(t *testing.T, base, token string, ids []string, body string) map[int]int {
	t.Helper()
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, id := range ids {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest(http.MethodPatch, base+apps+"/"+id, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			mu.Lock()
			statuses[res.StatusCode]++
			mu.Unlock()
		}(id)
	}
	close(start)
	wg.Wait()
	return statuses
}

// A failure after the first write rolls everything back: no placement, no
// audit event, no notification, no mail.
func TestFailedAcceptLeavesNoTrace(t *testing.T) {
	w := apptest.NewWorld(t)
	s := w.App.Settings()
	s.SMTP.Enabled = true
	s.SMTP.Host = "smtp.invalid"
	apptest.Must(t, w.App.Save(s))
	c := apptest.NewClient(t, w.App)
	offer := application(t, w, w.S2, posting(t, w, nil), "offered", nil)
	pending := application(t, w, w.S2, posting(t, w, nil), "submitted", nil)
	// The last write of the acceptance (withdrawing the other application)
	// fails after the placement was written.
	w.App.OnRecordUpdate("applications").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.Id == pending.Id {
			return fmt.Errorf("forced failure")
		}
		return e.Next()
	})
	time.Sleep(100 * time.Millisecond) // let mail of the setup drain
	w.App.TestMailer.Reset()
	before := map[string]int64{}
	for _, col := range []string{"placements", "audit_events", "notifications"} {
		before[col] = count(t, w.App, col, nil)
	}

	res := c.Do(http.MethodPatch, apps+"/"+offer.Id, w.S2.Token, map[string]any{"status": "accepted"})
	if res.Status < 400 || res.Status >= 500 {
		t.Fatalf("accept with a failing side effect: %d %s", res.Status, res.String())
	}
	for col, n := range before {
		if got := count(t, w.App, col, nil); got != n {
			t.Errorf("%s: %d → %d", col, n, got)
		}
	}
	r, _ := w.App.FindRecordById("applications", offer.Id)
	if r.GetString("status") != "offered" {
		t.Errorf("offer is %s", r.GetString("status"))
	}
	time.Sleep(200 * time.Millisecond)
	if n := w.App.TestMailer.TotalSend(); n != 0 {
		t.Errorf("%d mails sent for a rolled-back change", n)
	}

	// And a successful change does mail, after commit.
	a := application(t, w, w.S2, posting(t, w, nil), "endorsed", nil)
	if res := c.Do(http.MethodPatch, apps+"/"+a.Id, w.SupX.Token, map[string]any{"status": "shortlisted"}); res.Status != 200 {
		t.Fatalf("shortlist: %d %s", res.Status, res.String())
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		found := false
		for _, m := range w.App.TestMailer.Messages() {
			if len(m.To) == 1 && m.To[0].Address == w.S2.Email() && strings.Contains(m.Subject, "shortlisted") &&
				strings.Contains(m.Text, "/applications/"+a.Id) {
				found = true
			}
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no shortlist mail to the student among %d", w.App.TestMailer.TotalSend())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A posting that charges a fee, or whose organization does, takes no
// applications (ib_fee, after ib_closed and before ib_not_eligible).
func TestApplyRefusesFeePostings(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	// A fee can no longer be saved on an open posting, so data from before
	// the rule is made with SQL.
	withFee := func(over map[string]any) *core.Record {
		p := posting(t, w, over)
		_, err := w.App.DB().NewQuery("UPDATE internships SET fee = 500 WHERE id = {:id}").Bind(dbx.Params{"id": p.Id}).Execute()
		apptest.Must(t, err)
		return p
	}
	feeOrg := apptest.Organization(t, w.App, map[string]any{"charges_fee": true})
	feeSup := apptest.Supervisor(t, w.App, feeOrg)
	cases := []struct {
		name       string
		internship *core.Record
		code       string
	}{
		{"posting charges a fee", withFee(nil), "ib_fee"},
		{"organization charges fees", posting(t, w, map[string]any{"organization": feeOrg.Id, "supervisor": feeSup.Id}), "ib_fee"},
		{"closed is checked before the fee", withFee(map[string]any{"status": "closed"}), "ib_closed"},
		{"the fee is checked before eligibility", withFee(map[string]any{"eligible_institutions": []string{w.InstB.Id}}), "ib_fee"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := count(t, w.App, "applications", nil)
			res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": tc.internship.Id})
			if res.Status != 400 || res.Code("internship") != tc.code {
				t.Fatalf("got %d %s, want 400 %s", res.Status, res.String(), tc.code)
			}
			if count(t, w.App, "applications", nil) != before {
				t.Fatal("a refused application was written")
			}
		})
	}
}

// A failing read in the apply checks fails the request (500, generic
// message) and writes nothing; it never lets the check pass.
func TestApplyFailsOnAFailingRead(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	open := posting(t, w, nil)
	_, err := w.App.DB().NewQuery("ALTER TABLE placements RENAME TO placements_gone").Execute()
	apptest.Must(t, err)
	before := count(t, w.App, "applications", nil)
	res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": open.Id})
	if res.Status != 500 || strings.Contains(res.String(), "placements") {
		t.Fatalf("got %d %s, want a generic 500", res.Status, res.String())
	}
	if count(t, w.App, "applications", nil) != before {
		t.Fatal("an application was written although a check could not run")
	}
}

// offer_expires_at is set only with the move to offered, by the host; at any
// other time, by anyone, it is ib_forbidden_field.
func TestOfferExpiryOnlyWithTheOffer(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)

	t.Run("a student applying", func(t *testing.T) {
		before := count(t, w.App, "applications", nil)
		res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": posting(t, w, nil).Id, "offer_expires_at": day(w, 20)})
		if res.Status != 400 || res.Code("offer_expires_at") != "ib_forbidden_field" {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
		if count(t, w.App, "applications", nil) != before {
			t.Fatal("written")
		}
	})

	offered := application(t, w, w.S2, posting(t, w, nil), "offered", nil)
	endorsed := application(t, w, w.S3, posting(t, w, map[string]any{"eligible_institutions": []string{w.InstB.Id}}), "endorsed", nil)
	cases := []struct {
		name string
		app  *core.Record
		by   apptest.User
		body map[string]any
	}{
		{"the supervisor clears it later", offered, w.SupX, map[string]any{"offer_expires_at": ""}},
		{"the supervisor moves it later", offered, w.SupX, map[string]any{"offer_expires_at": day(w, 9)}},
		{"a superuser moves it later", offered, w.Admin, map[string]any{"offer_expires_at": day(w, 9)}},
		{"without an offer", endorsed, w.SupX, map[string]any{"offer_expires_at": day(w, 9)}},
		{"with a shortlisting", endorsed, w.SupX, map[string]any{"status": "shortlisted", "offer_expires_at": day(w, 9)}},
		{"a superuser without an offer", endorsed, w.Admin, map[string]any{"offer_expires_at": day(w, 9)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, err := w.App.FindRecordById("applications", tc.app.Id)
			apptest.Must(t, err)
			res := c.Do(http.MethodPatch, apps+"/"+tc.app.Id, tc.by.Token, tc.body)
			if res.Status != 400 || res.Code("offer_expires_at") != "ib_forbidden_field" {
				t.Fatalf("got %d %s", res.Status, res.String())
			}
			after, err := w.App.FindRecordById("applications", tc.app.Id)
			apptest.Must(t, err)
			if after.GetString("offer_expires_at") != before.GetString("offer_expires_at") || after.GetString("status") != before.GetString("status") {
				t.Fatalf("changed: %v", after)
			}
		})
	}

	t.Run("an internal save", func(t *testing.T) {
		r, err := w.App.FindRecordById("applications", offered.Id)
		apptest.Must(t, err)
		r.Set("offer_expires_at", day(w, 12))
		if err := w.App.Save(r); err == nil {
			t.Fatal("an internal save moved the offer expiry")
		}
	})

	t.Run("more than 30 days ahead with the offer", func(t *testing.T) {
		a := application(t, w, w.S2, posting(t, w, nil), "endorsed", nil)
		res := c.Do(http.MethodPatch, apps+"/"+a.Id, w.SupX.Token, map[string]any{"status": "offered", "offer_expires_at": day(w, 31)})
		if res.Status != 400 || res.Code("offer_expires_at") != "ib_out_of_range" {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
		res = c.Do(http.MethodPatch, apps+"/"+a.Id, w.SupX.Token, map[string]any{"status": "offered", "offer_expires_at": day(w, 29)})
		if res.Status != 200 {
			t.Fatalf("29 days ahead: %d %s", res.Status, res.String())
		}
	})
}

// Terminal applications never change, in any field, for anyone: superusers
// and internal saves included.
func TestTerminalApplicationsAreLocked(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	type tc struct {
		status string
		by     apptest.User
		body   map[string]any
		field  string
	}
	cases := []tc{
		{"rejected", w.SupX, map[string]any{"reason": "A rewritten reason."}, "reason"},
		{"rejected", w.Admin, map[string]any{"reason": "A rewritten reason."}, "reason"},
		{"accepted", w.Admin, map[string]any{"offer_expires_at": day(w, 9)}, "offer_expires_at"},
		{"accepted", w.SupX, map[string]any{"reason": "Changed."}, "reason"},
		{"declined", w.Admin, map[string]any{"statement": "Changed."}, "statement"},
		{"withdrawn", w.Admin, map[string]any{"reason": "Changed."}, "reason"},
		{"expired", w.SupX, map[string]any{"offer_expires_at": ""}, "offer_expires_at"},
	}
	for i, tc := range cases {
		t.Run(fmt.Sprintf("%s by %s", tc.status, tc.by.Email()), func(t *testing.T) {
			over := map[string]any{"reason": "The first reason."}
			if tc.status != "rejected" {
				over["offer_expires_at"] = day(w, 2)
			}
			a := application(t, w, w.S2, posting(t, w, map[string]any{"title": fmt.Sprintf("Locked %d", i)}), tc.status, over)
			res := c.Do(http.MethodPatch, apps+"/"+a.Id, tc.by.Token, tc.body)
			if res.Status != 400 || res.Code(tc.field) != "ib_locked" {
				t.Fatalf("got %d %s", res.Status, res.String())
			}
			after, err := w.App.FindRecordById("applications", a.Id)
			apptest.Must(t, err)
			for _, f := range []string{"reason", "offer_expires_at", "statement", "status"} {
				if after.GetString(f) != a.GetString(f) {
					t.Fatalf("%s changed: %q → %q", f, a.GetString(f), after.GetString(f))
				}
			}
			// Internal saves are held to it too.
			after.Set("reason", "Rewritten by the server.")
			if err := w.App.Save(after); err == nil {
				t.Fatal("an internal save rewrote a terminal application")
			}
		})
	}
}

// A move that exists but not for the caller's role is 403, decided before any
// field check.
func TestMoveIsDecidedBeforeFields(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	a := application(t, w, w.S2, posting(t, w, nil), "submitted", nil)
	for _, body := range []map[string]any{
		{"status": "rejected", "reason": "I changed my mind."},
		{"status": "endorsed", "internship": w.Internship.Id},
		{"status": "endorsed", "endorsed_by": w.CoordA.Id},
	} {
		res := c.Do(http.MethodPatch, apps+"/"+a.Id, w.S2.Token, body)
		if res.Status != 403 {
			t.Fatalf("%v: got %d %s, want 403", body, res.Status, res.String())
		}
	}
	if r, _ := w.App.FindRecordById("applications", a.Id); r.GetString("status") != "submitted" || r.GetString("reason") != "" {
		t.Fatalf("changed: %v", r)
	}
}

// The ib_prerequisites message names only courses the student can read.
func TestPrerequisitesNameOnlyReadableCourses(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	visible := apptest.Save(t, w.App, "courses", map[string]any{"title": "Open lab basics", "published": true})
	secret := apptest.Save(t, w.App, "courses", map[string]any{"title": "Secret merger briefing", "institution": w.InstA.Id, "published": true})
	p := posting(t, w, map[string]any{"eligible_institutions": []string{w.InstA.Id}, "required_courses": []string{visible.Id, secret.Id}})
	// The author unpublishes the course after the posting named it.
	secret.Set("published", false)
	apptest.Must(t, w.App.Save(secret))

	res := c.Do(http.MethodPost, apps, w.S2.Token, map[string]any{"internship": p.Id})
	if res.Status != 400 || res.Code("internship") != "ib_prerequisites" {
		t.Fatalf("got %d %s", res.Status, res.String())
	}
	if strings.Contains(res.String(), "Secret merger") {
		t.Fatalf("named a course the student cannot see: %s", res.String())
	}
	if !strings.Contains(res.String(), "“Open lab basics”") || !strings.Contains(res.String(), "a course your institution has not published") {
		t.Fatalf("message: %s", res.String())
	}
}
