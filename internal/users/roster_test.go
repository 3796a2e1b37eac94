package users_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/users"
)

const rosterHeader = "register_no,name,email,program,semester,apaar_id,phone\n"

// rosterReport is the JSON answer of the roster route.
type rosterReport struct {
	Rows []struct {
		Row        int    `json:"row"`
		RegisterNo string `json:"register_no"`
		Result     string `json:"result"`
		Message    string `json:"message"`
	} `json:"rows"`
	Created, Updated, Unchanged, Errors int
}

func postRoster(t *testing.T, c *apptest.Client, inst, token, query, body string) (*apptest.Response, rosterReport) {
	t.Helper()
	res := c.Do(http.MethodPost, "/api/ib/institutions/"+inst+"/roster"+query, token, strings.NewReader(body), "Content-Type", "text/csv")
	var rep rosterReport
	if res.Status == 200 && !strings.Contains(query, "format=csv") {
		apptest.Must(t, json.Unmarshal(res.Body, &rep))
	}
	return res, rep
}

// students returns the students of institution by register number.
func students(t *testing.T, app core.App, inst string) map[string]*core.Record {
	t.Helper()
	recs, err := app.FindAllRecords("users", dbx.HashExp{"institution": inst, "role": "student"})
	apptest.Must(t, err)
	out := map[string]*core.Record{}
	for _, r := range recs {
		out[r.GetString("register_no")] = r
	}
	return out
}

