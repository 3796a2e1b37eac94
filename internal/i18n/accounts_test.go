package i18n_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/reports"
)

// latin reports whether s holds an English word of three or more letters
// (the Malayalam messages keep only names, codes and short tokens).
func latin(s string) bool {
	run := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			run++
			if run >= 3 {
				return true
			}
			continue
		}
		run = 0
	}
	return false
}

// TestRosterReportInTheCallersLanguage: the roster import's report is a
// 200 answer, yet its row messages read in the coordinator's language, in
// JSON and in the CSV to fix and upload again; a file refused whole is
// refused in their language too.
func TestRosterReportInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	mlCoord := apptest.Coordinator(t, app, inst)
	enCoord := apptest.Coordinator(t, app, inst)
	setLanguage(t, app, mlCoord, i18n.ML)
	c := apptest.NewClient(t, app)

	file := "register_no,name,email,program,semester,apaar_id,phone\n" +
		"ML-001,Anjali Menon,anjali@example.test,BSc Physics,5,,\n" +
		"ML-002,No Semester,nosem@example.test,BCom,,,\n" +
		"ML-003,Bad Mail,not-an-address,BCom,3,,\n"
	post := func(token, query, body string) *apptest.Response {
		return c.Do(http.MethodPost, "/api/ib/institutions/"+inst.Id+"/roster"+query, token, strings.NewReader(body), "Content-Type", "text/csv")
	}
	type report struct {
		Rows []struct {
			Row     int    `json:"row"`
			Result  string `json:"result"`
			Message string `json:"message"`
		} `json:"rows"`
	}
	dryRun := func(token string) report {
		t.Helper()
		res := post(token, "?dry_run=1", file)
		var rep report
		if res.Status != 200 {
			t.Fatalf("dry run: %d %s", res.Status, res)
		}
		apptest.Must(t, json.Unmarshal(res.Body, &rep))
		if len(rep.Rows) != 3 || rep.Rows[0].Result != "created" || rep.Rows[1].Result != "error" || rep.Rows[2].Result != "error" {
			t.Fatalf("dry run rows: %s", res)
		}
		return rep
	}

	ml := dryRun(mlCoord.Token)
	if got, want := ml.Rows[1].Message, "സെമസ്റ്റർ നൽകിയിട്ടില്ല."; got != want {
		t.Errorf("Malayalam bad row: %q, want %q", got, want)
	}
	if got, want := ml.Rows[2].Message, "ഇമെയിൽ വിലാസം ശരിയല്ല."; got != want {
		t.Errorf("Malayalam bad email: %q, want %q", got, want)
	}
	if got := ml.Rows[0].Message; !strings.HasPrefix(got, "അക്കൗണ്ട് സൃഷ്ടിച്ച് എൻറോൾ ചെയ്തു; anjali@example.test എന്ന വിലാസത്തിലേക്ക്") {
		t.Errorf("Malayalam created row: %q", got)
	}
	en := dryRun(enCoord.Token)
	if got := en.Rows[1].Message; got != "The semester is missing." {
		t.Errorf("English bad row: %q", got)
	}
	if got := en.Rows[0].Message; got != "Created and enrolled; the student signs in with a code mailed to anjali@example.test." {
		t.Errorf("English created row: %q", got)
	}
	if n, err := app.CountRecords("users", dbx.HashExp{"institution": inst.Id, "role": "student"}); err != nil || n != 0 {
		t.Fatalf("a dry run wrote %d students (%v)", n, err)
	}

	// The CSV report: the message column in the caller's language, the
	// columns and results as the importer reads them.
	csvReport := func(token string) [][]string {
		t.Helper()
		res := post(token, "?dry_run=1&format=csv", file)
		if res.Status != 200 {
			t.Fatalf("CSV report: %d %s", res.Status, res)
		}
		recs, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
		apptest.Must(t, err)
		if len(recs) != 4 || recs[0][8] != "message" || recs[2][7] != "error" {
			t.Fatalf("CSV report: %q", recs)
		}
		return recs
	}
	if got := csvReport(mlCoord.Token)[2][8]; got != "സെമസ്റ്റർ നൽകിയിട്ടില്ല." {
		t.Errorf("Malayalam CSV report: %q", got)
	}
	if got := csvReport(enCoord.Token)[2][8]; got != "The semester is missing." {
		t.Errorf("English CSV report: %q", got)
	}

	// Updating a student names the changed columns in Malayalam.
	if res := post(enCoord.Token, "", "register_no,name,email,semester\nML-001,Anjali Menon,anjali@example.test,5\n"); res.Status != 200 {
		t.Fatalf("import: %d %s", res.Status, res)
	}
	res := post(mlCoord.Token, "?dry_run=1", "register_no,name,email,semester,phone\nML-001,Anjali M,anjali@example.test,6,9447012345\n")
	var upd report
	apptest.Must(t, json.Unmarshal(res.Body, &upd))
	if len(upd.Rows) != 1 || upd.Rows[0].Message != "പുതുക്കിയത്: പേര്, സെമസ്റ്റർ, ഫോൺ നമ്പർ." {
		t.Errorf("Malayalam update: %s", res)
	}

	// A file refused whole is an error answer, in the caller's language.
	bad := post(mlCoord.Token, "?dry_run=1", "register_no,email,semester\nML-9,x@example.test,2\n")
	if _, field := message(t, bad, "file"); bad.Status != 400 || !strings.HasPrefix(field, "ഹെഡർ വരിയിൽ ഈ കോളങ്ങൾ ഇല്ല: പേര്;") {
		t.Errorf("Malayalam file error: %d %s", bad.Status, bad)
	}
}

