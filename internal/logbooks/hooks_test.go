package logbooks_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
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

const entries = "/api/collections/logbook_entries/records"

const activity = "Wrote the reports module and reviewed a pull request."

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

// day is the world's today shifted by offset days, as YYYY-MM-DD.
func day(w *apptest.World, offset int) string {
	return w.Today.Time().AddDate(0, 0, offset).Format(time.DateOnly)
}

// entry seeds a logbook entry of S1 through the model hooks.
func entry(t *testing.T, w *apptest.World, offset int, hours float64, status string) *core.Record {
	t.Helper()
	data := map[string]any{"placement": w.Placement.Id, "date": day(w, offset), "hours": hours, "activity": activity, "status": status}
	if status == "rejected" {
		data["review_note"] = "Add what you learned."
	}
	return apptest.Save(t, w.App, "logbook_entries", data)
}

func fresh(t *testing.T, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	apptest.Must(t, err)
	return r
}

func approvedHours(t *testing.T, w *apptest.World) float64 {
	t.Helper()
	return fresh(t, w.App, "placements", w.Placement.Id).GetFloat("approved_hours")
}

// sumApproved is the truth approved_hours must equal.
func sumApproved(t *testing.T, w *apptest.World) float64 {
	t.Helper()
	var sum float64
	apptest.Must(t, w.App.DB().NewQuery("SELECT COALESCE(SUM(hours), 0) FROM logbook_entries WHERE placement = {:p} AND status = 'approved'").
		Bind(dbx.Params{"p": w.Placement.Id}).Row(&sum))
	return sum
}

func notices(t *testing.T, app core.App, user, kind string) int {
	t.Helper()
	n, err := app.CountRecords("notifications", dbx.HashExp{"user": user, "kind": kind})
	apptest.Must(t, err)
	return int(n)
}

func count(t *testing.T, app core.App) int64 {
	t.Helper()
	n, err := app.CountRecords("logbook_entries")
	apptest.Must(t, err)
	return n
}

func TestCreate(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	body := func(date string, hours float64, extra ...any) map[string]any {
		b := map[string]any{"placement": w.Placement.Id, "date": date, "hours": hours, "activity": activity}
		for i := 0; i+1 < len(extra); i += 2 {
			b[extra[i].(string)] = extra[i+1]
		}
		return b
	}
	tests := []struct {
		name        string
		token       string
		body        map[string]any
		status      int
		field, code string
	}{
		{"student logs a day", w.S1.Token, body(day(w, -2), 7.5), 200, "", ""},
		{"student logs today", w.S1.Token, body(day(w, 0), 0.5), 200, "", ""},
		{"first day of the internship", w.S1.Token, body(day(w, -10), 12), 200, "", ""},
		{"status is the server's", w.S1.Token, body(day(w, -3), 4, "status", "approved"), 400, "status", apierror.CodeForbiddenField},
		{"reviewed_by is the server's", w.S1.Token, body(day(w, -3), 4, "reviewed_by", w.SupX.Id), 400, "reviewed_by", apierror.CodeForbiddenField},
		{"before the internship starts", w.S1.Token, body(day(w, -11), 4), 400, "date", apierror.CodeOutOfRange},
		{"after the internship ends", w.S1.Token, body(day(w, 51), 4), 400, "date", apierror.CodeOutOfRange},
		{"tomorrow", w.S1.Token, body(day(w, 1), 4), 400, "date", apierror.CodeOutOfRange},
		{"hours off the half-hour step", w.S1.Token, body(day(w, -3), 7.3), 400, "hours", apierror.CodeOutOfRange},
		{"more than 12 hours", w.S1.Token, body(day(w, -3), 12.5), 400, "hours", apierror.CodeOutOfRange},
		{"zero hours", w.S1.Token, body(day(w, -3), 0), 400, "hours", apierror.CodeOutOfRange},
		{"second entry for a day", w.S1.Token, body(day(w, -1), 2), 400, "date", apierror.CodeDuplicate},
		{"second entry for a day at another time", w.S1.Token, body(day(w, -1)+" 15:30:00.000Z", 2), 400, "date", apierror.CodeDuplicate},
		{"another student of the institution", w.S2.Token, body(day(w, -4), 4), 400, "", ""},
		{"a student of another institution", w.S3.Token, body(day(w, -4), 4), 400, "", ""},
		{"the supervisor", w.SupX.Token, body(day(w, -4), 4), 400, "", ""},
		{"the mentor", w.MentorA.Token, body(day(w, -4), 4), 400, "", ""},
		{"the coordinator", w.CoordA.Token, body(day(w, -4), 4), 400, "", ""},
		{"a guest", "", body(day(w, -4), 4), 400, "", ""},
		{"a superuser", w.Admin.Token, body(day(w, -5), 3), 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count(t, w.App)
			res := c.Do(http.MethodPost, entries, tt.token, tt.body)
			if res.Status != tt.status || (tt.field != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q on %q", res.Status, res, tt.status, tt.code, tt.field)
			}
			want := before
			if tt.status == 200 {
				want++
				r := fresh(t, w.App, "logbook_entries", res.JSON()["id"].(string))
				if r.GetString("status") != "pending" || r.GetString("reviewed_by") != "" {
					t.Fatalf("new entry %v", r)
				}
			}
			if n := count(t, w.App); n != want {
				t.Fatalf("entries %d → %d", before, n)
			}
		})
	}
	if got := approvedHours(t, w); got != 0 {
		t.Errorf("pending entries count %v approved hours", got)
	}
}

