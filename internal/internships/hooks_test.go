package internships_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/apptest"
)

const url = "/api/collections/internships/records"

func day(w *apptest.World, offset int) types.DateTime { return apptest.Day(w.App, offset) }

func draft(t *testing.T, w *apptest.World, over map[string]any) *core.Record {
	t.Helper()
	data := map[string]any{"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Draft posting", "seats": 2,
		"starts_on": day(w, 30), "ends_on": day(w, 90), "apply_by": day(w, 20), "hours": 120, "status": "draft"}
	for k, v := range over {
		data[k] = v
	}
	return apptest.Save(t, w.App, "internships", data)
}

func TestCreatePosting(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	body := map[string]any{"title": "ML intern", "seats": 2, "starts_on": day(w, 30), "ends_on": day(w, 60), "apply_by": day(w, 10), "hours": 100}
	res := c.Do(http.MethodPost, url, w.SupX.Token, body)
	if res.Status != 200 || res.JSON()["status"] != "draft" || res.JSON()["organization"] != w.OrgX.Id || res.JSON()["supervisor"] != w.SupX.Id {
		t.Fatalf("create: %d %s", res.Status, res.String())
	}
	body["status"] = "open"
	if res := c.Do(http.MethodPost, url, w.SupX.Token, body); res.Status != 400 || res.Code("status") != "ib_invalid_transition" {
		t.Fatalf("create open: %d %s", res.Status, res.String())
	}
	delete(body, "status")
	body["organization"] = w.OrgY.Id
	if res := c.Do(http.MethodPost, url, w.SupX.Token, body); res.Status != 400 || res.Code("organization") != "ib_forbidden_field" {
		t.Fatalf("create for another organization: %d %s", res.Status, res.String())
	}
	delete(body, "organization")
	body["ends_on"] = day(w, 5)
	if res := c.Do(http.MethodPost, url, w.SupX.Token, body); res.Status != 400 || res.Code("ends_on") != "ib_out_of_range" {
		t.Fatalf("ends before it starts: %d %s", res.Status, res.String())
	}
	for _, who := range []apptest.User{w.S1, w.CoordA, w.MentorA} {
		if res := c.Do(http.MethodPost, url, who.Token, map[string]any{"title": "x", "seats": 1, "starts_on": day(w, 30), "ends_on": day(w, 60), "apply_by": day(w, 10), "hours": 1}); res.Status != 400 {
			t.Fatalf("%s created a posting: %d", who.GetString("role"), res.Status)
		}
	}
}

func TestOpeningChecks(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	feeOrg := apptest.Organization(t, w.App, map[string]any{"charges_fee": true})
	feeSup := apptest.Supervisor(t, w.App, feeOrg)
	cases := []struct {
		name   string
		rec    *core.Record
		token  string
		field  string
		code   string
		status int
	}{
		{"ready", draft(t, w, nil), w.SupX.Token, "", "", 200},
		{"deadline today", draft(t, w, map[string]any{"apply_by": day(w, 0)}), w.SupX.Token, "", "", 200},
		{"fee", draft(t, w, map[string]any{"fee": 1000}), w.SupX.Token, "fee", "ib_fee", 400},
		{"organization charges fees", apptest.Save(t, w.App, "internships", map[string]any{"organization": feeOrg.Id, "supervisor": feeSup.Id,
			"title": "Paid", "seats": 1, "starts_on": day(w, 30), "ends_on": day(w, 60), "apply_by": day(w, 10), "hours": 10}), feeSup.Token, "fee", "ib_fee", 400},
		{"deadline passed", draft(t, w, map[string]any{"apply_by": day(w, -1), "starts_on": day(w, 5)}), w.SupX.Token, "apply_by", "ib_out_of_range", 400},
		{"deadline after start", draft(t, w, map[string]any{"apply_by": day(w, 40)}), w.SupX.Token, "apply_by", "ib_out_of_range", 400},
		{"fee checked for superusers too", draft(t, w, map[string]any{"fee": 1}), w.Admin.Token, "fee", "ib_fee", 400},
		{"other organization", draft(t, w, nil), w.SupY.Token, "", "", 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url+"/"+tc.rec.Id, tc.token, map[string]any{"status": "open"})
			if res.Status != tc.status || (tc.code != "" && res.Code(tc.field) != tc.code) {
				t.Fatalf("got %d %s", res.Status, res.String())
			}
			r, _ := w.App.FindRecordById("internships", tc.rec.Id)
			want := "draft"
			if tc.status == 200 {
				want = "open"
			}
			if r.GetString("status") != want {
				t.Fatalf("status %s", r.GetString("status"))
			}
		})
	}
}

