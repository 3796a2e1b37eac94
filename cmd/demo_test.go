package cmd_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/internal/apptest"
)

// snapshot maps every record of every (non-view) collection, by
// "collection/id", to its JSON, so two snapshots differ when anything was
// created, changed or removed.
func snapshot(t *testing.T, app core.App) map[string]string {
	t.Helper()
	cols, err := app.FindAllCollections()
	apptest.Must(t, err)
	out := map[string]string{}
	for _, c := range cols {
		if c.IsView() {
			continue
		}
		records, err := app.FindAllRecords(c)
		apptest.Must(t, err)
		for _, r := range records {
			j, err := r.MarshalJSON()
			apptest.Must(t, err)
			// Hidden fields (passwords, token keys) count as well.
			out[c.Name+"/"+r.Id] = string(j) + r.GetString("password") + r.GetString("tokenKey")
		}
	}
	return out
}

func counts(t *testing.T, app core.App) map[string]int64 {
	t.Helper()
	cols, err := app.FindAllCollections()
	apptest.Must(t, err)
	out := map[string]int64{}
	for _, c := range cols {
		if c.IsView() {
			continue
		}
		n, err := app.CountRecords(c)
		apptest.Must(t, err)
		out[c.Name] = n
	}
	return out
}

func TestLoadDemoCreatesTheWorldOnce(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)

	var first bytes.Buffer
	if err := cmd.LoadDemo(app, &first); err != nil {
		t.Fatalf("first LoadDemo: %v", err)
	}
	if !strings.Contains(first.String(), "Loaded the demo world") {
		t.Errorf("first run should report what it created, got:\n%s", first.String())
	}

	wantCounts := map[string]int64{
		"regulations": 1, "institutions": 2, "organizations": 3, "users": 17, "_superusers": 1,
		"internships": 10, "tasks": 20, "courses": 1, "lessons": 2, "applications": 15, "placements": 6,
		"logbook_entries": 60, "submissions": 7, "evaluations": 8, "certificates": 3,
	}
	got := counts(t, app)
	for col, want := range wantCounts {
		if got[col] < want {
			t.Errorf("%s: %d records, want at least %d", col, got[col], want)
		}
	}

	before, beforeCounts := snapshot(t, app), counts(t, app)
	var second bytes.Buffer
	if err := cmd.LoadDemo(app, &second); err != nil {
		t.Fatalf("second LoadDemo: %v", err)
	}
	after, afterCounts := snapshot(t, app), counts(t, app)
	for col, n := range beforeCounts {
		if afterCounts[col] != n {
			t.Errorf("%s: %d records before the second run, %d after", col, n, afterCounts[col])
		}
	}
	for key, v := range before {
		if after[key] != v {
			t.Errorf("%s changed on the second run", key)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d records before the second run, %d after", len(before), len(after))
	}
	if !strings.Contains(second.String(), "already loaded; nothing was created") {
		t.Errorf("second run should say nothing was created, got:\n%s", second.String())
	}
}

func TestDemoCommand(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	c := cmd.NewDemoCommand(app)
	var out bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&out)
	c.SetArgs([]string{})
	if err := c.Execute(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), cmd.DemoAdminEmail) {
		t.Errorf("demo did not print the accounts:\n%s", out.String())
	}

	c = cmd.NewDemoCommand(app)
	c.SetOut(&out)
	c.SetErr(&out)
	c.SetArgs([]string{"extra"})
	if err := c.Execute(); err == nil {
		t.Errorf("demo with an argument should fail")
	}
}
