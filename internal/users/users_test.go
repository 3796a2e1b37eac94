package users_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/internbase/internbase/internal/apptest"
)

func signup(extra map[string]any) map[string]any {
	body := map[string]any{
		"email": "new.student@example.test", "password": apptest.Password, "passwordConfirm": apptest.Password,
		"name": "New Student",
	}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

func TestSignUp(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	other := apptest.Institution(t, app, nil)
	org := apptest.Organization(t, app, nil)
	c := apptest.NewClient(t, app)

	cases := []struct {
		name   string
		body   map[string]any
		status int
		field  string
		code   string
	}{
		{"coordinator", map[string]any{"role": "coordinator", "institution": inst.Id}, 400, "role", "ib_forbidden_field"},
		{"mentor", map[string]any{"role": "mentor", "institution": inst.Id}, 400, "role", "ib_forbidden_field"},
		{"supervisor", map[string]any{"role": "supervisor", "organization": org.Id}, 400, "role", "ib_forbidden_field"},
		{"no role", map[string]any{"institution": inst.Id, "register_no": "R1", "semester": 3}, 400, "role", "ib_forbidden_field"},
		{"student with organization", map[string]any{"role": "student", "institution": inst.Id, "register_no": "R1", "semester": 3, "organization": org.Id}, 400, "organization", "ib_forbidden_field"},
		{"student without register_no", map[string]any{"role": "student", "institution": inst.Id, "semester": 3}, 400, "register_no", "validation_required"},
		{"student without institution", map[string]any{"role": "student", "register_no": "R1", "semester": 3}, 400, "institution", "validation_required"},
		{"student without semester", map[string]any{"role": "student", "institution": inst.Id, "register_no": "R1"}, 400, "semester", "validation_required"},
		{"semester out of range", map[string]any{"role": "student", "institution": inst.Id, "register_no": "R1", "semester": 9}, 400, "semester", "validation_max_number_constraint"},
		{"unknown institution", map[string]any{"role": "student", "institution": "nosuchinstitut", "register_no": "R1", "semester": 3}, 400, "institution", "validation_missing_rel_records"},
		{"bad apaar id", map[string]any{"role": "student", "institution": inst.Id, "register_no": "R1", "semester": 3, "apaar_id": "12ab"}, 400, "apaar_id", "validation_invalid_format"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(tc.body))
			if res.Status != tc.status || res.Code(tc.field) != tc.code {
				t.Fatalf("got %d %s, want %d with %s on %s", res.Status, res.String(), tc.status, tc.code, tc.field)
			}
			if n, _ := app.CountRecords("users"); n != 0 {
				t.Fatalf("a refused sign-up wrote %d users", n)
			}
		})
	}

	ok := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(map[string]any{
		"role": "student", "institution": inst.Id, "register_no": "MCP-001", "semester": 3, "apaar_id": "123456789012"}))
	if ok.Status != 200 || ok.JSON()["role"] != "student" {
		t.Fatalf("student sign-up: %d %s", ok.Status, ok.String())
	}

	dup := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(map[string]any{
		"email": "dup@example.test", "role": "student", "institution": inst.Id, "register_no": "MCP-001", "semester": 3}))
	if dup.Status != 400 || dup.Code("register_no") != "ib_duplicate" || !strings.Contains(dup.String(), "Sign in with your college email") {
		t.Fatalf("duplicate register_no in one institution: %d %s", dup.Status, dup.String())
	}
	sameNoOther := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(map[string]any{
		"email": "other@example.test", "role": "student", "institution": other.Id, "register_no": "MCP-001", "semester": 3}))
	if sameNoOther.Status != 200 {
		t.Fatalf("same register_no in another institution: %d %s", sameNoOther.Status, sameNoOther.String())
	}
	if n, _ := app.CountRecords("users"); n != 2 {
		t.Fatalf("want 2 users, have %d", n)
	}
}

