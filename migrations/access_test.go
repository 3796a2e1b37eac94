package migrations_test

// The access matrix: every collection × every caller × list, view, create,
// update, delete, under PocketBase's rule semantics (DESIGN.md §2–3, §5):
// an unsatisfied list rule filters (200, fewer items), an unsatisfied
// view/update/delete rule is 404, an unsatisfied create rule is 400, a nil
// rule is 403 for everyone but superusers. Reads run on one clone of the
// world per test; a write that is expected to succeed runs on a fresh clone,
// and a write that is expected to fail runs on the shared clone and must
// leave the record (or the collection's count) untouched.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// tc is one request of the matrix.
type tc struct {
	caller  string
	name    string
	method  string
	coll    string
	id      string // the record of a view, update or delete
	url     string
	body    string
	status  int
	want    []string
	notWant []string
	// before prepares a fresh clone (e.g. creates the record to delete).
	before func(t testing.TB, app core.App)
	// check inspects the app and the response body afterwards.
	check func(t testing.TB, app core.App, body []byte)
}

func recordsURL(coll, id, query string) string {
	u := "/api/collections/" + coll + "/records"
	if id != "" {
		u += "/" + id
	}
	if query != "" {
		u += "?" + query
	}
	return u
}

// quoted id as it appears as a record id in a response.
func idIs(id string) string { return `"id":"` + id + `"` }

// fieldErr is the error data of ib_forbidden_field on one field.
func fieldErr(field string) string { return `"` + field + `":{"code":"ib_forbidden_field"` }

const ruleFail = "Failed to create record"

func withStatusWants(status int, want []string) []string {
	switch status {
	case 400:
		return append([]string{`"status":400`}, want...)
	case 403:
		return append([]string{`"status":403`}, want...)
	case 404:
		return append([]string{`"status":404`}, want...)
	}
	return want
}

// list: GET the collection; visible are the fixture ids the caller must
// see, every other fixture id of the collection must be absent.
func (w *world) list(coll, caller, query string, visible []string) tc {
	q := "perPage=500"
	if query != "" {
		q += "&" + query
	}
	c := tc{caller: caller, name: "list " + coll + suffix(query), method: http.MethodGet, coll: coll, url: recordsURL(coll, "", q), status: 200}
	seen := map[string]bool{}
	for _, id := range visible {
		seen[id] = true
		c.want = append(c.want, idIs(id))
	}
	for _, id := range known[coll] {
		if !seen[id] {
			c.notWant = append(c.notWant, idIs(id))
		}
	}
	if len(visible) == 0 {
		c.want = append(c.want, `"items":[]`)
	}
	if !w.extra[coll] || len(visible) == 0 {
		c.want = append(c.want, `"totalItems":`+itoa(len(visible))+`,`)
	}
	return c
}

