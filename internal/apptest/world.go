package apptest

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/clock"
)

// World is a small populated tenancy: institutions A and B, organizations X
// and Y, a user of each role on each side, and one student (S1) of A placed
// with X with a record in every collection.
type World struct {
	App                    *tests.TestApp
	Regulation             *core.Record
	InstA, InstB           *core.Record
	OrgX, OrgY             *core.Record
	S1, S2, S3             User // S1, S2 of A; S3 of B
	MentorA, MentorB       User
	CoordA, CoordB         User
	SupX, SupY             User
	Admin                  User
	Internship             *core.Record // open, of X
	Application            *core.Record // S1's, endorsed then accepted
	Placement              *core.Record // S1's, ongoing, mentor A
	Entry                  *core.Record // a pending logbook entry of S1
	Task                   *core.Record // a required final report of the internship
	Submission             *core.Record
	Evaluation             *core.Record // the supervisor's draft evaluation
	Certificate            *core.Record
	Notification           *core.Record // S1's
	Course, Lesson         *core.Record // published, of A
	LessonCompletion       *core.Record // S1's
	AuditEvent             *core.Record // of A
	Today, Start, End, Due types.DateTime
}

// NewWorld seeds a World into a fresh app.
func NewWorld(t testing.TB) *World {
	t.Helper()
	app := NewApp(t)
	w := &World{App: app}
	day := func(offset int) types.DateTime { return Day(app, offset) }
	w.Today, w.Start, w.End, w.Due = day(0), day(-10), day(50), day(20)

	w.Regulation = Regulation(t, app, nil)
	w.InstA = Institution(t, app, w.Regulation)
	w.InstB = Institution(t, app, w.Regulation)
	w.OrgX = Organization(t, app, nil)
	w.OrgY = Organization(t, app, nil)
	w.S1, w.S2, w.S3 = Student(t, app, w.InstA), Student(t, app, w.InstA), Student(t, app, w.InstB)
	w.MentorA, w.MentorB = Mentor(t, app, w.InstA), Mentor(t, app, w.InstB)
	w.CoordA, w.CoordB = Coordinator(t, app, w.InstA), Coordinator(t, app, w.InstB)
	w.SupX, w.SupY = Supervisor(t, app, w.OrgX), Supervisor(t, app, w.OrgY)
	w.Admin = Superuser(t, app)

	w.Internship = Save(t, app, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Backend intern", "seats": 3,
		"starts_on": w.Start, "ends_on": w.End, "apply_by": day(-12), "hours": 120, "status": "open", "mode": "remote",
	})
	w.Application = Save(t, app, "applications", map[string]any{
		"internship": w.Internship.Id, "student": w.S1.Id, "institution": w.InstA.Id, "organization": w.OrgX.Id,
		"status": "accepted", "endorsed_by": w.CoordA.Id, "endorsed_at": day(-14), "statement": "I want to learn.",
	})
	w.Placement = Save(t, app, "placements", map[string]any{
		"application": w.Application.Id, "student": w.S1.Id, "internship": w.Internship.Id, "organization": w.OrgX.Id,
		"institution": w.InstA.Id, "supervisor": w.SupX.Id, "mentor": w.MentorA.Id, "status": "ongoing", "started_on": w.Start,
	})
	w.Entry = Save(t, app, "logbook_entries", map[string]any{
		"placement": w.Placement.Id, "date": day(-1), "hours": 6, "activity": "Wrote the login API and its tests.", "status": "pending",
	})
	w.Task = Save(t, app, "tasks", map[string]any{
		"internship": w.Internship.Id, "title": "Final report", "kind": "final_report", "due_on": w.Due, "max_score": 20, "required": true,
	})
	w.Submission = Save(t, app, "submissions", map[string]any{
		"task": w.Task.Id, "placement": w.Placement.Id, "attempt": 1, "link": "https://example.com/report", "status": "submitted",
	})
	w.Evaluation = Save(t, app, "evaluations", map[string]any{
		"placement": w.Placement.Id, "kind": "supervisor", "evaluator": w.SupX.Id,
		"scores": map[string]any{"attendance": 8, "skills": 7, "initiative": 9, "communication": 8, "conduct": 10}, "total": 42,
	})
	w.Certificate = Save(t, app, "certificates", map[string]any{
		"number": "IB-2026-7K3F9QXD", "placement": w.Placement.Id, "student": w.S1.Id, "institution": w.InstA.Id,
		"organization": w.OrgX.Id, "student_name": w.S1.GetString("name"), "register_no": w.S1.GetString("register_no"),
		"institution_name": w.InstA.GetString("name"), "organization_name": w.OrgX.GetString("name"), "title": "Backend intern",
		"starts_on": "2026-01-01", "ends_on": "2026-02-28", "hours": 64, "credits": 2, "marks": 40.5, "max_marks": 50,
		"grade": "A+", "issued_at": clock.Now(app).Add(-time.Hour).UTC(), "status": "valid",
	})
	w.Notification = Save(t, app, "notifications", map[string]any{
		"user": w.S1.Id, "kind": "application.offered", "title": "You have an offer", "link": "/applications/" + w.Application.Id,
	})
	w.Course = Save(t, app, "courses", map[string]any{"title": "Workplace safety", "institution": w.InstA.Id, "published": true, "hours": 2})
	w.Lesson = Save(t, app, "lessons", map[string]any{"course": w.Course.Id, "title": "Fire drills", "position": 1})
	w.LessonCompletion = Save(t, app, "lesson_completions", map[string]any{
		"student": w.S1.Id, "lesson": w.Lesson.Id, "institution": w.InstA.Id,
	})
	w.AuditEvent = Save(t, app, "audit_events", map[string]any{
		"actor_label": "system", "action": "applications.status", "collection": "applications",
		"record": w.Application.Id, "from": "offered", "to": "accepted", "institution": w.InstA.Id,
	})
	return w
}