func TestRosterImport(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	other := apptest.Institution(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	otherCoord := apptest.Coordinator(t, app, other)
	outsider := apptest.NewUser(t, app, "student", map[string]any{"institution": other.Id, "email": "taken@example.test", "register_no": "B-1"})
	c := apptest.NewClient(t, app)

	file := rosterHeader +
		"MCP-001,Anjali Menon,anjali@example.test,BSc Physics,5,123456789012,+91 94470 12345\n" +
		"MCP-002,അനഘ കൃഷ്ണൻ,anagha@example.test,BA Malayalam,3,,\n" +
		"MCP-003,No Email,,BCom,3,,\n" + // missing email
		"MCP-004,Bad Semester,bad.sem@example.test,BCom,9,,\n" +
		"MCP-005,Bad Apaar,bad.apaar@example.test,BCom,2,12345,\n" +
		"MCP-006,Someone Else,taken@example.test,BCom,2,,\n" + // another account's email
		"MCP-001,Twice,twice@example.test,BCom,2,,\n" + // duplicate register number
		"MCP-007,\"=HYPERLINK(\"\"http://x\"\")\",formula@example.test,BCom,2,,\n"

	// Only the institution's coordinator (and superusers) may import.
	if res, _ := postRoster(t, c, inst.Id, otherCoord.Token, "", file); res.Status != 403 {
		t.Fatalf("another college's coordinator: %d %s", res.Status, res.String())
	}
	if res, _ := postRoster(t, c, inst.Id, outsider.Token, "", file); res.Status != 403 {
		t.Fatalf("a student: %d %s", res.Status, res.String())
	}
	if res, _ := postRoster(t, c, inst.Id, "", "", file); res.Status != 401 {
		t.Fatalf("a guest: %d %s", res.Status, res.String())
	}
	if res, _ := postRoster(t, c, "nosuchinstitut", apptest.Superuser(t, app).Token, "", file); res.Status != 404 {
		t.Fatalf("unknown institution: %d %s", res.Status, res.String())
	}

	// A dry run reports what would happen and writes nothing.
	res, dry := postRoster(t, c, inst.Id, coord.Token, "?dry_run=1", file)
	if res.Status != 200 || dry.Created != 2 || dry.Errors != 6 || dry.Updated != 0 || dry.Unchanged != 0 {
		t.Fatalf("dry run: %d %s", res.Status, res.String())
	}
	if n := len(students(t, app, inst.Id)); n != 0 {
		t.Fatalf("a dry run wrote %d students", n)
	}

	res, rep := postRoster(t, c, inst.Id, coord.Token, "", file)
	if res.Status != 200 || rep.Created != 2 || rep.Errors != 6 {
		t.Fatalf("import: %d %s", res.Status, res.String())
	}
	want := map[int]string{2: "created", 3: "created", 4: "email address is missing", 5: "semester", 6: "APAAR",
		7: "belongs to another account", 8: "also on row 2", 9: "formula"}
	for _, row := range rep.Rows {
		if w := want[row.Row]; !strings.Contains(row.Result+" "+row.Message, w) {
			t.Errorf("row %d: %s %q, want %q", row.Row, row.Result, row.Message, w)
		}
		if strings.Contains(row.Message, outsider.Record.GetString("name")) || strings.Contains(row.Message, other.Id) {
			t.Errorf("row %d names the other account: %q", row.Row, row.Message)
		}
	}
	got := students(t, app, inst.Id)
	if len(got) != 2 {
		t.Fatalf("imported %d students, want 2", len(got))
	}
	a := got["MCP-001"]
	if !a.GetBool("enrolled") || a.Email() != "anjali@example.test" || a.GetInt("semester") != 5 || a.GetString("apaar_id") != "123456789012" ||
		a.GetString("phone") != "+91 94470 12345" || a.GetString("role") != "student" {
		t.Fatalf("imported student: %v", a.PublicExport())
	}
	if a.ValidatePassword("") || a.ValidatePassword("!roster") {
		t.Fatal("an imported student has a usable password")
	}
	if got["MCP-002"].GetString("name") != "അനഘ കൃഷ്ണൻ" {
		t.Fatalf("Malayalam name: %q", got["MCP-002"].GetString("name"))
	}
	if o, _ := app.FindRecordById("users", outsider.Record.Id); o.GetString("institution") != other.Id || o.GetString("name") != outsider.Record.GetString("name") {
		t.Fatal("the import touched another institution's student")
	}

	// The same file again changes nothing.
	before := got["MCP-001"].GetString("updated")
	_, again := postRoster(t, c, inst.Id, coord.Token, "", file)
	if again.Created != 0 || again.Updated != 0 || again.Unchanged != 2 || again.Errors != 6 {
		t.Fatalf("second import: %+v", again)
	}
	if after := students(t, app, inst.Id)["MCP-001"].GetString("updated"); after != before {
		t.Fatalf("an unchanged row was written: %s → %s", before, after)
	}

	// A changed row updates that student, and says what changed.
	changed := rosterHeader + "MCP-001,Anjali Menon,anjali@example.test,BSc Physics,6,123456789012,+91 94470 12345\n"
	_, upd := postRoster(t, c, inst.Id, coord.Token, "", changed)
	if upd.Updated != 1 || !strings.Contains(upd.Rows[0].Message, "semester") {
		t.Fatalf("update: %+v", upd)
	}
	if s := students(t, app, inst.Id)["MCP-001"].GetInt("semester"); s != 6 {
		t.Fatalf("semester after update: %d", s)
	}

	// The report as CSV: the rows with result and message, formulas
	// defused; fixed and uploaded again, it imports.
	res, _ = postRoster(t, c, inst.Id, coord.Token, "?format=csv&dry_run=1", file)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV report: %d %s", res.Status, res.Header)
	}
	recs, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
	apptest.Must(t, err)
	if len(recs) != 9 || strings.Join(recs[0], ",") != "register_no,name,email,program,semester,apaar_id,phone,result,message" {
		t.Fatalf("CSV report: %q", recs)
	}
	if recs[8][1] != `'=HYPERLINK("http://x")` || recs[1][6] != "'+91 94470 12345" {
		t.Fatalf("formula cells not defused: %q %q", recs[8][1], recs[1][6])
	}
	recs[3][2] = "no.email@example.test" // fix row 4
	var fixed bytes.Buffer
	apptest.Must(t, csv.NewWriter(&fixed).WriteAll(recs))
	_, re := postRoster(t, c, inst.Id, coord.Token, "", fixed.String())
	// (MCP-001 goes back to the semester of the first file.)
	if re.Created != 1 || re.Errors != 5 || re.Unchanged != 1 || re.Updated != 1 {
		t.Fatalf("re-upload of the fixed report: %+v", re)
	}
	if s := students(t, app, inst.Id)["MCP-001"]; s.GetString("phone") != "+91 94470 12345" {
		t.Fatalf("the report's defused phone came back as %q", s.GetString("phone"))
	}
}

