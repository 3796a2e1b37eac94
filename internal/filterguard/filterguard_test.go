package filterguard_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/filterguard"
	"github.com/internbase/internbase/internal/livefeed"
)

// disableGuard unbinds the guard from app, to show what it closes; call it
// before NewClient builds the router.
func disableGuard(app core.App) {
	app.OnRealtimeSubscribeRequest().Unbind(filterguard.HookID)
	app.OnBatchRequest().Unbind(filterguard.HookID)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Unbind(filterguard.HookID)
		return se.Next()
	})
}

// leakWorld is the World plus a submitted application of S2 to X's posting:
// the supervisor of X may read neither it nor S2's profile.
func leakWorld(t *testing.T) (*apptest.World, *core.Record) {
	t.Helper()
	w := apptest.NewWorld(t)
	a := apptest.Save(t, w.App, "applications", map[string]any{
		"internship": w.Internship.Id, "student": w.S2.Id, "institution": w.InstA.Id, "organization": w.OrgX.Id,
		"status": "submitted", "statement": "Hidden from the host until endorsed.",
	})
	s2, err := w.App.FindRecordById("users", w.S2.Id)
	apptest.Must(t, err)
	s2.Set("name", "Zainab Hidden")
	apptest.Must(t, w.App.Save(s2))
	return w, a
}

func list(collection, filter, sort string) string {
	q := url.Values{}
	if filter != "" {
		q.Set("filter", filter)
	}
	if sort != "" {
		q.Set("sort", sort)
	}
	return "/api/collections/" + collection + "/records?" + q.Encode()
}

// The attack of the report: without the guard a supervisor reads the name of
// a student whose application was never endorsed, one letter at a time.
func TestTheOracleExistsWithoutTheGuard(t *testing.T) {
	t.Parallel()
	w, _ := leakWorld(t)
	disableGuard(w.App)
	c := apptest.NewClient(t, w.App)
	probe := func(prefix string) int {
		f := `id = "` + w.Internship.Id + `" && applications_via_internship.student.name !~ "` + prefix + `%"`
		res := c.Do(http.MethodGet, list("internships", f, ""), w.SupX.Token, nil)
		if res.Status != 200 {
			t.Fatalf("probe %q: %d %s", prefix, res.Status, res.String())
		}
		return len(res.Items())
	}
	// A condition with an all-of operator must hold for every application
	// of the posting, the hidden one included: "!~ Z%" fails only because
	// of the hidden student's name, "!~ Q%" holds.
	if probe("Z") != 0 || probe("Q") != 1 {
		t.Fatal("the side channel is gone without the guard: this test no longer shows what the guard closes")
	}
}

func TestGuardRefusesMultiMatchPaths(t *testing.T) {
	t.Parallel()
	w, _ := leakWorld(t)
	c := apptest.NewClient(t, w.App)
	in := w.Internship.Id
	cases := []struct {
		name, who, collection, filter, sort, field string
		status                                     int
	}{
		{"back-relation, all-of operator", w.SupX.Token, "internships", `id = "` + in + `" && applications_via_internship.student.name !~ "A%"`, "", "filter", 400},
		{"back-relation equality", w.SupX.Token, "internships", `applications_via_internship.student.name = "Zainab Hidden"`, "", "filter", 400},
		{"back-relation to users from a public collection", w.S3.Token, "institutions", `id = "` + w.InstA.Id + `" && users_via_institution.register_no !~ "R%"`, "", "filter", 400},
		{"back-relation :length", w.SupX.Token, "internships", `applications_via_internship:length > 1`, "", "filter", 400},
		{"back-relation :length with an any-of operator", w.SupX.Token, "internships", `applications_via_internship:length ?> 1`, "", "filter", 400},
		{"back-relation ids", w.SupX.Token, "internships", `applications_via_internship = "x"`, "", "filter", 400},
		{"@collection", w.SupX.Token, "internships", `@collection.users.register_no !~ "R%"`, "", "filter", 400},
		{"@collection with alias", w.SupX.Token, "internships", `@collection.users:u.phone = "1"`, "", "filter", 400},
		{"multi-valued relation walked", w.S1.Token, "internships", `required_courses.title = "x"`, "", "filter", 400},
		{"multi-valued relation :each", w.S1.Token, "internships", `eligible_institutions:each = "x"`, "", "filter", 400},
		{"inside a group", w.SupX.Token, "internships", `(status = "open" || (applications_via_internship.status = "submitted"))`, "", "filter", 400},
		{"inside a function", w.SupX.Token, "internships", `strftime('%Y', applications_via_internship.created) = "2026"`, "", "filter", 400},
		{"from the auth record", w.SupX.Token, "internships", `@request.auth.organization.internships_via_organization.applications_via_internship.status = "submitted"`, "", "filter", 400},
		{"sort by a back-relation", w.SupX.Token, "internships", "", "applications_via_internship.student.name", "sort", 400},
		{"sort by a multi-valued relation", w.S1.Token, "internships", "", "-required_courses.title", "sort", 400},
		{"view request too", w.SupX.Token, "internships/records/" + in + "?filter=applications_via_internship.status%3D%22x%22&x", "", "", "filter", 400},

		{"back-relation, any-of operator", w.SupX.Token, "internships", `applications_via_internship.student.name ?~ "Z%"`, "", "filter", 400},
		{"back-relation, any-of negation", w.SupX.Token, "internships", `applications_via_internship.status ?!= "accepted" || id != ""`, "", "filter", 400},
		{"multi-valued relation walked, any-of", w.S1.Token, "internships", `required_courses.title ?= "x"`, "", "filter", 400},
		{"single relations", w.S1.Token, "internships", `organization.name ~ "Host" && supervisor.name != ""`, "-organization.name", "", 200},
		{"own multi-valued relation ids", w.S1.Token, "internships", `eligible_institutions = "x" || required_courses:length = 0`, "", "", 400},
		{"own multi-valued relation ids, no modifier", w.S1.Token, "internships", `eligible_institutions = "x"`, "", "", 200},
		{"JSON path", w.S1.Token, "internships", `skills.0 = "go"`, "", "", 200},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			u := list(tt.collection, tt.filter, tt.sort)
			if tt.collection == "internships/records/"+in+"?filter=applications_via_internship.status%3D%22x%22&x" {
				u = "/api/collections/" + tt.collection
			}
			res := c.Do(http.MethodGet, u, tt.who, nil)
			if res.Status != tt.status {
				t.Fatalf("got %d %s, want %d", res.Status, res.String(), tt.status)
			}
			if tt.status == 400 && tt.field != "" && res.Code(tt.field) != filterguard.Code {
				t.Fatalf("code on %s: %q in %s", tt.field, res.Code(tt.field), res.String())
			}
		})
	}
}