// "Today" is the calendar day in the platform zone: at 00:30 IST the new
// day is already loggable although it is still yesterday in UTC.
func TestCreateUsesThePlatformDay(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	body := func(date string) map[string]any {
		return map[string]any{"placement": w.Placement.Id, "date": date, "hours": 2, "activity": activity}
	}
	tests := []struct {
		name   string
		now    time.Time
		date   string
		status int
	}{
		{"23:59 IST: tomorrow is still the future", w.Today.Time().Add(18*time.Hour + 29*time.Minute), day(w, 1), 400},
		{"00:00 IST: the new day is today", w.Today.Time().Add(18*time.Hour + 30*time.Minute), day(w, 1), 200},
		{"00:30 IST: the day after is the future", w.Today.Time().Add(19 * time.Hour), day(w, 2), 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pinClock(t, w.App, tt.now)
			res := c.Do(http.MethodPost, entries, w.S1.Token, body(tt.date))
			if res.Status != tt.status || (tt.status == 400 && res.Code("date") != apierror.CodeOutOfRange) {
				t.Fatalf("got %d %s", res.Status, res)
			}
		})
	}

	// A time of day is dropped: the entry holds the calendar day.
	pinClock(t, w.App, w.Today.Time().Add(6*time.Hour))
	res := c.Do(http.MethodPost, entries, w.S1.Token, body(day(w, -4)+" 21:15:00.000Z"))
	if res.Status != 200 {
		t.Fatalf("got %d %s", res.Status, res)
	}
	if got := fresh(t, w.App, "logbook_entries", res.JSON()["id"].(string)).GetDateTime("date").String(); got != day(w, -4)+" 00:00:00.000Z" {
		t.Errorf("stored date %s", got)
	}
}