func TestMovesAndDates(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	open := draft(t, w, map[string]any{"status": "open"})
	patch := func(token string, r *core.Record, body map[string]any) *apptest.Response {
		return c.Do(http.MethodPatch, url+"/"+r.Id, token, body)
	}
	if res := patch(w.SupX.Token, open, map[string]any{"starts_on": day(w, 40)}); res.Status != 400 || res.Code("starts_on") != "ib_locked" {
		t.Fatalf("supervisor moves dates of an open posting: %d %s", res.Status, res.String())
	}
	if res := patch(w.Admin.Token, open, map[string]any{"starts_on": day(w, 35)}); res.Status != 200 {
		t.Fatalf("superuser corrects dates: %d %s", res.Status, res.String())
	}
	if res := patch(w.Admin.Token, open, map[string]any{"ends_on": day(w, 1)}); res.Status != 400 || res.Code("ends_on") != "ib_out_of_range" {
		t.Fatalf("superuser breaks date order: %d %s", res.Status, res.String())
	}
	if res := patch(w.SupX.Token, open, map[string]any{"status": "draft"}); res.Status != 400 || res.Code("status") != "ib_invalid_transition" {
		t.Fatalf("back to draft: %d %s", res.Status, res.String())
	}
	if res := patch(w.SupX.Token, open, map[string]any{"status": "closed"}); res.Status != 200 {
		t.Fatalf("close: %d %s", res.Status, res.String())
	}
	if res := patch(w.SupX.Token, open, map[string]any{"status": "open"}); res.Status != 400 || res.Code("status") != "ib_invalid_transition" {
		t.Fatalf("reopen: %d %s", res.Status, res.String())
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": open.Id, "action": "internships.status", "to": "closed", "actor": w.SupX.Id}); n != 1 {
		t.Fatalf("close not audited: %d", n)
	}
}

func TestCancelWithdrawsPendingApplications(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	open := draft(t, w, map[string]any{"status": "open", "seats": 10})
	statuses := []string{"submitted", "endorsed", "shortlisted", "offered", "rejected", "declined"}
	ids := map[string]string{}
	for _, s := range statuses {
		st := apptest.Student(t, w.App, w.InstA)
		data := map[string]any{"internship": open.Id, "student": st.Id, "institution": w.InstA.Id, "organization": w.OrgX.Id, "status": s, "reason": "r"}
		if s == "offered" {
			data["offer_expires_at"] = day(w, 3)
		}
		a := apptest.Save(t, w.App, "applications", data)
		ids[s] = a.Id
	}
	if res := c.Do(http.MethodPatch, url+"/"+open.Id, w.SupX.Token, map[string]any{"status": "cancelled"}); res.Status != 400 || res.Code("cancel_reason") != "validation_required" {
		t.Fatalf("cancel without reason: %d %s", res.Status, res.String())
	}
	if res := c.Do(http.MethodPatch, url+"/"+open.Id, w.SupX.Token, map[string]any{"status": "cancelled", "cancel_reason": "Project funding ended."}); res.Status != 200 {
		t.Fatalf("cancel: %d %s", res.Status, res.String())
	}
	for s, id := range ids {
		a, _ := w.App.FindRecordById("applications", id)
		want := "withdrawn"
		if s == "rejected" || s == "declined" {
			want = s
		}
		if a.GetString("status") != want {
			t.Errorf("%s application is %s, want %s", s, a.GetString("status"), want)
		}
		if want == "withdrawn" {
			if a.GetString("reason") != "Internship cancelled." {
				t.Errorf("reason %q", a.GetString("reason"))
			}
			if n, _ := w.App.CountRecords("notifications", dbx.HashExp{"user": a.GetString("student"), "kind": "application.withdrawn"}); n != 1 {
				t.Errorf("student of the %s application not notified", s)
			}
		}
	}

	// A posting with a placement cannot be cancelled.
	if res := c.Do(http.MethodPatch, url+"/"+w.Internship.Id, w.SupX.Token, map[string]any{"status": "cancelled", "cancel_reason": "x"}); res.Status != 400 || res.Code("status") != "ib_locked" {
		t.Fatalf("cancel with a placement: %d %s", res.Status, res.String())
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	d := draft(t, w, nil)
	if res := c.Do(http.MethodDelete, url+"/"+w.Internship.Id, w.SupX.Token, nil); res.Status != 404 {
		t.Fatalf("delete an open posting: %d %s", res.Status, res.String())
	}
	if res := c.Do(http.MethodDelete, url+"/"+w.Internship.Id, w.Admin.Token, nil); res.Status != 400 || res.Code("status") != "ib_locked" {
		t.Fatalf("superuser deletes an open posting: %d %s", res.Status, res.String())
	}
	if res := c.Do(http.MethodDelete, url+"/"+d.Id, w.SupY.Token, nil); res.Status != 404 {
		t.Fatalf("other organization deletes: %d", res.Status)
	}
	if res := c.Do(http.MethodDelete, url+"/"+d.Id, w.SupX.Token, nil); res.Status != 204 {
		t.Fatalf("delete draft: %d %s", res.Status, res.String())
	}
}

// fee stays 0 once a posting has left draft: a change to a non-zero fee is
// ib_fee, for everyone.
func TestFeeStaysZeroAfterDraft(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	open := draft(t, w, map[string]any{"status": "open"})
	closed := draft(t, w, map[string]any{"status": "closed"})
	for _, tc := range []struct {
		name  string
		rec   *core.Record
		token string
	}{
		{"supervisor, open", open, w.SupX.Token},
		{"superuser, open", open, w.Admin.Token},
		{"supervisor, closed", closed, w.SupX.Token},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url+"/"+tc.rec.Id, tc.token, map[string]any{"fee": 500})
			if res.Status != 400 || res.Code("fee") != "ib_fee" {
				t.Fatalf("got %d %s", res.Status, res.String())
			}
			r, _ := w.App.FindRecordById("internships", tc.rec.Id)
			if r.GetFloat("fee") != 0 {
				t.Fatalf("fee %v", r.GetFloat("fee"))
			}
		})
	}
	t.Run("internal save", func(t *testing.T) {
		r, _ := w.App.FindRecordById("internships", open.Id)
		r.Set("fee", 1)
		if err := w.App.Save(r); err == nil {
			t.Fatal("an internal save gave an open posting a fee")
		}
	})
	t.Run("created past draft with a fee", func(t *testing.T) {
		col, _ := w.App.FindCollectionByNameOrId("internships")
		r := core.NewRecord(col)
		r.Load(map[string]any{"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Paid", "seats": 1,
			"starts_on": day(w, 30), "ends_on": day(w, 60), "apply_by": day(w, 10), "hours": 10, "status": "open", "fee": 100})
		if err := w.App.Save(r); err == nil {
			t.Fatal("an open posting was created with a fee")
		}
	})
	t.Run("a draft may still change its fee", func(t *testing.T) {
		d := draft(t, w, nil)
		if res := c.Do(http.MethodPatch, url+"/"+d.Id, w.SupX.Token, map[string]any{"fee": 500}); res.Status != 200 {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
	})
}

