package cmd_test

import (
	"bytes"
	"fmt"
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
		"regulations": 1, "institutions": 2, "organizations": 2, "users": 5, "_superusers": 1,
		"internships": 2, "tasks": 4, "courses": 1, "lessons": 2,
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

func TestLoadDemoWorld(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	var out bytes.Buffer
	apptest.Must(t, cmd.LoadDemo(app, &out))

	// Every printed account signs in with its printed password.
	for _, a := range cmd.DemoAccounts() {
		col := "users"
		if a.Role == "superuser" {
			col = core.CollectionNameSuperusers
		}
		r, err := app.FindAuthRecordByEmail(col, a.Email)
		if err != nil {
			t.Errorf("%s %s: not found: %v", a.Role, a.Email, err)
			continue
		}
		if !r.ValidatePassword(a.Password) {
			t.Errorf("%s: the printed password does not match", a.Email)
		}
		if col == "users" && r.GetString("role") != a.Role {
			t.Errorf("%s: role %q, want %q", a.Email, r.GetString("role"), a.Role)
		}
		for _, s := range []string{a.Role, a.Email, a.Password} {
			if !strings.Contains(out.String(), s) {
				t.Errorf("output does not show %q", s)
			}
		}
	}
	if len(cmd.DemoAccounts()) < 6 {
		t.Errorf("want a superuser and five users, got %d accounts", len(cmd.DemoAccounts()))
	}

	mcp, err := app.FindFirstRecordByData("institutions", "code", "MCP")
	apptest.Must(t, err)
	snc, err := app.FindFirstRecordByData("institutions", "code", "SNC")
	apptest.Must(t, err)
	for _, inst := range []*core.Record{mcp, snc} {
		reg, err := app.FindRecordById("regulations", inst.GetString("regulation"))
		apptest.Must(t, err)
		if reg.GetFloat("min_hours") != 60 || reg.GetFloat("credits") != 2 || !reg.GetBool("requires_endorsement") {
			t.Errorf("regulation %s does not carry the defaults: %v", reg.GetString("name"), reg.FieldsData())
		}
	}

	students, err := app.FindAllRecords("users")
	apptest.Must(t, err)
	byRole := map[string][]*core.Record{}
	for _, u := range students {
		byRole[u.GetString("role")] = append(byRole[u.GetString("role")], u)
	}
	if len(byRole["student"]) != 2 || len(byRole["mentor"]) != 1 || len(byRole["coordinator"]) != 1 || len(byRole["supervisor"]) != 1 {
		t.Fatalf("users by role: %d students, %d mentors, %d coordinators, %d supervisors",
			len(byRole["student"]), len(byRole["mentor"]), len(byRole["coordinator"]), len(byRole["supervisor"]))
	}
	studentInst := map[string]bool{}
	for _, s := range byRole["student"] {
		studentInst[s.GetString("institution")] = true
		if s.GetString("register_no") == "" || s.GetInt("semester") == 0 {
			t.Errorf("student %s lacks register_no or semester", s.Email())
		}
	}
	if !studentInst[mcp.Id] || !studentInst[snc.Id] {
		t.Errorf("want one student in each college")
	}
	for _, role := range []string{"mentor", "coordinator"} {
		if byRole[role][0].GetString("institution") != mcp.Id {
			t.Errorf("the %s should belong to MCP", role)
		}
	}
	supervisor := byRole["supervisor"][0]

	orgs, err := app.FindAllRecords("organizations")
	apptest.Must(t, err)
	for _, o := range orgs {
		if !o.GetBool("verified") || o.GetBool("charges_fee") {
			t.Errorf("organization %s: verified %v, charges_fee %v", o.GetString("name"), o.GetBool("verified"), o.GetBool("charges_fee"))
		}
	}

	internships, err := app.FindAllRecords("internships")
	apptest.Must(t, err)
	// apply_by is a calendar day at least a few weeks ahead, whatever the time zone.
	soon := apptest.Now().AddDate(0, 0, 7)
	for _, in := range internships {
		name := in.GetString("title")
		if in.GetString("status") != "open" {
			t.Errorf("%s: status %q, want open", name, in.GetString("status"))
		}
		if in.GetString("supervisor") != supervisor.Id || in.GetString("organization") != supervisor.GetString("organization") {
			t.Errorf("%s: not posted by the demo supervisor's organization", name)
		}
		applyBy, starts, ends := in.GetDateTime("apply_by").Time(), in.GetDateTime("starts_on").Time(), in.GetDateTime("ends_on").Time()
		if applyBy.Before(soon) || starts.After(ends) || applyBy.After(starts) {
			t.Errorf("%s: dates apply_by %v, starts_on %v, ends_on %v", name, applyBy, starts, ends)
		}
		if in.GetInt("seats") < 1 || in.GetInt("hours") < 1 || in.GetFloat("fee") != 0 {
			t.Errorf("%s: seats %d, hours %d, fee %v", name, in.GetInt("seats"), in.GetInt("hours"), in.GetFloat("fee"))
		}
		tasks, err := app.FindRecordsByFilter("tasks", "internship = {:id}", "", 0, 0, map[string]any{"id": in.Id})
		apptest.Must(t, err)
		kinds := map[string]bool{}
		for _, task := range tasks {
			kinds[fmt.Sprintf("%s/%v", task.GetString("kind"), task.GetBool("required"))] = true
		}
		if !kinds["final_report/true"] || !kinds["assignment/false"] {
			t.Errorf("%s: tasks %v, want a required final_report and an assignment", name, kinds)
		}
	}

	courses, err := app.FindAllRecords("courses")
	apptest.Must(t, err)
	if len(courses) != 1 || !courses[0].GetBool("published") {
		t.Fatalf("want one published course, got %d", len(courses))
	}
	lessons, err := app.FindRecordsByFilter("lessons", "course = {:id}", "position", 0, 0, map[string]any{"id": courses[0].Id})
	apptest.Must(t, err)
	if len(lessons) != 2 {
		t.Errorf("want two lessons, got %d", len(lessons))
	}

	appURL := strings.TrimRight(app.Settings().Meta.AppURL, "/")
	for _, want := range []string{appURL + "/_/", appURL + "/"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output does not show %s:\n%s", want, out.String())
		}
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