func TestStudentEditsAndDeletes(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	pending := w.Entry
	rejected := entry(t, w, -2, 5, "rejected")
	rejected2 := entry(t, w, -3, 5, "rejected")
	approved := entry(t, w, -4, 3, "approved")
	url := func(r *core.Record) string { return entries + "/" + r.Id }

	tests := []struct {
		name        string
		token       string
		entry       *core.Record
		body        map[string]any
		status      int
		field, code string
		wantStatus  string
	}{
		{"edit a pending entry", w.S1.Token, pending, map[string]any{"hours": 4, "learning": "Table-driven tests."}, 200, "", "", "pending"},
		{"edit a rejected entry: back to pending", w.S1.Token, rejected, map[string]any{"learning": "How the review works."}, 200, "", "", "pending"},
		{"send a rejected entry back as it is", w.S1.Token, rejected2, map[string]any{"status": "pending"}, 200, "", "", "pending"},
		{"edit an approved entry", w.S1.Token, approved, map[string]any{"hours": 8}, 400, "status", apierror.CodeLocked, "approved"},
		{"approve own entry", w.S1.Token, pending, map[string]any{"status": "approved"}, 400, "status", apierror.CodeForbiddenField, "pending"},
		{"reject own entry", w.S1.Token, pending, map[string]any{"status": "rejected", "review_note": "x"}, 400, "status", apierror.CodeForbiddenField, "pending"},
		{"move to a day that has an entry", w.S1.Token, pending, map[string]any{"date": day(w, -4)}, 400, "date", apierror.CodeDuplicate, "pending"},
		{"move to the future", w.S1.Token, pending, map[string]any{"date": day(w, 2)}, 400, "date", apierror.CodeOutOfRange, "pending"},
		{"bad hours", w.S1.Token, pending, map[string]any{"hours": 3.25}, 400, "hours", apierror.CodeOutOfRange, "pending"},
		{"move to another placement", w.S1.Token, pending, map[string]any{"placement": "x"}, 400, "placement", apierror.CodeForbiddenField, "pending"},
		{"another student", w.S2.Token, pending, map[string]any{"hours": 1}, 404, "", "", "pending"},
		{"the mentor", w.MentorA.Token, pending, map[string]any{"hours": 1}, 404, "", "", "pending"},
		{"the coordinator", w.CoordA.Token, pending, map[string]any{"hours": 1}, 404, "", "", "pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url(tt.entry), tt.token, tt.body)
			if res.Status != tt.status || (tt.field != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q on %q", res.Status, res, tt.status, tt.code, tt.field)
			}
			r := fresh(t, w.App, "logbook_entries", tt.entry.Id)
			if r.GetString("status") != tt.wantStatus {
				t.Fatalf("status %q, want %q", r.GetString("status"), tt.wantStatus)
			}
			if tt.status == 200 && tt.entry != pending && (r.GetString("review_note") != "" || r.GetString("reviewed_by") != "" || !r.GetDateTime("reviewed_at").IsZero()) {
				t.Fatalf("a resubmitted entry keeps its old review: %v", r)
			}
		})
	}
	if got := fresh(t, w.App, "logbook_entries", pending.Id).GetFloat("hours"); got != 4 {
		t.Errorf("hours %v after the refused edits, want 4", got)
	}

	rejectedAgain := entry(t, w, -5, 5, "rejected")
	deletes := []struct {
		name        string
		token       string
		entry       *core.Record
		status      int
		field, code string
	}{
		{"the supervisor", w.SupX.Token, pending, 404, "", ""},
		{"another student", w.S2.Token, pending, 404, "", ""},
		{"the mentor", w.MentorA.Token, pending, 404, "", ""},
		{"a rejected entry", w.S1.Token, rejectedAgain, 400, "status", apierror.CodeLocked},
		{"an approved entry", w.S1.Token, approved, 400, "status", apierror.CodeLocked},
		{"a pending entry", w.S1.Token, pending, 204, "", ""},
	}
	for _, tt := range deletes {
		t.Run("delete "+tt.name, func(t *testing.T) {
			res := c.Do(http.MethodDelete, url(tt.entry), tt.token, nil)
			if res.Status != tt.status || (tt.field != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q", res.Status, res, tt.status, tt.code)
			}
			_, err := w.App.FindRecordById("logbook_entries", tt.entry.Id)
			if gone := err != nil; gone != (tt.status == 204) {
				t.Fatalf("deleted = %v", gone)
			}
		})
	}
	if got := approvedHours(t, w); got != 3 {
		t.Errorf("approved hours %v, want 3", got)
	}
}

