// Package apptest is Internbase's test harness: a test app built from an
// empty data dir plus the migrations and hooks.Register, and factories for
// the records every test needs, with auth tokens.
package apptest

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/hooks"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/regulations"
	_ "github.com/internbase/internbase/migrations" // the schema
)

// NewApp returns a test app with Internbase's schema and hooks on an empty
// temp data dir; it is cleaned up when the test ends. Rate limits are off
// (every test request comes from one address); tests of the limits turn them
// back on with RateLimits.
//
// The schema is migrated once per test process into a template (see
// template.go); each app starts on its own copy of the template's files, so
// apps share nothing and tests may run in parallel.
func NewApp(t testing.TB) *tests.TestApp {
	t.Helper()
	dir := t.TempDir()
	Must(t, migratedTemplate().writeTo(dir))
	app, err := tests.NewTestApp(dir)
	if err != nil {
		t.Fatalf("new test app: %v", err)
	}
	hooks.Register(app)
	t.Cleanup(app.Cleanup)
	UseTestClock(t, app)
	return app
}

// cheapPasswords lowers the bcrypt cost of test accounts: the production
// cost makes every factory user take tens of milliseconds (far more under
// -race) and proves nothing about the rules under test.
func cheapPasswords(app core.App) error {
	for _, name := range []string{"users", core.CollectionNameSuperusers} {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		if f, ok := col.Fields.GetByName("password").(*core.PasswordField); ok {
			f.Cost = 4
		}
		if err := app.Save(col); err != nil {
			return err
		}
	}
	return nil
}

// CheapPasswords lowers the bcrypt cost of app's auth collections as NewApp
// does, for an app made another way (a fixture template).
func CheapPasswords(t testing.TB, app core.App) {
	t.Helper()
	Must(t, cheapPasswords(app))
}

// RateLimits turns the migrated rate limits of app on or off.
func RateLimits(t testing.TB, app core.App, on bool) {
	t.Helper()
	Must(t, setRateLimits(app, on))
}

func setRateLimits(app core.App, on bool) error {
	s := app.Settings()
	s.RateLimits.Enabled = on
	return app.Save(s)
}

var seq atomic.Int64

func next() int64 { return seq.Add(1) }

// Must fails the test on err.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Save creates a record of collection with data, through the model hooks.
func Save(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	Must(t, err)
	r := core.NewRecord(col)
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s %v: %v", collection, data, err)
	}
	return r
}

// Regulation creates a regulation with the defaults of DESIGN.md, changed by
// over.
func Regulation(t testing.TB, app core.App, over map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(regulations.Collection)
	Must(t, err)
	r := core.NewRecord(col)
	r.Set("name", fmt.Sprintf("Regulation %d", next()))
	regulations.ApplyDefaults(r, func(string) bool { return false })
	r.Load(over)
	Must(t, app.Save(r))
	return r
}

// Institution creates an institution under regulation (a new default
// regulation when nil).
func Institution(t testing.TB, app core.App, regulation *core.Record) *core.Record {
	t.Helper()
	if regulation == nil {
		regulation = Regulation(t, app, nil)
	}
	n := next()
	return Save(t, app, "institutions", map[string]any{
		"name": fmt.Sprintf("College %d", n), "code": fmt.Sprintf("C%d", n), "regulation": regulation.Id,
		"university": "University of Calicut", "district": "Malappuram",
	})
}

// Organization creates a host organization.
func Organization(t testing.TB, app core.App, over map[string]any) *core.Record {
	t.Helper()
	data := map[string]any{"name": fmt.Sprintf("Host %d", next()), "kind": "company", "verified": true}
	for k, v := range over {
		data[k] = v
	}
	return Save(t, app, "organizations", data)
}

// Password is the password of every factory user.
const Password = "Secret-pass-123"

// User is a users record with its auth token.
type User struct {
	*core.Record
	Token string
}

// NewUser creates a users record with role and data and returns it with an
// auth token.
func NewUser(t testing.TB, app core.App, role string, data map[string]any) User {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("users")
	Must(t, err)
	n := next()
	r := core.NewRecord(col)
	r.Set("name", fmt.Sprintf("%s %d", role, n))
	r.SetEmail(fmt.Sprintf("%s%d@example.test", role, n))
	r.SetPassword(Password)
	r.SetVerified(true)
	r.Set("role", role)
	if role == "student" {
		r.Set("register_no", fmt.Sprintf("REG%05d", n))
		r.Set("semester", 5)
		r.Set("enrolled", true)
		r.Set("program", "BSc Computer Science")
	}
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", role, err)
	}
	return User{Record: r, Token: token(t, r)}
}

// Student creates a student of institution.
func Student(t testing.TB, app core.App, institution *core.Record) User {
	return NewUser(t, app, "student", map[string]any{"institution": institution.Id})
}

// Mentor creates a faculty mentor of institution.
func Mentor(t testing.TB, app core.App, institution *core.Record) User {
	return NewUser(t, app, "mentor", map[string]any{"institution": institution.Id})
}

// Coordinator creates the internship coordinator of institution.
func Coordinator(t testing.TB, app core.App, institution *core.Record) User {
	return NewUser(t, app, "coordinator", map[string]any{"institution": institution.Id})
}

// Supervisor creates a supervisor of organization.
func Supervisor(t testing.TB, app core.App, organization *core.Record) User {
	return NewUser(t, app, "supervisor", map[string]any{"organization": organization.Id})
}

// Superuser creates a superuser and returns it with a token.
func Superuser(t testing.TB, app core.App) User {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	Must(t, err)
	r := core.NewRecord(col)
	r.SetEmail(fmt.Sprintf("admin%d@example.test", next()))
	r.SetPassword(Password)
	Must(t, app.Save(r))
	return User{Record: r, Token: token(t, r)}
}

func token(t testing.TB, r *core.Record) string {
	t.Helper()
	tok, err := r.NewAuthToken()
	Must(t, err)
	return tok
}

// Day is the calendar day offset days from app's today (by the app's clock
// and platform zone), as a date-only value.
func Day(app core.App, offset int) types.DateTime {
	d, _ := types.ParseDateTime(clock.Today(app).AddDate(0, 0, offset))
	return d
}
