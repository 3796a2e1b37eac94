package filterguard_test

// The reproduction of docs/pocketbase-filter-side-channel.md against a plain
// PocketBase app (no Internbase hooks): two members, a public "projects"
// collection and a "notes" collection whose rules let each user read only
// their own notes.

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"
)

func TestUpstreamReproduction(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// No Internbase hooks are registered on this app; its own auth
	// collection keeps the example clear of Internbase's users schema.
	users := core.NewAuthCollection("members")
	must(app.Save(users))
	projects := core.NewBaseCollection("projects")
	projects.Fields.Add(&core.TextField{Name: "name"})
	projects.ListRule = types.Pointer(`@request.auth.id != ""`)
	projects.ViewRule = projects.ListRule
	must(app.Save(projects))
	notes := core.NewBaseCollection("notes")
	notes.Fields.Add(
		&core.RelationField{Name: "project", CollectionId: projects.Id, MaxSelect: 1},
		&core.RelationField{Name: "owner", CollectionId: users.Id, MaxSelect: 1},
		&core.TextField{Name: "body"},
	)
	notes.ListRule = types.Pointer(`owner = @request.auth.id`)
	notes.ViewRule = notes.ListRule
	must(app.Save(notes))

	user := func(email string) *core.Record {
		u := core.NewRecord(users)
		u.SetEmail(email)
		u.SetPassword("1234567890")
		must(app.Save(u))
		return u
	}
	alice, bob := user("alice@example.com"), user("bob@example.com")
	project := func(name string) *core.Record {
		r := core.NewRecord(projects)
		r.Set("name", name)
		must(app.Save(r))
		return r
	}
	note := func(project, owner *core.Record, body string) {
		r := core.NewRecord(notes)
		r.Load(map[string]any{"project": project.Id, "owner": owner.Id, "body": body})
		must(app.Save(r))
	}
	p := project("Apollo")
	note(p, alice, "launch code 4711")
	note(p, bob, "buy milk")   // Bob's own note on the same project
	empty := project("Gemini") // a project without notes

	r, err := apis.NewRouter(app)
	must(err)
	mux, err := r.BuildMux()
	must(err)
	token, err := bob.NewAuthToken()
	must(err)
	i := 0
	count := func(filter string) int {
		t.Helper()
		i++
		req := httptest.NewRequest(http.MethodGet, "/api/collections/projects/records?skipTotal=1&filter="+url.QueryEscape(filter), nil)
		req.RemoteAddr = "10.9.9." + string(rune('0'+i%10)) + ":1" // a new address each time: no list throttle
		req.Header.Set("Authorization", token)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", filter, rec.Code, rec.Body)
		}
		return countItems(rec.Body.Bytes())
	}

	// Bob may not read Alice's note...
	if got := count(`id = "` + p.Id + `" && notes_via_project.body ?~ "launch"`); got != 0 {
		t.Fatalf("the any-of join shows Alice's note to Bob (%d)", got)
	}
	// ...but an all-of operator evaluates the multi-match subquery over
	// every note, hidden or not (the related rule only filters the joined
	// rows, of which Bob's own note keeps the project in the answer):
	// prefix by prefix, Bob reads Alice's note.
	leaks := count(`id = "`+p.Id+`" && notes_via_project.body !~ "launch%"`) == 0 &&
		count(`id = "`+p.Id+`" && notes_via_project.body !~ "launch code 4%"`) == 0 &&
		count(`id = "`+p.Id+`" && notes_via_project.body !~ "launch code 5%"`) == 1
	if !leaks {
		t.Fatal("PocketBase no longer leaks through all-of operators: the guard's first reason is gone (update the report)")
	}
	// And an any-of operator, although the related rule is applied, still
	// tells whether a hidden related row exists: the rule is added to the
	// WHERE of the whole query, so a project with a hidden note drops out of
	// a filter that holds for every project.
	always := `notes_via_project.body ?= "x" || id != ""`
	hidden := project("Mercury") // a project with Alice's note only
	note(hidden, alice, "secret")
	if count(`id = "`+hidden.Id+`" && (`+always+`)`) != 0 || count(`id = "`+empty.Id+`" && (`+always+`)`) != 1 {
		t.Fatal("PocketBase no longer leaks existence through any-of joins: the guard's second reason is gone (update the report)")
	}
}

func countItems(body []byte) int {
	n := 0
	for i := 0; i+5 <= len(body); i++ {
		if string(body[i:i+5]) == `"id":` {
			n++
		}
	}
	return n
}