func TestReview(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	otherSup := apptest.Supervisor(t, w.App, w.OrgX)
	a := w.Entry // 6 h
	b := entry(t, w, -2, 4.5, "pending")
	d := entry(t, w, -3, 2, "pending")
	url := func(r *core.Record) string { return entries + "/" + r.Id }

	tests := []struct {
		name        string
		token       string
		entry       *core.Record
		body        map[string]any
		status      int
		field, code string
		wantStatus  string
		wantHours   float64
	}{
		{"another organization's supervisor", w.SupY.Token, a, map[string]any{"status": "approved"}, 404, "", "", "pending", 0},
		{"the mentor", w.MentorA.Token, a, map[string]any{"status": "approved"}, 404, "", "", "pending", 0},
		{"the coordinator", w.CoordA.Token, a, map[string]any{"status": "approved"}, 404, "", "", "pending", 0},
		{"the supervisor edits the content", w.SupX.Token, a, map[string]any{"hours": 8}, 400, "hours", apierror.CodeForbiddenField, "pending", 0},
		{"reject without a note", w.SupX.Token, a, map[string]any{"status": "rejected"}, 400, "review_note", "validation_required", "pending", 0},
		{"reject with a blank note", w.SupX.Token, a, map[string]any{"status": "rejected", "review_note": "  "}, 400, "review_note", "validation_required", "pending", 0},
		{"approve", w.SupX.Token, a, map[string]any{"status": "approved"}, 200, "", "", "approved", 6},
		{"another supervisor of the organization approves", otherSup.Token, b, map[string]any{"status": "approved", "review_note": "Good."}, 200, "", "", "approved", 10.5},
		{"reject an approved entry", w.SupX.Token, a, map[string]any{"status": "rejected", "review_note": "Oops."}, 400, "status", apierror.CodeLocked, "approved", 10.5},
		{"reject", w.SupX.Token, d, map[string]any{"status": "rejected", "review_note": "Describe the work."}, 200, "", "", "rejected", 10.5},
		{"approve a rejected entry", w.SupX.Token, d, map[string]any{"status": "approved"}, 400, "status", apierror.CodeInvalidTransition, "rejected", 10.5},
		{"unknown status", w.SupX.Token, d, map[string]any{"status": "archived"}, 400, "status", "", "rejected", 10.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, url(tt.entry), tt.token, tt.body)
			if res.Status != tt.status || (tt.field != "" && tt.code != "" && res.Code(tt.field) != tt.code) {
				t.Fatalf("got %d %s, want %d with %q on %q", res.Status, res, tt.status, tt.code, tt.field)
			}
			r := fresh(t, w.App, "logbook_entries", tt.entry.Id)
			if r.GetString("status") != tt.wantStatus {
				t.Fatalf("status %q, want %q", r.GetString("status"), tt.wantStatus)
			}
			if got := approvedHours(t, w); got != tt.wantHours {
				t.Fatalf("approved hours %v, want %v", got, tt.wantHours)
			}
			if tt.status == 200 {
				reviewer := w.SupX.Id
				if tt.token == otherSup.Token {
					reviewer = otherSup.Id
				}
				if r.GetString("reviewed_by") != reviewer || !r.GetDateTime("reviewed_at").Time().Equal(clock.Now(w.App).Truncate(time.Millisecond)) {
					t.Fatalf("reviewed_by %q at %v", r.GetString("reviewed_by"), r.GetDateTime("reviewed_at"))
				}
			}
		})
	}
	if n := notices(t, w.App, w.S1.Id, "logbook.rejected"); n != 1 {
		t.Errorf("%d rejection notices to the student, want 1", n)
	}
	if n, _ := w.App.CountRecords("notifications", dbx.HashExp{"kind": "logbook.approved"}); n != 0 {
		t.Errorf("approvals are not notified, got %d", n)
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": a.Id, "to": "approved"}); n != 1 {
		t.Errorf("%d audit events for the approval", n)
	}
}