// TestBatchErrorInTheCallersLanguage: a logbook entry refused inside a
// batch request reaches a Malayalam student in Malayalam at every level of
// PocketBase's batch answer — the batch's message, the failed request's,
// and that request's own error and field (the platform answers a refusal
// with its field's message) — and an English one in English.
func TestBatchErrorInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	batch := func() (*apptest.Response, map[string]any) {
		res := c.Do(http.MethodPost, "/api/batch", w.S1.Token, map[string]any{"requests": []map[string]any{{
			"method": "POST", "url": "/api/collections/logbook_entries/records",
			"body": map[string]any{"placement": w.Placement.Id, "date": apptest.Day(w.App, 1).String(), "hours": 4, "activity": "Planned the next sprint with the team."},
		}}})
		var body map[string]any
		apptest.Must(t, json.Unmarshal(res.Body, &body))
		return res, body
	}
	// dig follows keys through the nested objects of an answer.
	dig := func(v any, keys ...string) string {
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		s, _ := v.(string)
		return s
	}

	setLanguage(t, w.App, w.S1, i18n.ML)
	res, body := batch()
	top := dig(body, "message")
	failed := dig(body, "data", "requests", "0", "message")
	inner := dig(body, "data", "requests", "0", "response", "message")
	field := dig(body, "data", "requests", "0", "response", "data", "date", "message")
	if res.Status != 400 || dig(body, "data", "requests", "0", "code") != "batch_request_failed" ||
		dig(body, "data", "requests", "0", "response", "data", "date", "code") != "ib_out_of_range" {
		t.Fatalf("Malayalam batch: %d %s", res.Status, res)
	}
	if top != i18n.TranslateOr(i18n.ML, "Batch transaction failed.") || failed != i18n.TranslateOr(i18n.ML, "Batch request failed.") ||
		inner != field || !strings.Contains(field, "ഇന്നോ") {
		t.Fatalf("Malayalam batch messages: %s", res)
	}
	for _, m := range []string{top, failed, inner, field} {
		if latin(m) {
			t.Errorf("English in a Malayalam batch answer: %q", m)
		}
	}

	setLanguage(t, w.App, w.S1, i18n.EN)
	res, body = batch()
	if res.Status != 400 || dig(body, "message") != "Batch transaction failed." || dig(body, "data", "requests", "0", "message") != "Batch request failed." ||
		dig(body, "data", "requests", "0", "response", "message") != dig(body, "data", "requests", "0", "response", "data", "date", "message") ||
		!strings.HasPrefix(dig(body, "data", "requests", "0", "response", "data", "date", "message"), "You cannot log a day in the future") {
		t.Fatalf("English batch: %d %s", res.Status, res)
	}
}

