package cmd_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
)

// demoApp is a test app with the demo loaded, and what the demo printed.
func demoApp(t *testing.T) (core.App, string) {
	t.Helper()
	app := apptest.NewApp(t)
	var out bytes.Buffer
	apptest.Must(t, cmd.LoadDemo(app, &out))
	return app, out.String()
}

func one(t *testing.T, app core.App, collection, filter string, params map[string]any) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(collection, filter, params)
	if err != nil {
		t.Fatalf("%s where %s %v: %v", collection, filter, params, err)
	}
	return r
}

func all(t *testing.T, app core.App, collection, filter string, params map[string]any) []*core.Record {
	t.Helper()
	rs, err := app.FindRecordsByFilter(collection, filter, "", 0, 0, params)
	apptest.Must(t, err)
	return rs
}

func demoUser(t *testing.T, app core.App, local string) *core.Record {
	t.Helper()
	u, err := app.FindAuthRecordByEmail("users", local+"@demo.internbase.localhost")
	apptest.Must(t, err)
	return u
}

// TestLoadDemoTellsTheWholeStory checks the world the demo leaves, relative
// to the test clock's today (IB_TEST_NOW moves it).
func TestLoadDemoTellsTheWholeStory(t *testing.T) {
	t.Parallel()
	app, out := demoApp(t)
	today := clock.Today(app)

	// The clock is put back: the app's today is the test clock's.
	if d := clock.Now(app).Sub(apptest.Now()); d < -time.Minute || d > time.Minute {
		t.Fatalf("the demo left the app's clock at %v, the test clock is at %v", clock.Now(app), apptest.Now())
	}

	// Every printed account signs in with its printed password, and the
	// printout says what to try with it.
	for _, a := range append(cmd.DemoAccounts(), cmd.DemoCast()...) {
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
		if !strings.Contains(out, a.Email) {
			t.Errorf("output does not show %s", a.Email)
		}
	}
	roles := map[string]bool{}
	for _, a := range cmd.DemoAccounts() {
		roles[a.Role] = true
		if a.Try == "" || !strings.Contains(out, "sign in: "+a.Email+" / "+a.Password+"\n  try:     "+a.Try+"\n") {
			t.Errorf("%s: the output does not say what to try first:\n%s", a.Email, out)
		}
	}
	for _, r := range []string{"superuser", "student", "supervisor", "coordinator", "mentor"} {
		if !roles[r] {
			t.Errorf("no printed %s account", r)
		}
	}
	appURL := strings.TrimRight(app.Settings().Meta.AppURL, "/")
	for _, want := range []string{appURL + "/_/", appURL + "/\n", appURL + "/verify/IB-"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not show %s:\n%s", want, out)
		}
	}

	// Postings in every state; the open ones still take applications.
	byStatus := map[string]int{}
	for _, in := range all(t, app, "internships", "id != ''", nil) {
		byStatus[in.GetString("status")]++
		if in.GetString("status") == "open" && in.GetDateTime("apply_by").Time().Before(today) {
			t.Errorf("open posting %s has apply_by %v before today %v", in.GetString("title"), in.GetDateTime("apply_by"), today)
		}
	}
	for _, s := range []string{"draft", "open", "closed", "cancelled"} {
		if byStatus[s] == 0 {
			t.Errorf("no %s posting: %v", s, byStatus)
		}
	}

	// Applications to open postings in every state of the machine.
	apps := map[string]int{}
	for _, a := range all(t, app, "applications", "internship.status = 'open'", nil) {
		apps[a.GetString("status")]++
	}
	for _, s := range []string{"submitted", "endorsed", "shortlisted", "offered", "accepted", "rejected", "declined", "withdrawn", "expired"} {
		if apps[s] == 0 {
			t.Errorf("no %s application to an open posting: %v", s, apps)
		}
	}
	offer := one(t, app, "applications", "status = 'offered' && student = {:s}", map[string]any{"s": demoUser(t, app, "student2").Id})
	if !offer.GetDateTime("offer_expires_at").Time().After(clock.Now(app).Add(7 * 24 * time.Hour)) {
		t.Errorf("Rahul's offer expires at %v, too soon", offer.GetDateTime("offer_expires_at"))
	}

	// Anjali's ongoing placement started weeks ago: approved, pending and
	// rejected entries, none today.
	anjali := demoUser(t, app, "student")
	p := one(t, app, "placements", "student = {:s} && status = 'ongoing'", map[string]any{"s": anjali.Id})
	in := one(t, app, "internships", "id = {:id}", map[string]any{"id": p.GetString("internship")})
	if started := in.GetDateTime("starts_on").Time(); !started.Before(today.AddDate(0, 0, -14)) || in.GetDateTime("ends_on").Time().Before(today) {
		t.Errorf("Anjali's internship runs %v … %v; want it started weeks before %v and still running", started, in.GetDateTime("ends_on"), today)
	}
	entries := map[string]int{}
	var approved float64
	for _, e := range all(t, app, "logbook_entries", "placement = {:p}", map[string]any{"p": p.Id}) {
		entries[e.GetString("status")]++
		if e.GetString("status") == "approved" {
			approved += e.GetFloat("hours")
		}
		if !e.GetDateTime("date").Time().Before(today) {
			t.Errorf("an entry dated %v: today must be free", e.GetDateTime("date"))
		}
	}
	if entries["approved"] == 0 || entries["pending"] == 0 || entries["rejected"] != 1 {
		t.Errorf("Anjali's entries by status: %v", entries)
	}
	if p.GetFloat("approved_hours") != approved {
		t.Errorf("approved_hours %v, the approved entries sum to %v", p.GetFloat("approved_hours"), approved)
	}

	// Meera's placement is ready to complete.
	meera := one(t, app, "placements", "student = {:s}", map[string]any{"s": demoUser(t, app, "meera").Id})
	if meera.GetString("status") != "ongoing" || meera.GetFloat("approved_hours") < 60 {
		t.Errorf("Meera's placement: %s with %v hours", meera.GetString("status"), meera.GetFloat("approved_hours"))
	}
	if n := len(all(t, app, "evaluations", "placement = {:p} && submitted = true", map[string]any{"p": meera.Id})); n != 2 {
		t.Errorf("Meera's placement has %d submitted evaluations, want 2", n)
	}

	// Submissions and evaluations in their states.
	subs, evals := map[string]int{}, map[bool]int{}
	for _, s := range all(t, app, "submissions", "id != ''", nil) {
		subs[s.GetString("status")]++
	}
	for _, e := range all(t, app, "evaluations", "id != ''", nil) {
		evals[e.GetBool("submitted")]++
	}
	if subs["submitted"] == 0 || subs["approved"] == 0 || subs["revision_requested"] == 0 || evals[true] == 0 || evals[false] == 0 {
		t.Errorf("submissions %v, evaluations by submitted %v", subs, evals)
	}

	// Completed placements with a valid, a superseded and a revoked certificate.
	certs := map[string]int{}
	for _, c := range all(t, app, "certificates", "id != ''", nil) {
		certs[c.GetString("status")]++
		if c.GetDateTime("issued_at").Time().After(clock.Now(app)) {
			t.Errorf("certificate %s issued in the future: %v", c.GetString("number"), c.GetDateTime("issued_at"))
		}
	}
	if certs["valid"] != 1 || certs["superseded"] != 1 || certs["revoked"] != 1 {
		t.Errorf("certificates by status: %v", certs)
	}
	if n := len(all(t, app, "placements", "status = 'completed'", nil)); n != 2 {
		t.Errorf("%d completed placements, want 2", n)
	}

	// An unverified host registered by its own supervisor; a sign-up waiting.
	host := demoUser(t, app, "host")
	org := one(t, app, "organizations", "id = {:id}", map[string]any{"id": host.GetString("organization")})
	if org.GetBool("verified") || org.GetString("registered_by") != host.Id {
		t.Errorf("the new host: verified %v, registered_by %q (want %q)", org.GetBool("verified"), org.GetString("registered_by"), host.Id)
	}
	if demoUser(t, app, "newstudent").GetBool("enrolled") || !anjali.GetBool("enrolled") {
		t.Errorf("the waiting student must be un-enrolled, the roster students enrolled")
	}
}