// feeWorld is an organization with postings and applications in every state.
type feeWorld struct {
	open, closed, drafted, otherOrg *core.Record
	apps                            map[string]*core.Record // by name
}

func newFeeWorld(t *testing.T, w *apptest.World) feeWorld {
	t.Helper()
	f := feeWorld{apps: map[string]*core.Record{}}
	f.open = draft(t, w, map[string]any{"status": "open", "seats": 10, "title": "Open one"})
	f.closed = draft(t, w, map[string]any{"status": "closed", "seats": 10, "title": "Closed one"})
	f.drafted = draft(t, w, map[string]any{"title": "Draft one"})
	f.otherOrg = apptest.Save(t, w.App, "internships", map[string]any{"organization": w.OrgY.Id, "supervisor": w.SupY.Id, "title": "Y's",
		"seats": 2, "starts_on": day(w, 30), "ends_on": day(w, 90), "apply_by": day(w, 20), "hours": 120, "status": "open"})
	add := func(name string, p *core.Record, status string) {
		st := apptest.Student(t, w.App, w.InstA)
		data := map[string]any{"internship": p.Id, "student": st.Id, "institution": w.InstA.Id, "organization": p.GetString("organization"), "status": status}
		switch status {
		case "offered":
			data["offer_expires_at"] = day(w, 3)
		case "rejected":
			data["reason"] = "Not a fit."
		}
		if status != "submitted" {
			data["endorsed_at"] = day(w, -1)
		}
		f.apps[name] = apptest.Save(t, w.App, "applications", data)
	}
	for _, s := range []string{"submitted", "endorsed", "shortlisted", "offered", "rejected"} {
		add("open "+s, f.open, s)
	}
	add("closed endorsed", f.closed, "endorsed")
	add("closed offered", f.closed, "offered")
	add("other organization", f.otherOrg, "submitted")
	return f
}