// An approved entry never changes and is never deleted — for superusers and
// internal saves too.
func TestApprovedIsLockedForEveryone(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	approved := entry(t, w, -2, 5, "approved")
	url := entries + "/" + approved.Id

	for _, body := range []map[string]any{{"hours": 8}, {"status": "pending"}, {"status": "rejected", "review_note": "No."}, {"activity": activity + " Edited."}} {
		res := c.Do(http.MethodPatch, url, w.Admin.Token, body)
		if res.Status != 400 || res.Code("status") != apierror.CodeLocked {
			t.Errorf("superuser PATCH %v: %d %s", body, res.Status, res)
		}
	}
	if res := c.Do(http.MethodDelete, url, w.Admin.Token, nil); res.Status != 400 || res.Code("status") != apierror.CodeLocked {
		t.Errorf("superuser DELETE: %d %s", res.Status, res)
	}
	r := fresh(t, w.App, "logbook_entries", approved.Id)
	r.Set("hours", 12)
	if err := w.App.Save(r); err == nil {
		t.Error("an internal save changed an approved entry")
	}
	if err := w.App.Delete(fresh(t, w.App, "logbook_entries", approved.Id)); err == nil {
		t.Error("an internal delete removed an approved entry")
	}
	if got := fresh(t, w.App, "logbook_entries", approved.Id); got.GetFloat("hours") != 5 || got.GetString("status") != "approved" {
		t.Errorf("approved entry now %v", got)
	}
	if got := approvedHours(t, w); got != 5 {
		t.Errorf("approved hours %v, want 5", got)
	}

	// A superuser may review; nobody is recorded as the reviewer.
	res := c.Do(http.MethodPatch, entries+"/"+w.Entry.Id, w.Admin.Token, map[string]any{"status": "approved"})
	if res.Status != 200 {
		t.Fatalf("superuser review: %d %s", res.Status, res)
	}
	if r := fresh(t, w.App, "logbook_entries", w.Entry.Id); r.GetString("reviewed_by") != "" || r.GetDateTime("reviewed_at").IsZero() {
		t.Errorf("superuser review stamped %v", r)
	}
	if got := approvedHours(t, w); got != 11 {
		t.Errorf("approved hours %v, want 11", got)
	}
}

// Once the placement is no longer ongoing its logbook is closed.
func TestClosedPlacement(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	rejected := entry(t, w, -2, 5, "rejected")
	_, err := w.App.DB().NewQuery("UPDATE placements SET status = 'discontinued' WHERE id = {:id}").Bind(dbx.Params{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)

	tests := []struct {
		name, method, url, token string
		body                     map[string]any
	}{
		{"log a day", http.MethodPost, entries, w.S1.Token, map[string]any{"placement": w.Placement.Id, "date": day(w, -3), "hours": 2, "activity": activity}},
		{"edit", http.MethodPatch, entries + "/" + rejected.Id, w.S1.Token, map[string]any{"hours": 2}},
		{"approve", http.MethodPatch, entries + "/" + w.Entry.Id, w.SupX.Token, map[string]any{"status": "approved"}},
		{"superuser approves", http.MethodPatch, entries + "/" + w.Entry.Id, w.Admin.Token, map[string]any{"status": "approved"}},
		{"delete", http.MethodDelete, entries + "/" + w.Entry.Id, w.S1.Token, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(tt.method, tt.url, tt.token, tt.body)
			if res.Status != 400 || res.Code("placement") != apierror.CodeLocked {
				t.Fatalf("got %d %s", res.Status, res)
			}
		})
	}
	if n := count(t, w.App); n != 2 {
		t.Errorf("%d entries", n)
	}
	if r := fresh(t, w.App, "logbook_entries", w.Entry.Id); r.GetString("status") != "pending" {
		t.Errorf("entry of a closed placement became %s", r.GetString("status"))
	}
}