func suffix(query string) string {
	if query == "" {
		return ""
	}
	return "?" + query
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// forbiddenList is a list refused outright (nil rule).
func forbiddenList(coll, caller, query string) tc {
	q := "perPage=500"
	if query != "" {
		q += "&" + query
	}
	c := tc{caller: caller, name: "list " + coll + suffix(query), method: http.MethodGet, coll: coll, url: recordsURL(coll, "", q), status: 403}
	c.want = withStatusWants(403, nil)
	for _, id := range known[coll] {
		c.notWant = append(c.notWant, `"`+id+`"`)
	}
	return c
}

// view: GET one record; 200 with it or the given failure status without it.
// refusedFilter is a list whose filter the guard refuses with ib_filter.
func refusedFilter(coll, caller, query string) tc {
	return tc{caller: caller, name: "list " + coll + suffix(query), method: http.MethodGet, coll: coll,
		url: recordsURL(coll, "", query), status: 400, want: []string{`"code":"ib_filter"`}, notWant: []string{`"items"`}}
}

func view(coll, caller, id, query string, status int, want ...string) tc {
	c := tc{caller: caller, name: "view " + coll + "/" + id + suffix(query), method: http.MethodGet, coll: coll, id: id, url: recordsURL(coll, id, query), status: status}
	if status == 200 {
		c.want = append([]string{idIs(id)}, want...)
	} else {
		c.want = withStatusWants(status, want)
		c.notWant = []string{idIs(id)}
	}
	return c
}

// create: POST body; 200 must return a record of coll with want in it.
func create(coll, caller, name, body string, status int, want ...string) tc {
	c := tc{caller: caller, name: strings.TrimSpace("create " + coll + " " + name), method: http.MethodPost, coll: coll, url: recordsURL(coll, "", ""), body: body, status: status}
	if status == 200 {
		c.want = append([]string{`"collectionName":"` + coll + `"`}, want...)
	} else {
		c.want = withStatusWants(status, want)
	}
	return c
}

// update: PATCH body; 200 must return the record with want in it.
func update(coll, caller, id, name, body string, status int, want ...string) tc {
	c := tc{caller: caller, name: strings.TrimSpace("update " + coll + "/" + id + " " + name), method: http.MethodPatch, coll: coll, id: id, url: recordsURL(coll, id, ""), body: body, status: status}
	if status == 200 {
		c.want = append([]string{idIs(id)}, want...)
	} else {
		c.want = withStatusWants(status, want)
		c.notWant = []string{idIs(id)}
	}
	return c
}

// del: DELETE; 204 must remove the record.
func del(coll, caller, id string, status int) tc {
	c := tc{caller: caller, name: "delete " + coll + "/" + id, method: http.MethodDelete, coll: coll, id: id, url: recordsURL(coll, id, ""), status: status}
	if status != 204 {
		c.want = withStatusWants(status, nil)
	}
	return c
}

func (c tc) prepared(f func(t testing.TB, app core.App)) tc { c.before = f; return c }

func (c tc) checked(f func(t testing.TB, app core.App, body []byte)) tc { c.check = f; return c }

func (c tc) without(s ...string) tc { c.notWant = append(c.notWant, s...); return c }

// byCaller builds one case per caller (in the fixed caller order) from the
// expected status of each; every caller must be listed.
func byCaller(exp map[string]int, f func(caller string, status int) tc) []tc {
	if len(exp) != len(callers) {
		panic("byCaller: every caller needs an expectation")
	}
	var out []tc
	for _, c := range callers {
		st, ok := exp[c]
		if !ok {
			panic("byCaller: no expectation for " + c)
		}
		out = append(out, f(c, st))
	}
	return out
}

// all gives every caller status def, except those in over (pairs of caller,
// status).
func all(def int, over ...any) map[string]int {
	m := map[string]int{}
	for _, c := range callers {
		m[c] = def
	}
	for i := 0; i+1 < len(over); i += 2 {
		m[over[i].(string)] = over[i+1].(int)
	}
	return m
}

// run executes the cases: a write expected to succeed (or one that needs
// preparing) as a tests.ApiScenario on a fresh clone, everything else as a
// request to one router over a clone shared by the cases of this test.
func (w *world) run(t *testing.T, cases []tc) {
	t.Helper()
	var sh *sharedApp
	for _, c := range cases {
		c := c
		name := c.caller + " " + c.name
		if c.before != nil || (c.method != http.MethodGet && c.status/100 == 2) {
			w.scenario(c, name).Test(t)
			continue
		}
		if sh == nil {
			sh = w.shared(t)
		}
		t.Run(name, func(t *testing.T) {
			count, exists, updated := snapshot(t, sh.app, c)
			req := httptest.NewRequest(c.method, c.url, strings.NewReader(c.body))
			req.Header.Set("content-type", "application/json")
			if tok := w.tokens[c.caller]; tok != "" {
				req.Header.Set("Authorization", tok)
			}
			rec := httptest.NewRecorder()
			sh.mux.ServeHTTP(rec, req)
			body := rec.Body.Bytes()
			if rec.Code != c.status {
				t.Errorf("expected status %d, got %d: %s", c.status, rec.Code, body)
			}
			assertBody(t, body, c.want, c.notWant)
			if c.check != nil {
				c.check(t, sh.app, body)
			}
			verifyAfter(t, sh.app, c, body, count, exists, updated)
		})
	}
}

// scenario turns a case into a tests.ApiScenario on a fresh clone.
func (w *world) scenario(c tc, name string) *tests.ApiScenario {
	sc := &tests.ApiScenario{
		Name:               name,
		Method:             c.method,
		URL:                c.url,
		ExpectedStatus:     c.status,
		ExpectedContent:    c.want,
		NotExpectedContent: c.notWant,
		TestAppFactory:     w.factory(),
	}
	if c.body != "" {
		sc.Body = strings.NewReader(c.body)
	}
	if tok := w.tokens[c.caller]; tok != "" {
		sc.Headers = map[string]string{"Authorization": tok}
	}
	var count int
	var exists bool
	var updated string
	sc.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		if c.before != nil {
			c.before(t, app)
		}
		count, exists, updated = snapshot(t, app, c)
	}
	sc.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
		body, _ := io.ReadAll(res.Body)
		if c.check != nil {
			c.check(t, app, body)
		}
		verifyAfter(t, app, c, body, count, exists, updated)
	}
	return sc
}

