package internships_test

import (
	"net/http"
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