// Concurrent imports of one file create each student once.
func TestRosterConcurrentImports(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	c := apptest.NewClient(t, app)
	var b strings.Builder
	b.WriteString(rosterHeader)
	const n = 40
	for i := range n {
		fmt.Fprintf(&b, "C-%d,Student %d,c%d@example.test,BSc,3,,\n", i, i, i)
	}
	reps := make([]rosterReport, 4)
	var wg sync.WaitGroup
	for i := range reps {
		wg.Go(func() { _, reps[i] = postRoster(t, c, inst.Id, coord.Token, "", b.String()) })
	}
	wg.Wait()
	created := 0
	for _, rep := range reps {
		created += rep.Created
		for _, row := range rep.Rows {
			if row.Result == "error" && !strings.Contains(row.Message, "unique") && !strings.Contains(row.Message, "another account") {
				t.Errorf("row %d: %s", row.Row, row.Message)
			}
		}
	}
	if got := len(students(t, app, inst.Id)); created != n || got != n {
		t.Fatalf("%d created in the reports, %d students; want %d and %d", created, got, n, n)
	}
}

// The roster changes the address of an account nobody has used yet (a
// typing mistake in the last import), never of one its student uses.
func TestRosterKeepsTheAddressOfAnAccountInUse(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	c := apptest.NewClient(t, app)
	_, rep := postRoster(t, c, inst.Id, coord.Token, "", rosterHeader+"R-1,Anu,anu@exmaple.test,BSc,3,,\nR-2,Binu,binu@example.test,BSc,3,,\n")
	if rep.Created != 2 {
		t.Fatalf("first import: %+v", rep)
	}
	// Binu signs in by a code (their address is now verified).
	binu := students(t, app, inst.Id)["R-2"]
	binu.SetVerified(true)
	apptest.Must(t, app.Save(binu))

	_, rep = postRoster(t, c, inst.Id, coord.Token, "", rosterHeader+"R-1,Anu,anu@example.test,BSc,3,,\nR-2,Binu,coordinator.owns.this@example.test,BSc,3,,\n")
	if rep.Updated != 1 || rep.Errors != 1 || !strings.Contains(rep.Rows[1].Message, "change it themselves") {
		t.Fatalf("second import: %+v", rep)
	}
	got := students(t, app, inst.Id)
	if got["R-1"].Email() != "anu@example.test" || got["R-2"].Email() != "binu@example.test" {
		t.Fatalf("addresses: %s, %s", got["R-1"].Email(), got["R-2"].Email())
	}
	// Nor does a student who set a password through the reset flow lose it.
	anu := got["R-1"]
	anu.SetPassword("a-pass-of-their-own")
	apptest.Must(t, app.Save(anu))
	_, rep = postRoster(t, c, inst.Id, coord.Token, "", rosterHeader+"R-1,Anu,other@example.test,BSc,3,,\n")
	if rep.Errors != 1 {
		t.Fatalf("third import: %+v", rep)
	}
}

// A sign-up that is already on the roster is enrolled by the import that
// lists it, and told so.
func TestRosterEnrolsASignUp(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	c := apptest.NewClient(t, app)
	s := apptest.NewUser(t, app, "student", map[string]any{"institution": inst.Id, "register_no": "MCP-9", "email": "nine@example.test", "enrolled": false, "semester": 4})
	_, rep := postRoster(t, c, inst.Id, coord.Token, "", rosterHeader+"MCP-9,"+s.Record.GetString("name")+",nine@example.test,,4,,\n")
	if rep.Updated != 1 || !strings.Contains(rep.Rows[0].Message, "enrolled") {
		t.Fatalf("report: %+v", rep)
	}
	fresh, _ := app.FindRecordById("users", s.Record.Id)
	if !fresh.GetBool("enrolled") {
		t.Fatal("the roster did not enrol the sign-up")
	}
	n, err := app.CountRecords("notifications", dbx.HashExp{"user": s.Record.Id, "kind": "users.enrolled"})
	apptest.Must(t, err)
	if n != 1 {
		t.Fatalf("%d enrolment notices", n)
	}
	// The audit trail names the coordinator whose roster enrolled them.
	if n, _ := app.CountRecords("audit_events", dbx.HashExp{"action": "users.enrolled", "record": s.Record.Id, "actor": coord.Record.Id}); n != 1 {
		t.Fatalf("%d enrolment audit events", n)
	}
}