// approved_hours follows every change and is recomputed from the entries,
// so even a wrong stored total is corrected by the next change.
func TestApprovedHoursFollowEveryChange(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	b := entry(t, w, -2, 7.5, "pending")
	d := entry(t, w, -3, 1.5, "pending")
	steps := []struct {
		name string
		do   func() *apptest.Response
		want float64
	}{
		{"approve 6 h", func() *apptest.Response {
			return c.Do(http.MethodPatch, entries+"/"+w.Entry.Id, w.SupX.Token, map[string]any{"status": "approved"})
		}, 6},
		{"approve 7.5 h", func() *apptest.Response {
			return c.Do(http.MethodPatch, entries+"/"+b.Id, w.SupX.Token, map[string]any{"status": "approved"})
		}, 13.5},
		{"seed an approved 2.5 h entry", func() *apptest.Response { entry(t, w, -4, 2.5, "approved"); return nil }, 16},
		{"create a pending entry", func() *apptest.Response {
			return c.Do(http.MethodPost, entries, w.S1.Token, map[string]any{"placement": w.Placement.Id, "date": day(w, -5), "hours": 9, "activity": activity})
		}, 16},
		{"delete a pending entry", func() *apptest.Response {
			return c.Do(http.MethodDelete, entries+"/"+d.Id, w.S1.Token, nil)
		}, 16},
		{"a wrong stored total is corrected by the next change of the approved hours", func() *apptest.Response {
			_, err := w.App.DB().NewQuery("UPDATE placements SET approved_hours = 999 WHERE id = {:id}").Bind(dbx.Params{"id": w.Placement.Id}).Execute()
			apptest.Must(t, err)
			res := c.Do(http.MethodPost, entries, w.S1.Token, map[string]any{"placement": w.Placement.Id, "date": day(w, -6), "hours": 1, "activity": activity})
			if res.Status != 200 {
				return res
			}
			return c.Do(http.MethodPatch, entries+"/"+res.JSON()["id"].(string), w.SupX.Token, map[string]any{"status": "approved"})
		}, 17},
	}
	for _, s := range steps {
		if res := s.do(); res != nil && res.Status >= 300 {
			t.Fatalf("%s: %d %s", s.name, res.Status, res)
		}
		if got, sum := approvedHours(t, w), sumApproved(t, w); got != s.want || sum != s.want {
			t.Fatalf("%s: approved_hours %v, SUM %v, want %v", s.name, got, sum, s.want)
		}
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"collection": "placements", "action": "placements.status"}); n != 0 {
		t.Errorf("hours updates wrote %d placement status events", n)
	}
}