type sharedApp struct {
	app *tests.TestApp
	mux http.Handler
}

// shared returns one clone of the world with its router built once (the
// router of a PocketBase app can be built only once per app).
func (w *world) shared(t *testing.T) *sharedApp {
	t.Helper()
	app := w.clone(t)
	t.Cleanup(app.Cleanup)
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	se := new(core.ServeEvent)
	se.App = app
	se.Router = router
	var mux http.Handler
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	return &sharedApp{app: app, mux: mux}
}

// assertBody checks the compacted JSON (or raw) body like tests.ApiScenario.
func assertBody(t testing.TB, body []byte, want, notWant []string) {
	t.Helper()
	if len(want) == 0 && len(notWant) == 0 {
		if len(body) != 0 {
			t.Errorf("expected an empty body, got %s", body)
		}
		return
	}
	s := string(body)
	var buf bytes.Buffer
	if json.Compact(&buf, body) == nil {
		s = buf.String()
	}
	for _, x := range want {
		if !strings.Contains(s, x) {
			t.Errorf("cannot find %s in the body\n%s", x, s)
		}
	}
	for _, x := range notWant {
		if strings.Contains(s, x) {
			t.Errorf("did not expect %s in the body\n%s", x, s)
		}
	}
}

// snapshot records what a refused write must leave as it was.
func snapshot(t testing.TB, app core.App, c tc) (count int, exists bool, updated string) {
	if c.method == http.MethodGet {
		return
	}
	count = countRecords(t, app, c.coll)
	if c.id != "" {
		if r, err := app.FindRecordById(c.coll, c.id); err == nil {
			exists, updated = true, r.GetString("updated")
		}
	}
	return
}

// verifyAfter checks the data after a write: a created record exists, a
// deleted one is gone, a refused write changed nothing.
func verifyAfter(t testing.TB, app core.App, c tc, body []byte, count int, exists bool, updated string) {
	t.Helper()
	if c.method == http.MethodGet {
		return
	}
	ok := c.status/100 == 2
	switch {
	case c.method == http.MethodPost && ok:
		var rec struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(body, &rec)
		if _, err := app.FindRecordById(c.coll, rec.ID); err != nil {
			t.Errorf("created %s %q not found: %v", c.coll, rec.ID, err)
		}
	case c.method == http.MethodPost:
		if n := countRecords(t, app, c.coll); n != count {
			t.Errorf("refused create changed %s: %d records, was %d", c.coll, n, count)
		}
	case c.method == http.MethodDelete && ok:
		if _, err := app.FindRecordById(c.coll, c.id); err == nil {
			t.Errorf("deleted %s %s still exists", c.coll, c.id)
		}
	case ok: // update
	default: // refused update or delete
		r, err := app.FindRecordById(c.coll, c.id)
		if exists != (err == nil) {
			t.Errorf("refused %s changed the existence of %s %s", c.method, c.coll, c.id)
		} else if err == nil && r.GetString("updated") != updated {
			t.Errorf("refused %s changed %s %s", c.method, c.coll, c.id)
		}
	}
}

func countRecords(t testing.TB, app core.App, coll string) int {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(coll)
	if err != nil {
		t.Fatalf("collection %s: %v", coll, err)
	}
	var n int
	if err := app.RecordQuery(col).Select("count(*)").Row(&n); err != nil {
		t.Fatalf("count %s: %v", coll, err)
	}
	return n
}

