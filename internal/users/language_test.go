package users_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
)

// TestLanguageOwnerOnly: a user chooses their own language; nobody else
// (their coordinator, a colleague) changes it; a language the portal does
// not speak is a 400 that says which values exist.
func TestLanguageOwnerOnly(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	org := apptest.Organization(t, app, nil)
	student := apptest.Student(t, app, inst)
	mentor := apptest.Mentor(t, app, inst)
	coord := apptest.Coordinator(t, app, inst)
	sup := apptest.Supervisor(t, app, org)
	sup2 := apptest.Supervisor(t, app, org)
	c := apptest.NewClient(t, app)
	url := func(u apptest.User) string { return "/api/collections/users/records/" + u.Record.Id }

	for _, u := range []apptest.User{student, mentor, coord, sup} {
		res := c.Do(http.MethodPatch, url(u), u.Token, map[string]any{"language": "ml"})
		if res.Status != 200 || res.JSON()["language"] != "ml" {
			t.Fatalf("%s sets own language: %d %s", u.Record.GetString("role"), res.Status, res.String())
		}
	}
	back := c.Do(http.MethodPatch, url(student), student.Token, map[string]any{"language": ""})
	if back.Status != 200 || back.JSON()["language"] != "" {
		t.Fatalf("student clears own language: %d %s", back.Status, back.String())
	}

	for _, tc := range []struct {
		name          string
		actor, target apptest.User
		status        int
	}{
		{"coordinator on student", coord, student, 400},
		{"coordinator on mentor", coord, mentor, 400},
		{"supervisor on colleague", sup, sup2, 404},
		{"student on coordinator", student, coord, 404},
	} {
		res := c.Do(http.MethodPatch, url(tc.target), tc.actor.Token, map[string]any{"language": "en"})
		if res.Status != tc.status || (tc.status == 400 && res.Code("language") != "ib_forbidden_field") {
			t.Fatalf("%s: %d %s", tc.name, res.Status, res.String())
		}
		got, err := app.FindRecordById("users", tc.target.Record.Id)
		apptest.Must(t, err)
		if got.GetString("language") == "en" {
			t.Fatalf("%s changed the language", tc.name)
		}
	}

	bad := c.Do(http.MethodPatch, url(sup2), sup2.Token, map[string]any{"language": "fr"})
	if bad.Status != 400 || bad.Code("language") != "validation_invalid_value" || !strings.Contains(bad.String(), "ml (Malayalam)") {
		t.Fatalf("bad language: %d %s", bad.Status, bad.String())
	}
	// The mentor chose Malayalam above: the same refusal reads in Malayalam.
	bad = c.Do(http.MethodPatch, url(mentor), mentor.Token, map[string]any{"language": "fr"})
	if bad.Status != 400 || bad.Code("language") != "validation_invalid_value" || !strings.Contains(bad.String(), "ml (മലയാളം)") {
		t.Fatalf("bad language, Malayalam user: %d %s", bad.Status, bad.String())
	}
}