// Bulk approval goes through PocketBase's batch API in one transaction: all
// or nothing.
func TestBatchApproval(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	hours := []float64{8, 7.5, 6, 4.5, 3, 0.5}
	var ids []string
	var total float64
	for i, h := range hours {
		ids = append(ids, entry(t, w, -2-i, h, "pending").Id)
		total += h
	}
	batch := func(token string, bodies ...map[string]any) *apptest.Response {
		var reqs []map[string]any
		for i, b := range bodies {
			reqs = append(reqs, map[string]any{"method": "PATCH", "url": entries + "/" + ids[i], "body": b})
		}
		return c.Do(http.MethodPost, "/api/batch", token, map[string]any{"requests": reqs})
	}
	approve := map[string]any{"status": "approved"}
	statuses := func() map[string]int {
		out := map[string]int{}
		for _, id := range ids {
			out[fresh(t, w.App, "logbook_entries", id).GetString("status")]++
		}
		return out
	}

	// One bad request (a rejection without a note) rolls the batch back.
	res := batch(w.SupX.Token, approve, approve, map[string]any{"status": "rejected"}, approve)
	if res.Status != 400 {
		t.Fatalf("bad batch: %d %s", res.Status, res)
	}
	if s := statuses(); s["pending"] != len(ids) || approvedHours(t, w) != 0 {
		t.Fatalf("a failed batch left %v and %v approved hours", s, approvedHours(t, w))
	}
	// The student cannot approve in bulk either.
	if res := batch(w.S1.Token, approve, approve); res.Status != 400 || statuses()["pending"] != len(ids) {
		t.Fatalf("student batch: %d %s", res.Status, res)
	}

	var bodies []map[string]any
	for range ids {
		bodies = append(bodies, approve)
	}
	res = batch(w.SupX.Token, bodies...)
	if res.Status != 200 {
		t.Fatalf("batch approval: %d %s", res.Status, res)
	}
	var results []struct {
		Status int            `json:"status"`
		Body   map[string]any `json:"body"`
	}
	apptest.Must(t, json.Unmarshal(res.Body, &results))
	if len(results) != len(ids) {
		t.Fatalf("%d results", len(results))
	}
	for i, r := range results {
		if r.Status != 200 || r.Body["status"] != "approved" || r.Body["reviewed_by"] != w.SupX.Id {
			t.Errorf("result %d: %v", i, r)
		}
	}
	if s := statuses(); s["approved"] != len(ids) {
		t.Fatalf("statuses %v", s)
	}
	if got, sum := approvedHours(t, w), sumApproved(t, w); got != total || sum != total {
		t.Fatalf("approved_hours %v, SUM %v, want %v", got, sum, total)
	}
}

// Many concurrent reviews and edits through a real server: each request is
// all or nothing, and approved_hours ends equal to the sum of the approved
// entries.
func TestConcurrentReviewsKeepHoursExact(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	pinClock(t, w.App, w.Today.Time().Add(6*time.Hour))
	// Room for many days.
	_, err := w.App.DB().NewQuery("UPDATE internships SET starts_on = {:d} WHERE id = {:id}").
		Bind(dbx.Params{"d": day(w, -90) + " 00:00:00.000Z", "id": w.Internship.Id}).Execute()
	apptest.Must(t, err)
	const n = 40
	var ids []string
	for i := range n {
		ids = append(ids, entry(t, w, -2-i, float64(1+i%12), "pending").Id)
	}

	srv := httptest.NewServer(apptest.NewClient(t, w.App).Handler())
	defer srv.Close()
	client := srv.Client()
	type job struct {
		token string
		id    string
		body  map[string]any
	}
	var jobs []job
	for i, id := range ids {
		jobs = append(jobs,
			job{w.SupX.Token, id, map[string]any{"status": "approved"}},
			job{w.SupX.Token, id, map[string]any{"status": "rejected", "review_note": "Be more specific."}},
			job{w.S1.Token, id, map[string]any{"hours": float64(1 + (i+5)%12)}},
		)
		if i%4 == 0 {
			jobs = append(jobs, job{w.S1.Token, id, map[string]any{"learning": "Edited again."}})
		}
	}
	rand.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })

	var mu sync.Mutex
	codes := map[int]int{}
	ch := make(chan job)
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			for j := range ch {
				b, _ := json.Marshal(j.body)
				req, _ := http.NewRequest(http.MethodPatch, srv.URL+entries+"/"+j.id, bytes.NewReader(b))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", j.token)
				res, err := client.Do(req)
				status := -1
				if err == nil {
					status = res.StatusCode
					res.Body.Close()
				}
				mu.Lock()
				codes[status]++
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()

	for code, k := range codes {
		if code != 200 && code != 400 && code != 409 {
			t.Errorf("%d requests answered %d", k, code)
		}
	}
	if codes[200] == 0 {
		t.Fatalf("no request succeeded: %v", codes)
	}
	got, sum := approvedHours(t, w), sumApproved(t, w)
	if got != sum || sum == 0 {
		t.Fatalf("approved_hours %v, SUM of approved entries %v (responses %v)", got, sum, codes)
	}
	for _, id := range ids {
		r := fresh(t, w.App, "logbook_entries", id)
		switch r.GetString("status") {
		case "approved", "rejected":
			if r.GetString("reviewed_by") != w.SupX.Id {
				t.Errorf("%s %s without reviewer", id, r.GetString("status"))
			}
		case "pending":
		default:
			t.Errorf("%s has status %q", id, r.GetString("status"))
		}
	}
	t.Logf("responses %v, approved hours %v", codes, fmt.Sprint(got))
}

