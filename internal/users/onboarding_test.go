package users_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/internbase/internbase/internal/apptest"
)

func hostBody(name, email string, org map[string]any) map[string]any {
	o := map[string]any{"name": name, "kind": "startup", "district": "Kozhikode", "website": "https://example.test"}
	for k, v := range org {
		o[k] = v
	}
	return map[string]any{"organization": o, "supervisor": map[string]any{"name": "Nila Host", "email": email, "password": apptest.Password}}
}

func TestHostRegistration(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	c := apptest.NewClient(t, app)

	count := func() (orgs, users int) {
		o, _ := app.CountRecords("organizations")
		u, _ := app.CountRecords("users")
		return int(o), int(u)
	}
	orgs0, users0 := count()
	for _, tc := range []struct {
		name   string
		body   any
		token  string
		status int
		want   string
	}{
		{"bad GSTIN", hostBody("Kappa Labs", "a@host.test", map[string]any{"gstin": "27AAPFU0939F1ZW"}), "", 400, `"gstin":{"code":"validation_invalid_format"`},
		{"bad CIN", hostBody("Kappa Labs", "a@host.test", map[string]any{"cin": "U72200KL2019PTC01234"}), "", 400, `"cin"`},
		{"no name", hostBody("", "a@host.test", nil), "", 400, `"organization":{"name"`},
		{"bad kind", hostBody("Kappa Labs", "a@host.test", map[string]any{"kind": "cartel"}), "", 400, `"kind"`},
		{"short password", map[string]any{"organization": map[string]any{"name": "K", "kind": "ngo", "district": "Wayanad"}, "supervisor": map[string]any{"name": "N", "email": "b@host.test", "password": "x"}}, "", 400, `"supervisor":{"password"`},
		{"taken email", hostBody("Kappa Labs", coord.Record.Email(), nil), "", 400, `"supervisor":{"email"`},
		{"asks to be verified", map[string]any{"organization": map[string]any{"name": "K", "kind": "ngo", "district": "W", "verified": true}, "supervisor": map[string]any{"name": "N", "email": "c@host.test", "password": apptest.Password}}, "", 400, "JSON"},
		{"not JSON", "name=K", "", 400, "JSON"},
		{"signed in", hostBody("Kappa Labs", "d@host.test", nil), coord.Token, 403, "Sign out"},
	} {
		res := c.Do(http.MethodPost, "/api/ib/hosts/register", tc.token, tc.body)
		if res.Status != tc.status || !strings.Contains(res.String(), tc.want) {
			t.Errorf("%s: %d %s, want %d with %s", tc.name, res.Status, res.String(), tc.status, tc.want)
		}
	}
	// Nothing of a refused registration remains (the organization of a
	// refused supervisor included).
	if o, u := count(); o != orgs0 || u != users0 {
		t.Fatalf("refusals wrote records: organizations %d→%d, users %d→%d", orgs0, o, users0, u)
	}

	res := c.Do(http.MethodPost, "/api/ib/hosts/register", "", hostBody("Kappa Labs", "nila@host.test", map[string]any{"gstin": "27aapfu0939f1zv", "cin": "U72200KL2019PTC012345"}))
	if res.Status != 200 {
		t.Fatalf("registration: %d %s", res.Status, res.String())
	}
	body := res.JSON()
	org := body["organization"].(map[string]any)
	sup := body["supervisor"].(map[string]any)
	if org["verified"] != false || org["registered_by"] != sup["id"] || org["gstin"] != "27AAPFU0939F1ZV" || sup["organization"] != org["id"] || sup["role"] != "supervisor" {
		t.Fatalf("registration answer: %s", res.String())
	}
	if _, ok := sup["password"]; ok {
		t.Fatal("the answer shows a password")
	}

	// The new supervisor signs in and drafts a posting, which cannot open
	// until a coordinator verifies the organization.
	auth := c.Do(http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]any{"identity": "nila@host.test", "password": apptest.Password})
	if auth.Status != 200 {
		t.Fatalf("sign-in: %d %s", auth.Status, auth.String())
	}
	supToken := auth.JSON()["token"].(string)
	draft := c.Do(http.MethodPost, "/api/collections/internships/records", supToken, map[string]any{
		"organization": org["id"], "supervisor": sup["id"], "title": "Web intern", "seats": 1,
		"starts_on": apptest.Day(app, 20), "ends_on": apptest.Day(app, 80), "apply_by": apptest.Day(app, 10),
	})
	if draft.Status != 200 {
		t.Fatalf("draft: %d %s", draft.Status, draft.String())
	}
	id := draft.JSON()["id"].(string)
	open := c.Do(http.MethodPatch, "/api/collections/internships/records/"+id, supToken, map[string]any{"status": "open"})
	if open.Status != 400 || open.Code("status") != "ib_unverified" {
		t.Fatalf("opening for an unverified host: %d %s", open.Status, open.String())
	}
	// The supervisor cannot verify their own organization, nor set who
	// registered it.
	if r := c.Do(http.MethodPatch, "/api/collections/organizations/records/"+org["id"].(string), supToken, map[string]any{"verified": true}); r.Status != 400 || r.Code("verified") != "ib_forbidden_field" {
		t.Fatalf("self-verification: %d %s", r.Status, r.String())
	}
	if r := c.Do(http.MethodPatch, "/api/collections/organizations/records/"+org["id"].(string), coord.Token, map[string]any{"registered_by": coord.Record.Id}); r.Status != 400 || r.Code("registered_by") != "ib_forbidden_field" {
		t.Fatalf("registered_by by a coordinator: %d %s", r.Status, r.String())
	}
	// The coordinator's queue lists it; they verify it; it opens.
	queue := c.Do(http.MethodGet, "/api/collections/organizations/records?filter=verified%3Dfalse", coord.Token, nil)
	if ids := queue.Items(); len(ids) != 1 || ids[0] != org["id"] {
		t.Fatalf("verification queue: %s", queue.String())
	}
	if r := c.Do(http.MethodPatch, "/api/collections/organizations/records/"+org["id"].(string), coord.Token, map[string]any{"verified": true}); r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.String())
	}
	if n, _ := app.CountRecords("audit_events", dbx.HashExp{"action": "organizations.verified", "record": org["id"], "actor": coord.Record.Id,
		"from": "unverified", "to": "verified", "institution": inst.Id}); n != 1 {
		t.Fatalf("verification audit events: %d", n)
	}
	if open := c.Do(http.MethodPatch, "/api/collections/internships/records/"+id, supToken, map[string]any{"status": "open"}); open.Status != 200 {
		t.Fatalf("opening after verification: %d %s", open.Status, open.String())
	}
}