// Files that are not UTF-8 CSV are refused whole, with a 4xx that says why,
// and write nothing.
func TestRosterRefusesBadFiles(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	coord := apptest.Coordinator(t, app, inst)
	c := apptest.NewClient(t, app)
	row := "MCP-1,Anu,anu@example.test,BSc,3,,\n"
	for _, tc := range []struct {
		name, body, want string
		status           int
	}{
		{"empty", "", "empty", 400},
		{"no header", row, "unknown column", 400},
		{"missing column", "register_no,name,email\n" + row, "semester", 400},
		{"unknown column", "register_no,name,email,semester,dob\n", "unknown column", 400},
		{"repeated column", "register_no,name,email,semester,name\n", "twice", 400},
		{"latin-1", rosterHeader + "MCP-1,Ana\xefs,ana@example.test,BSc,3,,\n", "UTF-8", 400},
		{"binary", rosterHeader + "MCP-1,A\x00,a@example.test,BSc,3,,\n", "not a CSV", 400},
		{"bad quotes", rosterHeader + "MCP-1,\"Anu,anu@example.test,BSc,3,,\n", "not valid CSV", 400},
		{"too many cells", rosterHeader + "MCP-1,Anu,anu@example.test,BSc,3,,,extra\n", "stray comma", 400},
		{"too large", rosterHeader + strings.Repeat("x", users.MaxRosterBytes), "larger", 413},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := postRoster(t, c, inst.Id, coord.Token, "", tc.body)
			if res.Status != tc.status || !strings.Contains(res.String(), tc.want) {
				t.Fatalf("%d %s, want %d with %q", res.Status, clipped(res.String()), tc.status, tc.want)
			}
		})
	}
	// A huge cell in a well-formed file is that row's error.
	res, rep := postRoster(t, c, inst.Id, coord.Token, "", rosterHeader+"MCP-1,"+strings.Repeat("അ", 5000)+",anu@example.test,BSc,3,,\n"+row)
	if res.Status != 200 || rep.Errors != 1 || rep.Created != 1 || !strings.Contains(rep.Rows[0].Message, "longer than") {
		t.Fatalf("huge cell: %d %s", res.Status, clipped(res.String()))
	}
	// The multipart form works like the text/csv body; another content
	// type is refused.
	body, ct := apptest.Multipart(t, nil, apptest.File{Field: "file", Name: "roster.csv", Content: []byte(rosterHeader + "MCP-2,Binu,binu@example.test,BSc,3,,\n")})
	mp := c.Do(http.MethodPost, "/api/ib/institutions/"+inst.Id+"/roster", coord.Token, body, "Content-Type", ct)
	if mp.Status != 200 || !strings.Contains(mp.String(), `"created":1`) {
		t.Fatalf("multipart: %d %s", mp.Status, mp.String())
	}
	if js := c.Do(http.MethodPost, "/api/ib/institutions/"+inst.Id+"/roster", coord.Token, map[string]any{"file": "x"}); js.Status != 400 {
		t.Fatalf("JSON body: %d %s", js.Status, js.String())
	}
	if n := len(students(t, app, inst.Id)); n != 2 {
		t.Fatalf("%d students after the refusals, want 2", n)
	}
}

func clipped(s string) string {
	if len(s) > 300 {
		return s[:300] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// FuzzParseRoster: any bytes either parse into rows or are refused with a
// RosterFileError; never a panic or another error.
func FuzzParseRoster(f *testing.F) {
	f.Add([]byte(rosterHeader + "MCP-1,Anu,anu@example.test,BSc,3,,\n"))
	f.Add([]byte("\uFEFFregister_no,name,email,semester\n\"a\"\"b\",c,d,1\n"))
	f.Add([]byte("register_no,name,email,semester,result,message\n1,2,3,4,5,6\n"))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := users.ParseRoster(data)
		if err != nil {
			if _, ok := err.(*users.RosterFileError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, r := range rows {
			for k := range r.Values {
				if !strings.Contains(rosterHeader, k) {
					t.Fatalf("unknown column %q in a row", k)
				}
			}
		}
	})
}