// TestTooManyRequestsInTheCallersLanguage: the rate limiter's 429 (the
// migrated rules) reads in the caller's language, for a guest by their
// Accept-Language and for a signed-in user by their own.
func TestTooManyRequestsInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	apptest.RateLimits(t, w.App, true)
	c := apptest.NewClient(t, w.App)
	want := i18n.TranslateOr(i18n.ML, "Too Many Requests.")
	if want == "Too Many Requests." {
		t.Fatal("the catalog has no Malayalam 429")
	}
	limited := func(do func() *apptest.Response, times int) string {
		t.Helper()
		for range times {
			if res := do(); res.Status == http.StatusTooManyRequests {
				top, _ := message(t, res, "")
				return top
			}
		}
		t.Fatalf("%d requests in a row were never limited", times)
		return ""
	}

	// A guest registering hosts (10 a minute).
	guest := func(lang string) func() *apptest.Response {
		return func() *apptest.Response {
			return c.Do(http.MethodPost, "/api/ib/hosts/register", "", map[string]any{}, "Accept-Language", lang)
		}
	}
	if got := limited(guest("ml-IN,ml;q=0.9,en;q=0.8"), 12); got != want {
		t.Errorf("Malayalam guest's 429: %q, want %q", got, want)
	}
	if got := limited(guest("en-IN"), 2); got != "Too Many Requests." {
		t.Errorf("English guest's 429: %q", got)
	}

	// A Malayalam student asking for sign-in codes (5 a minute).
	setLanguage(t, w.App, w.S1, i18n.ML)
	otp := func() *apptest.Response {
		return c.Do(http.MethodPost, "/api/collections/users/request-otp", w.S1.Token, map[string]any{"email": "nobody@example.test"})
	}
	if got := limited(otp, 7); got != want {
		t.Errorf("Malayalam student's 429: %q, want %q", got, want)
	}
}

// TestHostRegistrationInTheCallersLanguage: a refused registration names
// the part and the field in the guest's language, the field's own message
// rendered too; English stays as it was.
func TestHostRegistrationInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	c := apptest.NewClient(t, app)
	body := map[string]any{"organization": map[string]any{"kind": "company", "district": "Ernakulam"}}
	ml := c.Do(http.MethodPost, "/api/ib/hosts/register", "", body, "Accept-Language", "ml")
	top, _ := message(t, ml, "")
	// "name" is a catalog word (the roster's column), so the field is named
	// in Malayalam too.
	if ml.Status != 400 || top != "സ്ഥാപനത്തിന്റെ വിവരങ്ങൾ പരിശോധിക്കുക: ഇത് ഒഴിച്ചിടാനാവില്ല (പേര്)." {
		t.Errorf("Malayalam guest: %d %s", ml.Status, ml)
	}
	en := c.Do(http.MethodPost, "/api/ib/hosts/register", "", body)
	if top, _ := message(t, en, ""); en.Status != 400 || top != "Check the organization details: Cannot be blank (name)." {
		t.Errorf("English guest: %d %s", en.Status, en)
	}
}

// TestCreditsReportErrorsInTheCallersLanguage: two bad parameters of the
// credits report make one answer whose message is both sentences in the
// coordinator's language; a filter the guard refuses (a middleware outside
// the routes) reads in their language too.
func TestCreditsReportErrorsInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	setLanguage(t, w.App, w.CoordA, i18n.ML)
	q := url.Values{"institution": {w.InstA.Id}, "format": {"xml"}, "to": {"30-06-2026"}}
	res := c.Do(http.MethodGet, reports.CreditsPath+"?"+q.Encode(), w.CoordA.Token, nil)
	top, field := message(t, res, "format")
	want := `"xml" എന്ന ഫോർമാറ്റ് അറിയില്ല: csv, json, nad എന്നിവയിൽ ഒന്ന് തിരഞ്ഞെടുക്കുക.`
	if res.Status != 400 || field != want || !strings.HasPrefix(top, want+" to ഒരു കലണ്ടർ തീയതിയായി") || latin(strings.NewReplacer("xml", "", "csv", "", "json", "", "nad", "", "YYYY-MM-DD", "").Replace(top)) {
		t.Errorf("Malayalam credits errors: %d %s", res.Status, res)
	}
	en := c.Do(http.MethodGet, reports.CreditsPath+"?"+q.Encode(), w.CoordB.Token, nil)
	if top, _ := message(t, en, "format"); en.Status != 400 || top != `Unknown format "xml": choose csv, json or nad. Give to as a calendar date in the form YYYY-MM-DD, e.g. 2026-06-30.` {
		t.Errorf("English credits errors: %d %s", en.Status, en)
	}

	f := url.Values{"filter": {`applications_via_internship.student.name = "Zainab"`}}
	guard := c.Do(http.MethodGet, "/api/collections/internships/records?"+f.Encode(), w.CoordA.Token, nil)
	if _, field := message(t, guard, "filter"); guard.Status != 400 || !strings.HasPrefix(field, "ഫിൽട്ടറിൽ applications_via_internship") {
		t.Errorf("Malayalam filter refusal: %d %s", guard.Status, guard)
	}
}
