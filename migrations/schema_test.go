package migrations_test

import (
	"testing"

	"github.com/internbase/internbase/internal/apptest"
)

func TestSchemaApplies(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	for _, name := range []string{"regulations", "institutions", "organizations", "users", "courses", "lessons",
		"lesson_completions", "course_completions", "internships", "applications", "placements", "logbook_entries",
		"tasks", "submissions", "evaluations", "certificates", "signing_keys", "notifications", "audit_events"} {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("collection %s: %v", name, err)
		}
		if c.Fields.GetByName("created") == nil || c.Fields.GetByName("updated") == nil {
			t.Errorf("%s lacks created/updated", name)
		}
	}
}