// ---------------------------------------------------------------------------
// Reads: who sees which record, for list and view alike (every collection's
// view rule equals its list rule).

var staff = []string{idMentorA, idMentorB, idCoordA, idCoordB, idSupX, idSupY}

func with(ids []string, more ...string) []string {
	return append(append([]string{}, ids...), more...)
}

// visibility[collection][caller] are the fixture records the caller reads.
var visibility = map[string]map[string][]string{
	"regulations":  everyone(known["regulations"], true),
	"institutions": everyone(known["institutions"], true),
	// Any signed-in user reads organizations.
	"organizations": everyone(known["organizations"], false),
	// Self; staff for everyone signed in; a student for the coordinators of
	// their institution, the mentors of their placements and the
	// supervisors who can see one of their applications.
	"users": {
		anon:    nil,
		s1:      with(staff, idS1),
		s2:      with(staff, idS2),
		s3:      with(staff, idS3),
		mentorA: with(staff, idS1),
		mentorB: with(staff, idS3),
		coordA:  with(staff, idS1, idS2),
		coordB:  with(staff, idS3),
		supX:    with(staff, idS1), // not S2: her application is not endorsed
		supY:    with(staff, idS3),
		admin:   known["users"],
	},
	// Published courses of the caller's institution or global ones;
	// supervisors every published course; staff every course of theirs.
	"courses": {
		anon:    nil,
		s1:      {idCoursePubA, idCourseGlobal},
		s2:      {idCoursePubA, idCourseGlobal},
		s3:      {idCoursePubB, idCourseGlobal},
		mentorA: {idCoursePubA, idCourseDraftA, idCourseGlobal},
		mentorB: {idCoursePubB, idCourseGlobal},
		coordA:  {idCoursePubA, idCourseDraftA, idCourseGlobal},
		coordB:  {idCoursePubB, idCourseGlobal},
		supX:    {idCoursePubA, idCoursePubB, idCourseGlobal},
		supY:    {idCoursePubA, idCoursePubB, idCourseGlobal},
		admin:   known["courses"],
	},
	"lessons": {
		anon:    nil,
		s1:      {idLessonPubA},
		s2:      {idLessonPubA},
		s3:      {idLessonPubB},
		mentorA: {idLessonPubA, idLessonDraftA},
		mentorB: {idLessonPubB},
		coordA:  {idLessonPubA, idLessonDraftA},
		coordB:  {idLessonPubB},
		supX:    {idLessonPubA, idLessonPubB},
		supY:    {idLessonPubA, idLessonPubB},
		admin:   known["lessons"],
	},
	"lesson_completions": only(map[string][]string{s1: {idLCS1}, coordA: {idLCS1}, admin: known["lesson_completions"]}),
	"course_completions": only(map[string][]string{s1: {idCCS1}, coordA: {idCCS1}, admin: known["course_completions"]}),
	// Everyone signed in sees postings that are not drafts; drafts only
	// their organization.
	"internships": {
		anon:    nil,
		s1:      {idIntOpenX, idIntOpenY},
		s2:      {idIntOpenX, idIntOpenY},
		s3:      {idIntOpenX, idIntOpenY},
		mentorA: {idIntOpenX, idIntOpenY},
		mentorB: {idIntOpenX, idIntOpenY},
		coordA:  {idIntOpenX, idIntOpenY},
		coordB:  {idIntOpenX, idIntOpenY},
		supX:    {idIntOpenX, idIntDraftX, idIntOpenY},
		supY:    {idIntOpenX, idIntOpenY},
		admin:   known["internships"],
	},
	// The student; coordinators of the student's institution; supervisors
	// of the organization once endorsed. Mentors never.
	"applications": only(map[string][]string{
		s1: {idAppS1}, s2: {idAppS2}, s3: {idAppS3},
		coordA: {idAppS1, idAppS2}, coordB: {idAppS3},
		supX: {idAppS1}, supY: {idAppS3},
		admin: known["applications"],
	}),
	"placements": only(map[string][]string{
		s1: {idPlacS1}, s3: {idPlacS3},
		mentorA: {idPlacS1}, mentorB: {idPlacS3},
		coordA: {idPlacS1}, coordB: {idPlacS3},
		supX: {idPlacS1}, supY: {idPlacS3},
		admin: known["placements"],
	}),
	"logbook_entries": only(map[string][]string{
		s1: {idLogS1a, idLogS1b}, s3: {idLogS3},
		mentorA: {idLogS1a, idLogS1b}, mentorB: {idLogS3},
		coordA: {idLogS1a, idLogS1b}, coordB: {idLogS3},
		supX: {idLogS1a, idLogS1b}, supY: {idLogS3},
		admin: known["logbook_entries"],
	}),
	// Tasks of postings that are not drafts, for everyone signed in; the
	// draft's tasks for its organization.
	"tasks": {
		anon:    nil,
		s1:      {idTaskX, idTaskFinalX},
		s2:      {idTaskX, idTaskFinalX},
		s3:      {idTaskX, idTaskFinalX},
		mentorA: {idTaskX, idTaskFinalX},
		mentorB: {idTaskX, idTaskFinalX},
		coordA:  {idTaskX, idTaskFinalX},
		coordB:  {idTaskX, idTaskFinalX},
		supX:    {idTaskX, idTaskFinalX, idTaskDraftX},
		supY:    {idTaskX, idTaskFinalX},
		admin:   known["tasks"],
	},
	"submissions": only(map[string][]string{
		s1: {idSubS1}, mentorA: {idSubS1}, coordA: {idSubS1}, supX: {idSubS1}, admin: known["submissions"],
	}),
	// The placement is ongoing: its student does not see the evaluations yet.
	"evaluations": only(map[string][]string{
		mentorA: known["evaluations"], coordA: known["evaluations"], supX: known["evaluations"], admin: known["evaluations"],
	}),
	"certificates": only(map[string][]string{
		s1: {idCertS1}, mentorA: {idCertS1}, coordA: {idCertS1}, supX: {idCertS1}, admin: known["certificates"],
	}),
	"notifications": only(map[string][]string{s1: {idNotifS1}, s2: {idNotifS2}, admin: known["notifications"]}),
	"audit_events":  only(map[string][]string{coordA: {idAuditA}, coordB: {idAuditB}, admin: known["audit_events"]}),
}