func TestSuperusersAreNotLimited(t *testing.T) {
	t.Parallel()
	w, _ := leakWorld(t)
	c := apptest.NewClient(t, w.App)
	res := c.Do(http.MethodGet, list("internships", `applications_via_internship.student.name !~ "Q%"`, "applications_via_internship.created"), w.Admin.Token, nil)
	if res.Status != 200 || len(res.Items()) != 1 {
		t.Fatalf("superuser: %d %s", res.Status, res.String())
	}
}

func TestRealtimeOptionsAreGuarded(t *testing.T) {
	t.Parallel()
	w, _ := leakWorld(t)
	c := apptest.NewClient(t, w.App)
	subscribe := func(token string, topic string) *apptest.Response {
		id, _, detach := livefeed.Attach(w.App)
		t.Cleanup(detach)
		return c.Do(http.MethodPost, "/api/realtime", token, map[string]any{"clientId": id, "subscriptions": []string{topic}})
	}
	opts := func(filter string) string {
		return "internships/*?options=" + url.QueryEscape(`{"query":{"filter":`+quote(filter)+`}}`)
	}
	bad := opts(`applications_via_internship.student.name = "Zainab Hidden"`)
	if res := subscribe(w.SupX.Token, bad); res.Status != 400 || res.Code("filter") != filterguard.Code {
		t.Fatalf("bad subscription: %d %s", res.Status, res.String())
	}
	if res := subscribe(w.SupX.Token, opts(`status = "open"`)); res.Status != 204 {
		t.Fatalf("plain subscription: %d %s", res.Status, res.String())
	}
	if res := subscribe(w.Admin.Token, bad); res.Status != 204 {
		t.Fatalf("superuser subscription: %d %s", res.Status, res.String())
	}
}

func TestBatchSubRequestsAreGuarded(t *testing.T) {
	t.Parallel()
	w, _ := leakWorld(t)
	c := apptest.NewClient(t, w.App)
	body := map[string]any{"requests": []map[string]any{{
		"method": "PATCH",
		"url":    "/api/collections/logbook_entries/records/" + w.Entry.Id + "?filter=" + url.QueryEscape(`placement.internship.applications_via_internship.status = "submitted"`),
		"body":   map[string]any{"status": "approved"},
	}}}
	res := c.Do(http.MethodPost, "/api/batch", w.SupX.Token, body)
	if res.Status != 400 || res.Code("filter") != filterguard.Code {
		t.Fatalf("batch: %d %s", res.Status, res.String())
	}
	if e, _ := w.App.FindRecordById("logbook_entries", w.Entry.Id); e.GetString("status") != "pending" {
		t.Fatalf("the refused batch changed the entry: %s", e.GetString("status"))
	}
}

func quote(s string) string {
	b := []byte{'"'}
	for _, r := range s {
		if r == '"' || r == '\\' {
			b = append(b, '\\')
		}
		b = append(b, string(r)...)
	}
	return string(append(b, '"'))
}
