package ops

import (
	"fmt"
	"testing"
	"time"
)

// world is a small tenancy built through the HTTP API only, the way real
// clients do, and one internship taken from application to certificate:
// colleges A and B, hosts X and Y, a user of each role, and student s1 of A
// placed with X.
type world struct {
	base                string
	admin               *client
	coordA, coordB      *client
	mentorA, supX, supY *client
	s1, s2, s3          *client
	instA, instB        record
	orgX, orgY          record
	internship, task    record
	application         record // s1's, with a résumé
	placement           record // completed
	submission          record // with a report
	certificate         record // with its PDF
	resume, report      []byte // the uploaded bytes
	resumeName, pdfName string // the stored file names
	reportName          string
}

const worldPassword = "ops-world-pass-2026"

// newWorld builds the tenancy and runs the whole internship on the server at
// base: apply with a résumé, endorse, select, accept, log hours, submit the
// final report, evaluate, complete, and the certificate is issued.
func newWorld(t *testing.T, base string) *world {
	t.Helper()
	n := fmt.Sprintf("%d", time.Now().UnixNano()%1_000_000_000)
	w := &world{base: base, admin: superuser(t, base)}

	reg := w.admin.create("regulations", map[string]any{"name": "Ops regulation " + n})
	w.instA = w.admin.create("institutions", map[string]any{"name": "College A " + n, "code": "A" + n, "regulation": reg.str("id"), "university": "University of Calicut"})
	w.instB = w.admin.create("institutions", map[string]any{"name": "College B " + n, "code": "B" + n, "regulation": reg.str("id")})
	w.orgX = w.admin.create("organizations", map[string]any{"name": "Host X " + n, "kind": "company", "verified": true})
	w.orgY = w.admin.create("organizations", map[string]any{"name": "Host Y " + n, "kind": "ngo", "verified": true})

	user := func(role, tag string, extra map[string]any) map[string]any {
		u := map[string]any{
			"email": fmt.Sprintf("%s.%s.%s@ops.test", role, tag, n), "password": worldPassword, "passwordConfirm": worldPassword,
			"name": role + " " + tag, "role": role,
		}
		for k, v := range extra {
			u[k] = v
		}
		return u
	}
	login := func(u map[string]any) *client {
		return signIn(t, base, "users", u["email"].(string), worldPassword)
	}

	coordA := user("coordinator", "a", map[string]any{"institution": w.instA.str("id")})
	coordB := user("coordinator", "b", map[string]any{"institution": w.instB.str("id")})
	w.admin.create("users", coordA)
	w.admin.create("users", coordB)
	w.coordA, w.coordB = login(coordA), login(coordB)

	mentorA := user("mentor", "a", nil)
	supX := user("supervisor", "x", map[string]any{"organization": w.orgX.str("id")})
	supY := user("supervisor", "y", map[string]any{"organization": w.orgY.str("id")})
	w.coordA.create("users", mentorA)
	w.coordA.create("users", supX)
	w.coordB.create("users", supY)
	w.mentorA, w.supX, w.supY = login(mentorA), login(supX), login(supY)

	guest := anon(t, base)
	students := map[string]*client{}
	for _, s := range []struct {
		tag  string
		inst record
	}{{"s1", w.instA}, {"s2", w.instA}, {"s3", w.instB}} {
		u := user("student", s.tag, map[string]any{"institution": s.inst.str("id"), "register_no": s.tag + "-" + n, "semester": 5, "program": "BSc Computer Science"})
		rec := guest.create("users", u)
		// A sign-up waits for the college: its coordinator enrols the student.
		coord := w.coordA
		if s.inst.str("id") == w.instB.str("id") {
			coord = w.coordB
		}
		coord.update("users", rec.str("id"), map[string]any{"enrolled": true})
		students[s.tag] = login(u)
	}
	w.s1, w.s2, w.s3 = students["s1"], students["s2"], students["s3"]

	// The host posts and opens an internship with a required final report.
	in := w.supX.create("internships", map[string]any{
		"title": "Data pipeline intern", "description": "<p>ETL work.</p>", "seats": 1, "mode": "hybrid", "location": "Kochi",
		"starts_on": isoDay(0), "ends_on": isoDay(45), "apply_by": isoDay(0), "hours": 60, "stipend": 5000,
	})
	w.internship = w.supX.update("internships", in.str("id"), map[string]any{"status": "open"})
	w.task = w.supX.create("tasks", map[string]any{
		"internship": in.str("id"), "title": "Final report", "kind": "final_report", "required": true, "max_score": 20, "due_on": isoDay(40),
	})

	// The student applies with a résumé; the college endorses; the host selects; the student accepts.
	w.resume = tinyPDF("resume of s1 " + n)
	w.application = w.s1.createMultipart("applications",
		map[string]string{"internship": in.str("id"), "statement": "I love data."},
		upload{"resume", "cv.pdf", "application/pdf", w.resume})
	w.resumeName = w.application.str("resume")
	if w.resumeName == "" {
		t.Fatalf("the application has no résumé: %v", w.application)
	}
	appID := w.application.str("id")
	w.coordA.update("applications", appID, map[string]any{"status": "endorsed"})
	w.supX.update("applications", appID, map[string]any{"status": "shortlisted"})
	w.supX.update("applications", appID, map[string]any{"status": "offered"})
	w.s1.update("applications", appID, map[string]any{"status": "accepted"})

	placements := w.s1.list("placements", fmt.Sprintf("application = %q", appID))
	if len(placements) != 1 {
		t.Fatalf("accepting made %d placements, want 1", len(placements))
	}
	pl := placements[0]
	w.coordA.update("placements", pl.str("id"), map[string]any{"mentor": w.mentorA.me()})

	// A platform administrator moves the start back, so there are past days to log.
	w.admin.update("internships", in.str("id"), map[string]any{"starts_on": isoDay(-4)})
	for d := -4; d <= 0; d++ {
		e := w.s1.create("logbook_entries", map[string]any{
			"placement": pl.str("id"), "date": isoDay(d), "hours": 12,
			"activity": fmt.Sprintf("Day %d: built and tested an ingestion job.", d+5), "learning": "Idempotent loads.",
		})
		w.supX.update("logbook_entries", e.str("id"), map[string]any{"status": "approved"})
	}

	// The final report, reviewed by the mentor.
	w.report = tinyPDF("final report of s1 " + n)
	w.submission = w.s1.createMultipart("submissions",
		map[string]string{"task": w.task.str("id"), "placement": pl.str("id"), "note": "Attached."},
		upload{"files", "report.pdf", "application/pdf", w.report})
	if names := w.submission.strs("files"); len(names) != 1 {
		t.Fatalf("the submission has files %v, want one", names)
	} else {
		w.reportName = names[0]
	}
	w.mentorA.update("submissions", w.submission.str("id"), map[string]any{"status": "approved", "score": 18, "feedback": "Clear."})

	// Both evaluations; the mentor completes; the certificate is issued.
	w.supX.create("evaluations", map[string]any{"placement": pl.str("id"), "kind": "supervisor", "submitted": true,
		"scores": map[string]any{"attendance": 8, "skills": 7, "initiative": 9, "communication": 8, "conduct": 10}, "remarks": "Reliable."})
	w.mentorA.create("evaluations", map[string]any{"placement": pl.str("id"), "kind": "mentor", "submitted": true,
		"scores": map[string]any{"logbook": 9, "report": 17, "viva": 16}})
	w.placement = w.mentorA.update("placements", pl.str("id"), map[string]any{"status": "completed"})
	if w.placement.str("status") != "completed" {
		t.Fatalf("placement not completed: %v", w.placement)
	}

	certs := w.s1.list("certificates", "")
	if len(certs) != 1 || certs[0].str("pdf") == "" {
		t.Fatalf("completion issued certificates %v, want one with a PDF", certs)
	}
	w.certificate, w.pdfName = certs[0], certs[0].str("pdf")
	return w
}

// me is the id of the signed-in account.
func (c *client) me() string {
	c.t.Helper()
	var res struct {
		Record record `json:"record"`
	}
	c.json("POST", "/api/collections/users/auth-refresh", nil, 200, &res)
	return res.Record.str("id")
}

// storedFile is one protected file of the world: where it is and who may read it.
type storedFile struct {
	label      string
	collection string
	recordID   string
	name       string
	want       []byte // the uploaded bytes, or nil when generated (the certificate)
}

// files lists the world's three protected files.
func (w *world) files() []storedFile {
	return []storedFile{
		{"résumé", "applications", w.application.str("id"), w.resumeName, w.resume},
		{"final report", "submissions", w.submission.str("id"), w.reportName, w.report},
		{"certificate PDF", "certificates", w.certificate.str("id"), w.pdfName, nil},
	}
}
