package apptest_test

import (
	"testing"
	"time"

	"github.com/internbase/internbase/internal/apptest"
)

// The world has a record in every collection, so access tests built on it
// cover them all.
func TestWorldFillsEveryCollection(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	for _, name := range []string{"regulations", "institutions", "organizations", "users", "courses", "lessons",
		"lesson_completions", "internships", "applications", "placements", "logbook_entries", "tasks",
		"submissions", "evaluations", "certificates", "notifications", "audit_events"} {
		if n, err := w.App.CountRecords(name); err != nil || n == 0 {
			t.Errorf("%s: %d records (%v)", name, n, err)
		}
	}
	lc, err := w.App.FindRecordById("lesson_completions", w.LessonCompletion.Id)
	if err != nil || lc.GetString("course") != w.Course.Id {
		t.Errorf("a lesson completion takes the course of its lesson: %v %v", lc, err)
	}
}

// A test client's router does not start the cron scheduler: a job firing at
// a minute boundary of the real clock would change records under a running
// test (seen: the noninterference test's two worlds differed by a posting
// one world's job had just closed).
func TestClientRunsNoCron(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	if len(w.App.Cron().Jobs()) == 0 {
		t.Fatal("no cron job is registered: the check below proves nothing")
	}
	// A started scheduler ticks first at the next whole interval: make that
	// 10 ms from now instead of the next minute.
	w.App.Cron().SetInterval(10 * time.Millisecond)
	apptest.NewClient(t, w.App)
	for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if w.App.Cron().HasStarted() {
			t.Fatal("the cron scheduler runs under a test client")
		}
	}
}
