package apptest_test

import (
	"testing"

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