// An organization set to charge a fee closes its open postings and withdraws
// every pending application to any of its postings, students notified.
func TestChargesFeeClosesPostingsAndWithdrawsApplications(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	f := newFeeWorld(t, w)
	res := c.Do(http.MethodPatch, "/api/collections/organizations/records/"+w.OrgX.Id, w.CoordA.Token, map[string]any{"charges_fee": true})
	if res.Status != 200 {
		t.Fatalf("set charges_fee: %d %s", res.Status, res.String())
	}
	for id, want := range map[string]string{f.open.Id: "closed", f.closed.Id: "closed", f.drafted.Id: "draft", f.otherOrg.Id: "open", w.Internship.Id: "closed"} {
		if r, _ := w.App.FindRecordById("internships", id); r.GetString("status") != want {
			t.Errorf("posting %s is %s, want %s", r.GetString("title"), r.GetString("status"), want)
		}
	}
	for name, a := range f.apps {
		r, _ := w.App.FindRecordById("applications", a.Id)
		want := "withdrawn"
		switch name {
		case "open rejected":
			want = "rejected"
		case "other organization":
			want = "submitted"
		}
		if r.GetString("status") != want {
			t.Errorf("%s: %s, want %s", name, r.GetString("status"), want)
			continue
		}
		if want != "withdrawn" {
			continue
		}
		if r.GetString("reason") != "The host organisation charges students a fee." {
			t.Errorf("%s: reason %q", name, r.GetString("reason"))
		}
		if n, _ := w.App.CountRecords("notifications", dbx.HashExp{"user": r.GetString("student"), "kind": "application.withdrawn", "record": r.Id}); n != 1 {
			t.Errorf("%s: student notices %d", name, n)
		}
		if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": r.Id, "to": "withdrawn"}); n != 1 {
			t.Errorf("%s: audit events %d", name, n)
		}
	}
	if r, _ := w.App.FindRecordById("applications", w.Application.Id); r.GetString("status") != "accepted" {
		t.Errorf("the accepted application changed: %s", r.GetString("status"))
	}

	// Any save does it, a superuser's internal one included.
	g := apptest.Save(t, w.App, "internships", map[string]any{"organization": w.OrgY.Id, "supervisor": w.SupY.Id, "title": "Y's second",
		"seats": 2, "starts_on": day(w, 30), "ends_on": day(w, 90), "apply_by": day(w, 20), "hours": 120, "status": "open"})
	org, _ := w.App.FindRecordById("organizations", w.OrgY.Id)
	org.Set("charges_fee", true)
	apptest.Must(t, w.App.Save(org))
	for _, id := range []string{g.Id, f.otherOrg.Id} {
		if r, _ := w.App.FindRecordById("internships", id); r.GetString("status") != "closed" {
			t.Errorf("posting of Y is %s", r.GetString("status"))
		}
	}
	if r, _ := w.App.FindRecordById("applications", f.apps["other organization"].Id); r.GetString("status") != "withdrawn" {
		t.Errorf("application to Y is %s", r.GetString("status"))
	}
}

// The whole of it is one transaction: a failure midway leaves no trace.
func TestChargesFeeIsOneTransaction(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	f := newFeeWorld(t, w)
	failing := f.apps["closed offered"].Id
	w.App.OnRecordUpdate("applications").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.Id == failing {
			return fmt.Errorf("forced failure")
		}
		return e.Next()
	})
	before := map[string]int64{}
	for _, col := range []string{"audit_events", "notifications"} {
		before[col], _ = w.App.CountRecords(col)
	}
	res := c.Do(http.MethodPatch, "/api/collections/organizations/records/"+w.OrgX.Id, w.CoordA.Token, map[string]any{"charges_fee": true})
	if res.Status < 400 {
		t.Fatalf("a failing withdrawal did not fail the change: %d %s", res.Status, res.String())
	}
	if org, _ := w.App.FindRecordById("organizations", w.OrgX.Id); org.GetBool("charges_fee") {
		t.Error("charges_fee was saved")
	}
	if r, _ := w.App.FindRecordById("internships", f.open.Id); r.GetString("status") != "open" {
		t.Errorf("open posting is %s", r.GetString("status"))
	}
	for name, a := range f.apps {
		if r, _ := w.App.FindRecordById("applications", a.Id); r.GetString("status") != a.GetString("status") {
			t.Errorf("%s: %s → %s", name, a.GetString("status"), r.GetString("status"))
		}
	}
	for col, n := range before {
		if got, _ := w.App.CountRecords(col); got != n {
			t.Errorf("%s: %d → %d", col, n, got)
		}
	}
}