// superuserOnly collections have nil rules: everyone else gets 403.
var superuserOnly = map[string]bool{"signing_keys": true}

func everyone(ids []string, guests bool) map[string][]string {
	m := map[string][]string{}
	for _, c := range callers {
		if c != anon || guests {
			m[c] = ids
		}
	}
	return m
}

func only(m map[string][]string) map[string][]string {
	out := map[string][]string{}
	for _, c := range callers {
		out[c] = m[c]
	}
	return out
}

// TestAccessRead lists every collection and views every fixture record as
// every caller.
func TestAccessRead(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	for coll := range known {
		if visibility[coll] == nil && !superuserOnly[coll] {
			t.Fatalf("no visibility table for %s", coll)
		}
	}
	for _, coll := range collectionOrder {
		t.Run(coll, func(t *testing.T) {
			t.Parallel() // every collection's cases on clones of their own
			var cases []tc
			for _, caller := range callers {
				if superuserOnly[coll] && caller != admin {
					cases = append(cases, forbiddenList(coll, caller, ""))
					for _, id := range known[coll] {
						cases = append(cases, view(coll, caller, id, "", 403))
					}
					continue
				}
				visible := known[coll]
				if !superuserOnly[coll] {
					visible = visibility[coll][caller]
				}
				cases = append(cases, w.list(coll, caller, "", visible))
				sees := map[string]bool{}
				for _, id := range visible {
					sees[id] = true
				}
				for _, id := range known[coll] {
					if sees[id] {
						cases = append(cases, view(coll, caller, id, "", 200))
					} else {
						cases = append(cases, view(coll, caller, id, "", 404))
					}
				}
			}
			w.run(t, cases)
		})
	}
}

var collectionOrder = []string{
	"regulations", "institutions", "organizations", "users", "courses", "lessons", "lesson_completions",
	"course_completions", "internships", "applications", "placements", "logbook_entries", "tasks", "submissions",
	"evaluations", "certificates", "signing_keys", "notifications", "audit_events",
}