func TestStaffAccounts(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	other := apptest.Institution(t, app, nil)
	org := apptest.Organization(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	mentor := apptest.Mentor(t, app, inst)
	student := apptest.Student(t, app, inst)
	sup := apptest.Supervisor(t, app, org)
	admin := apptest.Superuser(t, app)
	newHost := apptest.Organization(t, app, nil) // no supervisor yet
	otherHost := apptest.Organization(t, app, nil)
	c := apptest.NewClient(t, app)

	account := func(email string, extra map[string]any) map[string]any {
		b := map[string]any{"email": email, "password": apptest.Password, "passwordConfirm": apptest.Password, "name": "Staff " + email}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	cases := []struct {
		name   string
		token  string
		body   map[string]any
		status int
		field  string
		code   string
	}{
		{"coordinator creates mentor (institution defaulted)", coord.Token, account("m1@x.test", map[string]any{"role": "mentor"}), 200, "", ""},
		{"coordinator creates mentor of other institution", coord.Token, account("m2@x.test", map[string]any{"role": "mentor", "institution": other.Id}), 400, "institution", "ib_forbidden_field"},
		{"coordinator creates the first supervisor of a new host", coord.Token, account("s1@x.test", map[string]any{"role": "supervisor", "organization": newHost.Id}), 200, "", ""},
		{"coordinator creates a second supervisor of that host", coord.Token, account("s1b@x.test", map[string]any{"role": "supervisor", "organization": newHost.Id}), 403, "", ""},
		{"coordinator mints a supervisor of a host that has one", coord.Token, account("s1c@x.test", map[string]any{"role": "supervisor", "organization": org.Id}), 403, "", ""},
		{"coordinator creates supervisor without organization", coord.Token, account("s2@x.test", map[string]any{"role": "supervisor"}), 400, "organization", "validation_required"},
		{"coordinator creates coordinator", coord.Token, account("c1@x.test", map[string]any{"role": "coordinator", "institution": inst.Id}), 400, "role", "ib_forbidden_field"},
		{"coordinator creates student", coord.Token, account("st@x.test", map[string]any{"role": "student", "institution": inst.Id, "register_no": "X1", "semester": 2}), 400, "role", "ib_forbidden_field"},
		{"mentor creates mentor", mentor.Token, account("m3@x.test", map[string]any{"role": "mentor", "institution": inst.Id}), 400, "", ""},
		{"student creates mentor", student.Token, account("m4@x.test", map[string]any{"role": "mentor", "institution": inst.Id}), 400, "", ""},
		{"supervisor adds a colleague", sup.Token, account("s3@x.test", map[string]any{"role": "supervisor", "organization": org.Id}), 200, "", ""},
		{"supervisor adds a colleague (organization defaulted)", sup.Token, account("s4@x.test", map[string]any{"role": "supervisor"}), 200, "", ""},
		{"supervisor adds a supervisor of another host", sup.Token, account("s5@x.test", map[string]any{"role": "supervisor", "organization": otherHost.Id}), 403, "", ""},
		{"supervisor creates a mentor", sup.Token, account("m5@x.test", map[string]any{"role": "mentor", "institution": inst.Id}), 403, "", ""},
		{"supervisor creates a student", sup.Token, account("st5@x.test", map[string]any{"role": "student", "institution": inst.Id, "register_no": "Y1", "semester": 2}), 403, "", ""},
		{"supervisor adds a colleague with an institution", sup.Token, account("s6@x.test", map[string]any{"role": "supervisor", "institution": inst.Id}), 400, "institution", "ib_forbidden_field"},
		{"superuser creates coordinator", admin.Token, account("c2@x.test", map[string]any{"role": "coordinator", "institution": other.Id}), 200, "", ""},
		{"superuser creates coordinator without institution", admin.Token, account("c3@x.test", map[string]any{"role": "coordinator"}), 400, "institution", "validation_required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := app.CountRecords("users")
			res := c.Do(http.MethodPost, "/api/collections/users/records", tc.token, tc.body)
			if res.Status != tc.status || (tc.field != "" && res.Code(tc.field) != tc.code) {
				t.Fatalf("got %d %s, want %d with %s on %q", res.Status, res.String(), tc.status, tc.code, tc.field)
			}
			after, _ := app.CountRecords("users")
			if want := before + map[bool]int64{true: 1, false: 0}[tc.status == 200]; after != want {
				t.Fatalf("users %d → %d", before, after)
			}
			if tc.status == 200 && tc.body["role"] == "mentor" && res.JSON()["institution"] != inst.Id {
				t.Fatalf("mentor institution %v, want %s", res.JSON()["institution"], inst.Id)
			}
			if tc.status == 200 && tc.token == sup.Token && res.JSON()["organization"] != org.Id {
				t.Fatalf("colleague's organization %v, want %s", res.JSON()["organization"], org.Id)
			}
		})
	}
}

// Coordinators racing to onboard the same new host: exactly one first
// supervisor.
func TestOneFirstSupervisorUnderConcurrency(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	host := apptest.Organization(t, app, nil)
	coords := []apptest.User{apptest.Coordinator(t, app, inst), apptest.Coordinator(t, app, apptest.Institution(t, app, nil))}
	c := apptest.NewClient(t, app)
	const n = 12
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := c.For(t).Do(http.MethodPost, "/api/collections/users/records", coords[i%2].Token, map[string]any{
				"email": fmt.Sprintf("first%d@x.test", i), "password": apptest.Password, "passwordConfirm": apptest.Password,
				"name": "First", "role": "supervisor", "organization": host.Id})
			statuses <- res.Status
		}()
	}
	wg.Wait()
	close(statuses)
	ok := 0
	for s := range statuses {
		if s == 200 {
			ok++
		} else if s != 403 {
			t.Errorf("status %d", s)
		}
	}
	if got, _ := app.CountRecords("users", dbx.HashExp{"organization": host.Id, "role": "supervisor"}); ok != 1 || got != 1 {
		t.Fatalf("%d created, %d supervisors of the host", ok, got)
	}
}