// skills is a JSON array of at most 30 non-empty strings of at most 60
// characters, for every save.
func TestSkillsShape(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	many := make([]string, 31)
	for i := range many {
		many[i] = fmt.Sprintf("skill %d", i)
	}
	long := ""
	for len(long) <= 60 {
		long += "abcdef"
	}
	cases := []struct {
		name   string
		skills any
		status int
	}{
		{"a number", 42, 400},
		{"not strings", []any{1, map[string]any{"a": 2}}, 400},
		{"a string", "Go", 400},
		{"an object", map[string]any{"go": true}, 400},
		{"an empty skill", []string{"Go", " "}, 400},
		{"too many", many, 400},
		{"too long", []string{long}, 400},
		{"fine", []string{"Go", "SQL", "മലയാളം"}, 200},
		{"none", []string{}, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"title": "Skills " + tc.name, "seats": 1, "starts_on": day(w, 30), "ends_on": day(w, 60), "apply_by": day(w, 10), "hours": 10, "skills": tc.skills}
			res := c.Do(http.MethodPost, url, w.SupX.Token, body)
			if res.Status != tc.status || (tc.status == 400 && res.Code("skills") == "") {
				t.Fatalf("create: got %d %s, want %d", res.Status, res.String(), tc.status)
			}
			d := draft(t, w, nil)
			res = c.Do(http.MethodPatch, url+"/"+d.Id, w.Admin.Token, map[string]any{"skills": tc.skills})
			if res.Status != tc.status || (tc.status == 400 && res.Code("skills") == "") {
				t.Fatalf("update by a superuser: got %d %s, want %d", res.Status, res.String(), tc.status)
			}
		})
	}
}

// required_courses names only published courses every admitted student can
// see: global ones, or the one eligible institution's.
func TestRequiredCoursesMustBeVisible(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	global := apptest.Save(t, w.App, "courses", map[string]any{"title": "Global", "published": true})
	ofA := apptest.Save(t, w.App, "courses", map[string]any{"title": "Of A", "institution": w.InstA.Id, "published": true})
	draftA := apptest.Save(t, w.App, "courses", map[string]any{"title": "Hidden draft of A", "institution": w.InstA.Id})
	ofB := apptest.Save(t, w.App, "courses", map[string]any{"title": "Of B", "institution": w.InstB.Id, "published": true})
	globalDraft := apptest.Save(t, w.App, "courses", map[string]any{"title": "Global draft"})
	cases := []struct {
		name     string
		eligible []string
		courses  []string
		status   int
	}{
		{"a global course", nil, []string{global.Id}, 200},
		{"a global draft", nil, []string{globalDraft.Id}, 400},
		{"an institution's course, open to all", nil, []string{ofA.Id}, 400},
		{"a draft of the one institution", []string{w.InstA.Id}, []string{draftA.Id}, 400},
		{"the one institution's course", []string{w.InstA.Id}, []string{ofA.Id, global.Id}, 200},
		{"another institution's course", []string{w.InstA.Id}, []string{ofB.Id}, 400},
		{"two institutions", []string{w.InstA.Id, w.InstB.Id}, []string{ofA.Id}, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"title": "Courses " + tc.name, "seats": 1, "starts_on": day(w, 30), "ends_on": day(w, 60), "apply_by": day(w, 10),
				"hours": 10, "required_courses": tc.courses, "eligible_institutions": tc.eligible}
			res := c.Do(http.MethodPost, url, w.SupX.Token, body)
			if res.Status != tc.status || (tc.status == 400 && res.Code("required_courses") == "") {
				t.Fatalf("create: got %d %s, want %d", res.Status, res.String(), tc.status)
			}
			if strings.Contains(res.String(), "Hidden draft") {
				t.Fatalf("the refusal names a course: %s", res.String())
			}
			d := draft(t, w, nil)
			res = c.Do(http.MethodPatch, url+"/"+d.Id, w.Admin.Token, map[string]any{"required_courses": tc.courses, "eligible_institutions": tc.eligible})
			if res.Status != tc.status || (tc.status == 400 && res.Code("required_courses") == "") {
				t.Fatalf("update by a superuser: got %d %s, want %d", res.Status, res.String(), tc.status)
			}
		})
	}
	// Widening the eligible institutions of a posting that requires an
	// institution's course is refused too.
	d := draft(t, w, map[string]any{"eligible_institutions": []string{w.InstA.Id}, "required_courses": []string{ofA.Id}})
	if res := c.Do(http.MethodPatch, url+"/"+d.Id, w.SupX.Token, map[string]any{"eligible_institutions": []string{}}); res.Status != 400 || res.Code("required_courses") == "" {
		t.Fatalf("widening: %d %s", res.Status, res.String())
	}
}
