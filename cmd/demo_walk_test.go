package cmd_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/internal/apptest"
)

// walker signs in the printed accounts through the API and sends their
// requests, failing the test on any unexpected status.
type walker struct {
	t      *testing.T
	c      *apptest.Client
	tokens map[string]string // by email
}

func (w *walker) signIn(a cmd.DemoAccount) string {
	w.t.Helper()
	col := "users"
	if a.Role == "superuser" {
		col = "_superusers"
	}
	res := w.c.Do("POST", "/api/collections/"+col+"/auth-with-password", "", map[string]any{"identity": a.Email, "password": a.Password})
	if res.Status != 200 {
		w.t.Fatalf("%s signs in with the printed password: %d %s", a.Email, res.Status, res)
	}
	tok, _ := res.JSON()["token"].(string)
	w.tokens[a.Email] = tok
	return tok
}

func (w *walker) do(want int, method, path, token string, body any) map[string]any {
	w.t.Helper()
	res := w.c.Do(method, path, token, body)
	if res.Status != want {
		w.t.Fatalf("%s %s: %d, want %d: %s", method, path, res.Status, want, res)
	}
	return res.JSON()
}

// list returns the items a caller sees for filter, in the order of sort.
func (w *walker) list(token, collection, filter, sort string) []map[string]any {
	w.t.Helper()
	q := url.Values{"filter": {filter}, "perPage": {"200"}}
	if sort != "" {
		q.Set("sort", sort)
	}
	body := w.do(200, "GET", "/api/collections/"+collection+"/records?"+q.Encode(), token, nil)
	raw, _ := body["items"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, it := range raw {
		out = append(out, it.(map[string]any))
	}
	return out
}

func (w *walker) first(token, collection, filter string) map[string]any {
	w.t.Helper()
	items := w.list(token, collection, filter, "")
	if len(items) == 0 {
		w.t.Fatalf("%s: nothing matches %s for this caller", collection, filter)
	}
	return items[0]
}

// TestDemoWalkThroughTheAPI loads the demo and, from every printed account,
// does the first step it is told to try, through the HTTP API, on whatever
// day the test clock says (IB_TEST_NOW).
func TestDemoWalkThroughTheAPI(t *testing.T) {
	t.Parallel()
	app, out := demoApp(t)
	w := &walker{t: t, c: apptest.NewClient(t, app), tokens: map[string]string{}}
	today := apptest.Day(app, 0).String()

	tok := map[string]string{}
	for _, a := range cmd.DemoAccounts() {
		if !strings.Contains(out, a.Email) || !strings.Contains(out, a.Try) {
			t.Fatalf("%s is not printed with what to try", a.Email)
		}
		tok[strings.TrimSuffix(a.Email, "@demo.internbase.localhost")] = w.signIn(a)
	}
	admin := tok[cmd.DemoAdminEmail]

	// The student writes today's logbook entry.
	student := tok["student"]
	placement := w.first(student, "placements", "status = 'ongoing'")
	entry := w.do(200, "POST", "/api/collections/logbook_entries/records", student, map[string]any{
		"placement": placement["id"], "date": today, "hours": 6,
		"activity": "Wrote the handler for cancelling a booking and its tests.", "learning": "How to roll back a transaction.",
	})
	if entry["status"] != "pending" {
		t.Errorf("today's entry: %v", entry)
	}
	// The entry that was sent back, edited, waits for review again.
	rejected := w.first(student, "logbook_entries", "status = 'rejected'")
	edited := w.do(200, "PATCH", "/api/collections/logbook_entries/records/"+rejected["id"].(string), student, map[string]any{
		"activity": rejected["activity"].(string) + " In the afternoon I wrote the migration for the new column.",
	})
	if edited["status"] != "pending" {
		t.Errorf("an edited rejected entry is %v, want pending", edited["status"])
	}

	// The supervisor approves a pending entry; the hours total moves.
	sup := tok["supervisor"]
	before := w.do(200, "GET", "/api/collections/placements/records/"+placement["id"].(string), sup, nil)["approved_hours"].(float64)
	pending := w.first(sup, "logbook_entries", "status = 'pending' && placement = '"+placement["id"].(string)+"'")
	w.do(200, "PATCH", "/api/collections/logbook_entries/records/"+pending["id"].(string), sup, map[string]any{"status": "approved"})
	after := w.do(200, "GET", "/api/collections/placements/records/"+placement["id"].(string), sup, nil)["approved_hours"].(float64)
	if after != before+pending["hours"].(float64) {
		t.Errorf("approved_hours %v → %v after approving %v hours", before, after, pending["hours"])
	}
	// …and moves applicants: shortlists the endorsed one, offers the shortlisted one.
	endorsed := w.first(sup, "applications", "status = 'endorsed'")
	w.do(200, "PATCH", "/api/collections/applications/records/"+endorsed["id"].(string), sup, map[string]any{"status": "shortlisted"})
	shortlisted := w.first(sup, "applications", "status = 'shortlisted' && internship.status = 'open' && id != '"+endorsed["id"].(string)+"'")
	w.do(200, "PATCH", "/api/collections/applications/records/"+shortlisted["id"].(string), sup, map[string]any{"status": "offered"})

	// The student with an offer accepts it; the placement opens.
	rahul := tok["student2"]
	offer := w.first(rahul, "applications", "status = 'offered'")
	w.do(200, "PATCH", "/api/collections/applications/records/"+offer["id"].(string), rahul, map[string]any{"status": "accepted"})
	if got := w.list(rahul, "placements", "application = '"+offer["id"].(string)+"'", ""); len(got) != 1 {
		t.Errorf("accepting the offer opened %d placements", len(got))
	}

	// The new host drafts a posting; it cannot open before verification.
	host := tok["host"]
	hostUser := w.do(200, "GET", "/api/collections/users/records/"+idOf(t, w, host), host, nil)
	posting := w.do(200, "POST", "/api/collections/internships/records", host, map[string]any{
		"organization": hostUser["organization"], "supervisor": hostUser["id"], "title": "Farm sensor intern",
		"seats": 2, "mode": "onsite", "starts_on": apptest.Day(app, 30).String(), "ends_on": apptest.Day(app, 90).String(),
		"apply_by": apptest.Day(app, 20).String(), "hours": 120,
	})
	res := w.c.Do("PATCH", "/api/collections/internships/records/"+posting["id"].(string), host, map[string]any{"status": "open"})
	if res.Status != 400 || !strings.Contains(res.String(), "ib_unverified") {
		t.Errorf("opening a posting of the unverified host: %d %s", res.Status, res)
	}

	// The waiting student cannot apply yet.
	diya := tok["newstudent"]
	frontend := w.first(diya, "internships", "status = 'open' && title ~ 'Frontend'")
	res = w.c.Do("POST", "/api/collections/applications/records", diya, map[string]any{"internship": frontend["id"]})
	if res.Status != 400 || res.Code("internship") != "ib_not_enrolled" {
		t.Errorf("the waiting student applies: %d %s", res.Status, res)
	}

	// The coordinator endorses, enrols, verifies and completes.
	coord := tok["coordinator"]
	submitted := w.first(coord, "applications", "status = 'submitted'")
	w.do(200, "PATCH", "/api/collections/applications/records/"+submitted["id"].(string), coord, map[string]any{"status": "endorsed"})
	w.do(200, "PATCH", "/api/collections/users/records/"+idOf(t, w, diya), coord, map[string]any{"enrolled": true})
	w.do(200, "PATCH", "/api/collections/organizations/records/"+hostUser["organization"].(string), coord, map[string]any{"verified": true})
	ready := w.first(coord, "placements", "status = 'ongoing' && student.name = 'Meera Pillai'")
	done := w.do(200, "PATCH", "/api/collections/placements/records/"+ready["id"].(string), coord, map[string]any{"status": "completed"})
	if done["grade"] == "" || done["credits_earned"].(float64) <= 0 {
		t.Errorf("the completed placement: %v", done)
	}
	cert := w.first(coord, "certificates", "placement = '"+ready["id"].(string)+"'")
	v := w.do(200, "GET", "/api/ib/verify/"+cert["number"].(string), "", nil)
	if v["status"] != "valid" || v["number"] != cert["number"] {
		t.Errorf("verify %s: %v", cert["number"], v)
	}
	// What the coordinator did lets the others on.
	w.do(200, "PATCH", "/api/collections/internships/records/"+posting["id"].(string), host, map[string]any{"status": "open"})
	w.do(200, "POST", "/api/collections/applications/records", diya, map[string]any{"internship": frontend["id"]})

	// The mentor reviews the final report and writes the evaluation; the
	// placement is then complete.
	mentor := tok["mentor"]
	report := w.first(mentor, "submissions", "status = 'submitted' && task.kind = 'final_report'")
	w.do(200, "PATCH", "/api/collections/submissions/records/"+report["id"].(string), mentor, map[string]any{
		"status": "approved", "score": 16, "feedback": "Well argued; add the test plans as an appendix next time."})
	w.do(200, "POST", "/api/collections/evaluations/records", mentor, map[string]any{
		"placement": report["placement"], "kind": "mentor", "submitted": true,
		"scores": map[string]any{"logbook": 8, "report": 16, "viva": 17}})
	w.do(200, "PATCH", "/api/collections/placements/records/"+report["placement"].(string), mentor, map[string]any{"status": "completed"})

	// The superuser sees the whole story.
	if n := len(w.list(admin, "internships", "id != ''", "")); n < 10 {
		t.Errorf("the superuser sees %d postings", n)
	}
}

// idOf is the id of the user a token belongs to.
func idOf(t *testing.T, w *walker, token string) string {
	t.Helper()
	body := w.do(200, "POST", "/api/collections/users/auth-refresh", token, nil)
	rec, _ := body["record"].(map[string]any)
	id, _ := rec["id"].(string)
	if id == "" {
		t.Fatalf("auth-refresh gave no record: %v", body)
	}
	return id
}