// Two registrations with one email: exactly one host is created.
func TestHostRegistrationIsOneTransaction(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	c := apptest.NewClient(t, app)
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Go(func() {
			codes[i] = c.Do(http.MethodPost, "/api/ib/hosts/register", "", hostBody("Same Host", "same@host.test", nil)).Status
		})
	}
	wg.Wait()
	ok := 0
	for _, s := range codes {
		if s == 200 {
			ok++
		} else if s != 400 {
			t.Errorf("status %d", s)
		}
	}
	n, err := app.CountRecords("organizations", dbx.HashExp{"name": "Same Host"})
	apptest.Must(t, err)
	if ok != 1 || n != 1 {
		t.Fatalf("%d registrations answered 200, %d organizations exist; want 1 and 1", ok, n)
	}
}

func TestHostRegistrationIsRateLimited(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	apptest.RateLimits(t, app, true)
	c := apptest.NewClient(t, app)
	limited := 0
	for range 12 {
		if c.Do(http.MethodPost, "/api/ib/hosts/register", "", map[string]any{}).Status == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("12 registrations in a row were never limited")
	}
}

func TestEnrolment(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	other := apptest.Institution(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	otherCoord := apptest.Coordinator(t, app, other)
	org := apptest.Organization(t, app, nil)
	sup := apptest.Supervisor(t, app, org)
	c := apptest.NewClient(t, app)
	internship := apptest.Save(t, app, "internships", map[string]any{
		"organization": org.Id, "supervisor": sup.Record.Id, "title": "Open", "seats": 3, "status": "open",
		"starts_on": apptest.Day(app, 20), "ends_on": apptest.Day(app, 80), "apply_by": apptest.Day(app, 10),
	})

	// A sign-up cannot enrol itself.
	if r := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(map[string]any{"role": "student", "institution": inst.Id, "register_no": "S-1", "semester": 3, "enrolled": true})); r.Status != 400 || r.Code("enrolled") != "ib_forbidden_field" {
		t.Fatalf("self-enrolling sign-up: %d %s", r.Status, r.String())
	}
	res := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(map[string]any{"role": "student", "institution": inst.Id, "register_no": "S-1", "semester": 3}))
	if res.Status != 200 || res.JSON()["enrolled"] != false {
		t.Fatalf("sign-up: %d %s", res.Status, res.String())
	}
	id := res.JSON()["id"].(string)
	auth := c.Do(http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]any{"identity": "new.student@example.test", "password": apptest.Password})
	student := auth.JSON()["token"].(string)

	// The coordinator is told, and sees the sign-up in the queue; the other
	// college's coordinator sees nothing.
	if n, _ := app.CountRecords("notifications", dbx.HashExp{"user": coord.Record.Id, "kind": "users.enrolment_requested", "record": id}); n != 1 {
		t.Fatalf("coordinator notices: %d", n)
	}
	q := "/api/collections/users/records?filter=" + "role%3D%22student%22%26%26enrolled%3Dfalse"
	if ids := c.Do(http.MethodGet, q, coord.Token, nil).Items(); len(ids) != 1 || ids[0] != id {
		t.Fatalf("queue: %v", ids)
	}
	if ids := c.Do(http.MethodGet, q, otherCoord.Token, nil).Items(); len(ids) != 0 {
		t.Fatalf("other college's queue: %v", ids)
	}
	// The coordinator sees the address the student gave (to tell whether
	// they are theirs); a supervisor or another student never does.
	if r := c.Do(http.MethodGet, "/api/collections/users/records/"+id, coord.Token, nil); r.JSON()["email"] != "new.student@example.test" {
		t.Fatalf("the coordinator does not see the email: %s", r.String())
	}
	peer := apptest.Student(t, app, inst)
	for _, who := range []string{peer.Token, otherCoord.Token, sup.Token} {
		if r := c.Do(http.MethodGet, "/api/collections/users/records?perPage=200", who, nil); strings.Contains(r.String(), "new.student@example.test") {
			t.Fatalf("another caller sees the email: %s", r.String())
		}
	}

	// Not enrolled: no application.
	apply := func() *apptest.Response {
		return c.Do(http.MethodPost, "/api/collections/applications/records", student, map[string]any{"internship": internship.Id, "statement": "Keen."})
	}
	if r := apply(); r.Status != 400 || r.Code("internship") != "ib_not_enrolled" {
		t.Fatalf("apply before enrolment: %d %s", r.Status, r.String())
	}
	// Only the coordinator of the student's college enrols.
	for _, tc := range []struct {
		who    string
		token  string
		status int
	}{{"the student", student, 400}, {"another college", otherCoord.Token, 404}, {"a supervisor", sup.Token, 404}} {
		if r := c.Do(http.MethodPatch, "/api/collections/users/records/"+id, tc.token, map[string]any{"enrolled": true}); r.Status != tc.status {
			t.Fatalf("%s enrols: %d %s", tc.who, r.Status, r.String())
		}
	}
	if r := c.Do(http.MethodPatch, "/api/collections/users/records/"+id, coord.Token, map[string]any{"enrolled": true}); r.Status != 200 || r.JSON()["enrolled"] != true {
		t.Fatalf("coordinator enrols: %d %s", r.Status, r.String())
	}
	if n, _ := app.CountRecords("notifications", dbx.HashExp{"user": id, "kind": "users.enrolled"}); n != 1 {
		t.Fatalf("student notices: %d", n)
	}
	if n, _ := app.CountRecords("audit_events", dbx.HashExp{"action": "users.enrolled", "record": id, "actor": coord.Record.Id,
		"from": "not_enrolled", "to": "enrolled", "institution": inst.Id}); n != 1 {
		t.Fatalf("enrolment audit events: %d", n)
	}
	// A coordinator enrols; they do not un-enrol.
	if r := c.Do(http.MethodPatch, "/api/collections/users/records/"+id, coord.Token, map[string]any{"enrolled": false}); r.Status != 400 || r.Code("enrolled") != "ib_forbidden_field" {
		t.Fatalf("un-enrol: %d %s", r.Status, r.String())
	}
	if r := apply(); r.Status != 200 {
		t.Fatalf("apply after enrolment: %d %s", r.Status, r.String())
	}
	// Enrolled (and with an application): the coordinator no longer deletes.
	if r := c.Do(http.MethodDelete, "/api/collections/users/records/"+id, coord.Token, nil); r.Status != 404 {
		t.Fatalf("delete an enrolled student: %d %s", r.Status, r.String())
	}
}

