package logbooks_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/logbooks"
)

// The reminder is once per platform day by the notification's created time,
// which PocketBase stamps with the wall clock, so these tests run the
// platform clock at (and a day after) the real time.

type remWorld struct {
	app         core.App
	inst, org   *core.Record
	supervisor  apptest.User
	now, today  time.Time
	n           int
	placementOf map[string]*core.Record // by student id
}

// newRemWorld builds a world whose clock stands still at the app clock's
// current second, in Asia/Kolkata.
func newRemWorld(t *testing.T) *remWorld {
	t.Helper()
	app := apptest.NewApp(t)
	now := clock.Now(app).UTC().Truncate(time.Second)
	clock.SetLocation(app, clock.LoadLocation("Asia/Kolkata"))
	clock.Set(app, clock.Fixed(now))
	org := apptest.Organization(t, app, nil)
	return &remWorld{
		app: app, inst: apptest.Institution(t, app, nil), org: org, supervisor: apptest.Supervisor(t, app, org),
		now: now, today: clock.Today(app), placementOf: map[string]*core.Record{},
	}
}

func (rw *remWorld) day(offset int) string {
	return rw.today.AddDate(0, 0, offset).Format(time.DateOnly)
}

// placed creates a student placed since today+start on an internship ending
// today+end, in status, with logbook entries on the given day offsets.
func (rw *remWorld) placed(t *testing.T, start, end int, status string, entries ...int) apptest.User {
	t.Helper()
	rw.n++
	s := apptest.Student(t, rw.app, rw.inst)
	internship := apptest.Save(t, rw.app, "internships", map[string]any{
		"organization": rw.org.Id, "supervisor": rw.supervisor.Id, "title": fmt.Sprintf("Internship %d", rw.n), "seats": 1,
		"starts_on": rw.day(start), "ends_on": rw.day(end), "apply_by": rw.day(start - 5), "hours": 120, "status": "closed",
	})
	application := apptest.Save(t, rw.app, "applications", map[string]any{
		"internship": internship.Id, "student": s.Id, "institution": rw.inst.Id, "organization": rw.org.Id,
		"status": "accepted", "statement": "I want to learn.",
	})
	p := apptest.Save(t, rw.app, "placements", map[string]any{
		"application": application.Id, "student": s.Id, "internship": internship.Id, "organization": rw.org.Id,
		"institution": rw.inst.Id, "supervisor": rw.supervisor.Id, "status": "ongoing", "started_on": rw.day(start),
	})
	for _, d := range entries {
		apptest.Save(t, rw.app, logbooks.Collection, map[string]any{
			"placement": p.Id, "date": rw.day(d), "hours": 4, "activity": "Worked on the reporting module all day.",
		})
	}
	if status != "ongoing" {
		if _, err := rw.app.DB().NewQuery("UPDATE placements SET status = {:s} WHERE id = {:id}").
			Bind(dbx.Params{"s": status, "id": p.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	rw.placementOf[s.Id] = p
	return s
}

func (rw *remWorld) reminders(t *testing.T, student string) int64 {
	t.Helper()
	n, err := rw.app.CountRecords("notifications", dbx.HashExp{"user": student, "kind": logbooks.KindReminder})
	apptest.Must(t, err)
	return n
}

func TestSendReminders(t *testing.T) {
	t.Parallel()
	rw := newRemWorld(t)

	silent := rw.placed(t, -10, 30, "ongoing", -8, -4)    // last entry 4 days ago
	recent := rw.placed(t, -10, 30, "ongoing", -3)        // an entry 3 days ago
	newcomer := rw.placed(t, -2, 30, "ongoing")           // started 2 days ago
	threeDays := rw.placed(t, -3, 30, "ongoing")          // started 3 days ago, nothing written
	writesToday := rw.placed(t, -10, 30, "ongoing", 0)    // an entry today
	ended := rw.placed(t, -30, -1, "ongoing", -20)        // internship over, awaiting completion
	done := rw.placed(t, -30, 30, "completed", -20)       // completed
	stopped := rw.placed(t, -30, 30, "discontinued", -20) // discontinued

	n, err := logbooks.SendReminders(rw.app)
	if n != 2 || err != nil {
		t.Fatalf("sent %d %v, want 2", n, err)
	}
	want := map[string]int64{silent.Id: 1, threeDays.Id: 1, recent.Id: 0, newcomer.Id: 0, writesToday.Id: 0, ended.Id: 0, done.Id: 0, stopped.Id: 0}
	names := map[string]string{silent.Id: "silent", threeDays.Id: "threeDays", recent.Id: "recent", newcomer.Id: "newcomer",
		writesToday.Id: "writesToday", ended.Id: "ended", done.Id: "done", stopped.Id: "stopped"}
	check := func(when string) {
		t.Helper()
		for id, w := range want {
			if got := rw.reminders(t, id); got != w {
				t.Errorf("%s: %s has %d reminders, want %d", when, names[id], got, w)
			}
		}
	}
	check("first run")
	r, err := rw.app.FindFirstRecordByFilter("notifications", "user = {:u}", dbx.Params{"u": silent.Id})
	apptest.Must(t, err)
	if r.GetString("record") != rw.placementOf[silent.Id].Id || r.GetString("link") == "" || r.GetString("title") == "" {
		t.Fatalf("reminder %v", r.PublicExport())
	}

	// Run again the same day: nobody twice.
	if n, err := logbooks.SendReminders(rw.app); n != 0 || err != nil {
		t.Fatalf("second run the same day: %d %v", n, err)
	}
	check("second run")

	// The next day the window moves: the entry of 3 days ago is now 4 days
	// old and the newcomer has been placed for 3 days.
	clock.Set(rw.app, clock.Fixed(rw.now.Add(24*time.Hour)))
	if n, err := logbooks.SendReminders(rw.app); n != 4 || err != nil {
		t.Fatalf("next day: %d %v, want 4", n, err)
	}
	want[silent.Id], want[threeDays.Id], want[recent.Id], want[newcomer.Id] = 2, 2, 1, 1
	check("next day")
}

// A placement that cannot be reminded is logged and skipped; the others
// still get theirs.
func TestSendRemindersSurvivesAFailure(t *testing.T) {
	t.Parallel()
	rw := newRemWorld(t)
	broken := rw.placed(t, -10, 30, "ongoing")
	fine := rw.placed(t, -10, 30, "ongoing")
	if _, err := rw.app.DB().NewQuery("UPDATE placements SET student = 'nosuchstudent0' WHERE id = {:id}").
		Bind(dbx.Params{"id": rw.placementOf[broken.Id].Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	n, err := logbooks.SendReminders(rw.app)
	if n != 1 || err == nil {
		t.Fatalf("sent %d %v, want 1 and the broken placement's error", n, err)
	}
	if rw.reminders(t, fine.Id) != 1 {
		t.Fatal("the healthy placement was not reminded")
	}
}

func TestRemindersJob(t *testing.T) {
	t.Parallel()
	rw := newRemWorld(t)
	s := rw.placed(t, -10, 30, "ongoing")
	logbooks.RegisterJobs(rw.app)
	for _, j := range rw.app.Cron().Jobs() {
		if j.Id() == logbooks.JobReminders {
			if j.Expression() != "30 3 * * *" {
				t.Fatalf("schedule %q", j.Expression())
			}
			j.Run()
			if rw.reminders(t, s.Id) != 1 {
				t.Fatal("job run sent no reminder")
			}
			return
		}
	}
	t.Fatal("job not registered")
}