func TestProfileUpdates(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	other := apptest.Institution(t, app, nil)
	org := apptest.Organization(t, app, nil)
	student := apptest.Student(t, app, inst)
	otherStudent := apptest.Student(t, app, other)
	coord := apptest.Coordinator(t, app, inst)
	otherCoord := apptest.Coordinator(t, app, other)
	mentor := apptest.Mentor(t, app, inst)
	sup := apptest.Supervisor(t, app, org)
	admin := apptest.Superuser(t, app)
	c := apptest.NewClient(t, app)

	url := func(id string) string { return "/api/collections/users/records/" + id }
	cases := []struct {
		name   string
		token  string
		id     string
		body   map[string]any
		status int
		field  string
	}{
		{"student renames self", student.Token, student.Id, map[string]any{"name": "Anu K", "phone": "9876543210"}, 200, ""},
		{"student promotes self", student.Token, student.Id, map[string]any{"role": "coordinator"}, 400, "role"},
		{"student moves institution", student.Token, student.Id, map[string]any{"institution": other.Id}, 400, "institution"},
		{"student edits register_no", student.Token, student.Id, map[string]any{"register_no": "HACK"}, 400, "register_no"},
		{"student joins organization", student.Token, student.Id, map[string]any{"organization": org.Id}, 400, "organization"},
		{"student edits another student", student.Token, otherStudent.Id, map[string]any{"name": "x"}, 404, ""},
		{"mentor promotes self", mentor.Token, mentor.Id, map[string]any{"role": "coordinator"}, 400, "role"},
		{"supervisor changes organization", sup.Token, sup.Id, map[string]any{"organization": apptest.Organization(t, app, nil).Id}, 400, "organization"},
		{"coordinator sets register_no", coord.Token, student.Id, map[string]any{"register_no": "MCP-2026-07"}, 200, ""},
		{"coordinator changes a student's role", coord.Token, student.Id, map[string]any{"role": "mentor"}, 400, "role"},
		{"coordinator promotes self", coord.Token, coord.Id, map[string]any{"role": "supervisor"}, 400, "role"},
		{"coordinator of another institution", otherCoord.Token, student.Id, map[string]any{"register_no": "B-1"}, 404, ""},
		{"coordinator edits a supervisor", coord.Token, sup.Id, map[string]any{"name": "x"}, 404, ""},
		{"superuser moves student", admin.Token, otherStudent.Id, map[string]any{"institution": inst.Id}, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := app.FindRecordById("users", tc.id)
			res := c.Do(http.MethodPatch, url(tc.id), tc.token, tc.body)
			if res.Status != tc.status || (tc.field != "" && res.Code(tc.field) != "ib_forbidden_field") {
				t.Fatalf("got %d %s, want %d (ib_forbidden_field on %q)", res.Status, res.String(), tc.status, tc.field)
			}
			after, _ := app.FindRecordById("users", tc.id)
			for k, v := range tc.body {
				changed := after.GetString(k) != before.GetString(k)
				if tc.status == 200 && after.GetString(k) != v {
					t.Errorf("%s = %q, want %v", k, after.GetString(k), v)
				}
				if tc.status != 200 && changed {
					t.Errorf("refused update changed %s", k)
				}
			}
		})
	}
}

func TestSignUpIsRateLimited(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	apptest.RateLimits(t, app, true)
	inst := apptest.Institution(t, app, nil)
	c := apptest.NewClient(t, app)
	var statuses []int
	for i := 0; i < 11; i++ {
		res := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(map[string]any{
			"email": "s" + string(rune('a'+i)) + "@example.test", "role": "student", "institution": inst.Id,
			"register_no": "R" + string(rune('a'+i)), "semester": 2}))
		statuses = append(statuses, res.Status)
	}
	for i, s := range statuses[:10] {
		if s != 200 {
			t.Fatalf("sign-up %d: %d", i, s)
		}
	}
	if statuses[10] != http.StatusTooManyRequests {
		t.Fatalf("11th sign-up within a minute: %d, want 429", statuses[10])
	}
}