// A sign-up with a register number on the roster is told to sign in by
// email, in the same words whoever holds the number, and nothing is written.
func TestSignUpOnTheRoster(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	c := apptest.NewClient(t, app)
	enrolled := apptest.NewUser(t, app, "student", map[string]any{"institution": inst.Id, "register_no": "R-ENR", "name": "Secret Name", "email": "secret.one@example.test"})
	pending := apptest.NewUser(t, app, "student", map[string]any{"institution": inst.Id, "register_no": "R-PEN", "name": "Hidden Name", "email": "secret.two@example.test", "enrolled": false})
	var bodies []string
	for _, reg := range []string{"R-ENR", "R-PEN"} {
		r := c.Do(http.MethodPost, "/api/collections/users/records", "", signup(map[string]any{"role": "student", "institution": inst.Id, "register_no": reg, "semester": 3}))
		if r.Status != 400 || r.Code("register_no") != "ib_duplicate" {
			t.Fatalf("%s: %d %s", reg, r.Status, r.String())
		}
		for _, secret := range []string{"Secret", "Hidden", "secret.", enrolled.Record.Id, pending.Record.Id} {
			if strings.Contains(r.String(), secret) {
				t.Fatalf("the refusal reveals %q: %s", secret, r.String())
			}
		}
		bodies = append(bodies, r.String())
	}
	if bodies[0] != bodies[1] {
		t.Fatalf("the refusals differ:\n%s\n%s", bodies[0], bodies[1])
	}
	if n, _ := app.CountRecords("users", dbx.HashExp{"email": "new.student@example.test"}); n != 0 {
		t.Fatal("a refused sign-up was written")
	}
}