// A placement whose internship has not started is upcoming: its logbook is
// closed until starts_on — a day before the start is outside the window,
// the start day itself is in the future (ib_out_of_range on date either
// way); on starts_on the student logs that day.
func TestUpcomingPlacement(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	_, err := w.App.DB().NewQuery("UPDATE internships SET starts_on = {:s} WHERE id = {:id}").
		Bind(dbx.Params{"s": day(w, 5) + " 00:00:00.000Z", "id": w.Internship.Id}).Execute()
	apptest.Must(t, err)
	before := count(t, w.App)
	for _, offset := range []int{0, 5} {
		res := c.Do(http.MethodPost, entries, w.S1.Token, map[string]any{"placement": w.Placement.Id, "date": day(w, offset), "hours": 2, "activity": activity})
		if res.Status != 400 || res.Code("date") != apierror.CodeOutOfRange {
			t.Fatalf("log day %+d before the start: %d %s", offset, res.Status, res)
		}
	}
	if count(t, w.App) != before {
		t.Fatal("an entry of an upcoming placement was stored")
	}
	pinClock(t, w.App, w.Today.Time().AddDate(0, 0, 5).Add(6*time.Hour))
	if res := c.Do(http.MethodPost, entries, w.S1.Token, map[string]any{"placement": w.Placement.Id, "date": day(w, 5), "hours": 2, "activity": activity}); res.Status != 200 {
		t.Fatalf("log the first day: %d %s", res.Status, res)
	}
}

// A create checks the placement and the window before the write
// transaction; what a concurrent write can change meanwhile (the placement
// closed, another entry for the day) is still refused inside it.
func TestCreateGuardsInsideTheTransaction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		meanwhile   func(w *apptest.World, date string) error
		added       int64 // entries the concurrent write added
		field, code string
	}{
		{"the placement was discontinued", func(w *apptest.World, _ string) error {
			_, err := w.App.DB().NewQuery("UPDATE placements SET status = 'discontinued' WHERE id = {:id}").
				Bind(dbx.Params{"id": w.Placement.Id}).Execute()
			return err
		}, 0, "placement", apierror.CodeLocked},
		{"another entry for the day arrived", func(w *apptest.World, date string) error {
			_, err := w.App.DB().NewQuery("INSERT INTO logbook_entries (id, placement, date, hours, activity, status) VALUES ('concurrent00001', {:p}, {:d}, 2, {:a}, 'pending')").
				Bind(dbx.Params{"p": w.Placement.Id, "d": date + " 00:00:00.000Z", "a": activity}).Execute()
			return err
		}, 1, "date", apierror.CodeDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, c := setup(t)
			date := day(w, -3)
			// Bound after the logbook hooks: runs once the request's checks
			// have passed, before the save.
			w.App.OnRecordCreateRequest("logbook_entries").BindFunc(func(e *core.RecordRequestEvent) error {
				if err := tt.meanwhile(w, date); err != nil {
					return err
				}
				return e.Next()
			})
			before := count(t, w.App)
			res := c.Do(http.MethodPost, entries, w.S1.Token, map[string]any{"placement": w.Placement.Id, "date": date, "hours": 3, "activity": activity})
			if res.Status != 400 || res.Code(tt.field) != tt.code {
				t.Fatalf("got %d %s, want %q on %q", res.Status, res, tt.code, tt.field)
			}
			if n := count(t, w.App); n != before+tt.added {
				t.Errorf("entries %d → %d", before, n)
			}
		})
	}
}
