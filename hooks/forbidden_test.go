package hooks_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
)

// Every field DESIGN.md marks "server" is refused with ib_forbidden_field,
// on create and on update, and the refused request changes nothing.
func TestServerFieldsAreForbidden(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	other := apptest.Organization(t, w.App, nil)
	openInternship := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data intern", "seats": 2,
		"starts_on": w.End, "ends_on": w.End, "apply_by": w.Due, "hours": 60, "status": "open",
	})

	type tc struct {
		name       string
		method     string
		collection string
		id         string // "" for create
		token      string
		body       map[string]any
		field      string
	}
	var cases []tc
	add := func(name, method, collection, id, token string, body map[string]any, field string) {
		cases = append(cases, tc{name, method, collection, id, token, body, field})
	}
	post, patch := http.MethodPost, http.MethodPatch

	// applications
	for field, v := range map[string]any{"student": w.S1.Id, "endorsed_by": w.CoordA.Id, "decided_by": w.SupX.Id,
		"institution": w.InstB.Id, "organization": other.Id, "endorsed_at": "2026-01-01 00:00:00.000Z", "status": "offered"} {
		add("apply with "+field, post, "applications", "", w.S2.Token, map[string]any{"internship": openInternship.Id, field: v}, field)
	}
	for field, v := range map[string]any{"student": w.S2.Id, "endorsed_by": w.CoordB.Id, "institution": w.InstB.Id,
		"organization": other.Id, "endorsed_at": "2026-01-01 00:00:00.000Z", "internship": openInternship.Id} {
		add("coordinator sets application "+field, patch, "applications", w.Application.Id, w.CoordA.Token, map[string]any{field: v}, field)
	}
	// placements: every server field, by the coordinator, the mentor and a superuser
	for field, v := range map[string]any{"application": "otherapplicati", "student": w.S2.Id, "internship": openInternship.Id,
		"organization": other.Id, "institution": w.InstB.Id, "supervisor": w.SupY.Id, "approved_hours": 500,
		"started_on": "2026-01-01 00:00:00.000Z", "completed_on": "2026-01-01 00:00:00.000Z", "marks": 50, "percent": 100,
		"grade": "O", "grade_point": 10, "credits_earned": 4} {
		add("coordinator sets placement "+field, patch, "placements", w.Placement.Id, w.CoordA.Token, map[string]any{field: v}, field)
		add("superuser sets placement "+field, patch, "placements", w.Placement.Id, w.Admin.Token, map[string]any{field: v}, field)
	}
	add("mentor reassigns the mentor", patch, "placements", w.Placement.Id, w.MentorA.Token, map[string]any{"mentor": w.MentorA.Id, "discontinue_reason": "x"}, "discontinue_reason")
	// logbook
	add("student reviews own entry", patch, "logbook_entries", w.Entry.Id, w.S1.Token, map[string]any{"reviewed_by": w.SupX.Id}, "reviewed_by")
	add("student approves own entry", patch, "logbook_entries", w.Entry.Id, w.S1.Token, map[string]any{"status": "approved"}, "status")
	add("supervisor rewrites an entry", patch, "logbook_entries", w.Entry.Id, w.SupX.Token, map[string]any{"activity": "Something else entirely, long enough."}, "activity")
	add("supervisor sets reviewed_at", patch, "logbook_entries", w.Entry.Id, w.SupX.Token, map[string]any{"reviewed_at": "2026-01-01 00:00:00.000Z"}, "reviewed_at")
	add("log an approved entry", post, "logbook_entries", "", w.S1.Token, map[string]any{"placement": w.Placement.Id, "date": w.Today, "hours": 4, "activity": "Reviewed pull requests today.", "status": "approved"}, "status")
	// submissions
	for field, v := range map[string]any{"attempt": 3, "late": true, "reviewed_by": w.SupX.Id, "reviewed_at": "2026-01-01 00:00:00.000Z", "status": "approved", "score": 10} {
		add("submit with "+field, post, "submissions", "", w.S1.Token, map[string]any{"task": w.Task.Id, "placement": w.Placement.Id, "link": "https://example.com/r2", field: v}, field)
	}
	add("mentor sets attempt", patch, "submissions", w.Submission.Id, w.MentorA.Token, map[string]any{"attempt": 7}, "attempt")
	add("mentor edits the link", patch, "submissions", w.Submission.Id, w.MentorA.Token, map[string]any{"link": "https://evil.example"}, "link")
	// evaluations
	add("supervisor sets total", patch, "evaluations", w.Evaluation.Id, w.SupX.Token, map[string]any{"total": 50}, "total")
	add("supervisor sets evaluator", patch, "evaluations", w.Evaluation.Id, w.SupX.Token, map[string]any{"evaluator": w.SupY.Id}, "evaluator")
	// courses and completions
	add("course with author", post, "courses", "", w.CoordA.Token, map[string]any{"title": "Ethics", "author": w.MentorA.Id}, "author")
	add("course moved to another institution", patch, "courses", w.Course.Id, w.CoordA.Token, map[string]any{"institution": w.InstB.Id}, "institution")
	for field, v := range map[string]any{"student": w.S2.Id, "course": w.Course.Id, "institution": w.InstB.Id} {
		add("lesson completion with "+field, post, "lesson_completions", "", w.S1.Token, map[string]any{"lesson": w.Lesson.Id, field: v}, field)
	}
	// certificates: only status/revoke_reason, for superusers too
	for field, v := range map[string]any{"hours": 999, "grade": "O", "student_name": "Someone Else", "number": "IB-2026-AAAAAAAA", "sha256": "00", "revoked_at": "2026-01-01 00:00:00.000Z"} {
		add("coordinator edits certificate "+field, patch, "certificates", w.Certificate.Id, w.CoordA.Token, map[string]any{field: v}, field)
		add("superuser edits certificate "+field, patch, "certificates", w.Certificate.Id, w.Admin.Token, map[string]any{field: v}, field)
	}
	// notifications: only read
	for field, v := range map[string]any{"title": "Forged", "kind": "x", "link": "/elsewhere", "user": w.S2.Id} {
		add("user edits notification "+field, patch, "notifications", w.Notification.Id, w.S1.Token, map[string]any{field: v}, field)
	}
	// organizations: supervisors edit their profile only
	for field, v := range map[string]any{"name": "Renamed", "verified": false, "charges_fee": true, "kind": "ngo"} {
		add("supervisor edits organization "+field, patch, "organizations", w.OrgX.Id, w.SupX.Token, map[string]any{field: v}, field)
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := "/api/collections/" + tc.collection + "/records"
			var before []byte
			if tc.id != "" {
				url += "/" + tc.id
				r, err := w.App.FindRecordById(tc.collection, tc.id)
				apptest.Must(t, err)
				before, _ = json.Marshal(r)
			}
			count, _ := w.App.CountRecords(tc.collection)
			res := c.Do(tc.method, url, tc.token, tc.body)
			if res.Status != 400 || res.Code(tc.field) != "ib_forbidden_field" {
				t.Fatalf("got %d %s, want 400 ib_forbidden_field on %s", res.Status, res.String(), tc.field)
			}
			if n, _ := w.App.CountRecords(tc.collection); n != count {
				t.Fatalf("records %d → %d", count, n)
			}
			if tc.id != "" {
				r, _ := w.App.FindRecordById(tc.collection, tc.id)
				if after, _ := json.Marshal(r); string(after) != string(before) {
					t.Fatalf("record changed:\n%s\n%s", before, after)
				}
			}
		})
	}
}

// Allowed writes next to the forbidden ones pass, so the refusals above are
// about the fields and not about the callers.
func TestAllowedWritesPass(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	cases := []struct {
		name, collection, id, token string
		body                        map[string]any
	}{
		{"supervisor edits organization profile", "organizations", w.OrgX.Id, w.SupX.Token, map[string]any{"about": "<p>We build things.</p>", "website": "https://x.example"}},
		{"coordinator edits organization", "organizations", w.OrgX.Id, w.CoordA.Token, map[string]any{"verified": false, "name": "X Labs"}},
		{"user marks notification read", "notifications", w.Notification.Id, w.S1.Token, map[string]any{"read": true}},
		{"coordinator assigns mentor", "placements", w.Placement.Id, w.CoordA.Token, map[string]any{"mentor": w.MentorA.Id}},
		{"student edits pending entry", "logbook_entries", w.Entry.Id, w.S1.Token, map[string]any{"learning": "Testing pays off."}},
		{"coordinator revokes certificate", "certificates", w.Certificate.Id, w.CoordA.Token, map[string]any{"status": "revoked", "revoke_reason": "Issued in error."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodPatch, "/api/collections/"+tc.collection+"/records/"+tc.id, tc.token, tc.body)
			if res.Status != 200 {
				t.Fatalf("got %d %s", res.Status, res.String())
			}
			r, _ := w.App.FindRecordById(tc.collection, tc.id)
			for k, v := range tc.body {
				if got, _ := json.Marshal(r.Get(k)); string(got) != mustJSON(v) {
					t.Errorf("%s = %s, want %v", k, got, v)
				}
			}
		})
	}
	cert, _ := w.App.FindRecordById("certificates", w.Certificate.Id)
	if cert.GetString("revoked_by") != w.CoordA.Id || cert.GetDateTime("revoked_at").IsZero() {
		t.Errorf("revocation did not record who and when: %v", cert)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
