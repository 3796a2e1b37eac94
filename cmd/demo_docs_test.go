package cmd_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/internal/apptest"
)

// The example roster a newcomer imports into the demo's college, as the
// README says (docs/examples/roster.csv).
const exampleRoster = "../docs/examples/roster.csv"

// demoCollege is the code of the demo coordinator's college, the one the
// README tells newcomers to import the example roster into.
func demoCollege(t *testing.T) string {
	t.Helper()
	for _, a := range cmd.DemoAccounts() {
		if a.Role == "coordinator" {
			return a.BelongsTo
		}
	}
	t.Fatal("the demo prints no coordinator")
	return ""
}

// TestExampleRosterIntoTheDemo runs the README's command on the demo world:
// a dry run of docs/examples/roster.csv into the demo coordinator's college
// reports seven students to create and the one bad row (semester 9), writes
// no student, and leaves the report where --report says (not beside the
// example). The import itself then creates the seven, the Malayalam name
// intact.
func TestExampleRosterIntoTheDemo(t *testing.T) {
	t.Parallel()
	app, _ := demoApp(t)
	code := demoCollege(t)
	if code != "MCP" {
		t.Fatalf("the README names the demo college MCP; the demo coordinator belongs to %q", code)
	}
	readme, err := os.ReadFile("../README.md")
	apptest.Must(t, err)
	for _, want := range []string{
		"go run . import roster --institution " + code + " docs/examples/roster.csv --dry-run --report /tmp/roster.report.csv",
		"docs/examples/roster.csv",
	} {
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("the README does not say %q", want)
		}
	}

	students := func() int {
		return len(all(t, app, "users", "role = 'student'", nil))
	}
	before := students()
	dir := t.TempDir()
	report := filepath.Join(dir, "roster.report.csv")
	stdout, _, err := importRoster(t, app, "--institution", code, exampleRoster, "--dry-run", "--report", report)
	if err == nil || !strings.Contains(err.Error(), "1 rows have errors") {
		t.Fatalf("dry run of the example: err %v, want the one bad row", err)
	}
	for _, want := range []string{
		"8 rows checked (dry run, nothing written) for MCP: 7 created, 0 updated, 0 unchanged, 1 errors\n",
		"row 9 (MCP23CS099): The semester must be a whole number from 1 to 8.\n",
		"report: " + report + "\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, stdout)
		}
	}
	if n := students(); n != before {
		t.Fatalf("a dry run changed the students: %d before, %d after", before, n)
	}
	if _, err := os.Stat(strings.TrimSuffix(exampleRoster, ".csv") + ".report.csv"); !os.IsNotExist(err) {
		t.Errorf("a report beside the example (the checkout): %v", err)
	}
	raw, err := os.ReadFile(report)
	apptest.Must(t, err)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
	apptest.Must(t, err)
	results := map[string]int{}
	for _, r := range recs[1:] {
		results[r[len(r)-2]]++
	}
	if len(recs) != 9 || results["created"] != 7 || results["error"] != 1 {
		t.Errorf("report of the dry run: %d lines, results %v", len(recs), results)
	}

	// The import itself (rows with errors skipped).
	stdout, _, err = importRoster(t, app, "--institution", code, exampleRoster, "--report", report)
	if err == nil || !strings.Contains(stdout, "7 created, 0 updated, 0 unchanged, 1 errors") {
		t.Fatalf("import of the example: %v\n%s", err, stdout)
	}
	if n := students(); n != before+7 {
		t.Errorf("%d students after the import, want %d", n, before+7)
	}
	ananya := one(t, app, "users", "register_no = 'MCP23EN011'", nil)
	if ananya.GetString("name") != "അനന്യ കൃഷ്ണൻ" || !ananya.GetBool("enrolled") ||
		ananya.GetString("institution") != one(t, app, "institutions", "code = {:c}", map[string]any{"c": code}).Id {
		t.Errorf("the Malayalam row: name %q, enrolled %v", ananya.GetString("name"), ananya.GetBool("enrolled"))
	}
}

// TestReadmeDemoTableIsThePrintout checks that the README's table of demo
// accounts says, for every printed account, exactly what `internbase demo`
// prints it should try first (where in the portal, and what).
func TestReadmeDemoTableIsThePrintout(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	apptest.Must(t, err)
	rows := map[string]string{} // by email: the "try first" cell
	for _, line := range strings.Split(string(readme), "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) != 3 || !strings.HasPrefix(cells[0], "| `") {
			continue
		}
		email := strings.SplitN(strings.TrimPrefix(cells[0], "| `"), "`", 2)[0]
		rows[email] = strings.ReplaceAll(strings.TrimSuffix(cells[2], " |"), "`", "")
	}
	for _, a := range cmd.DemoAccounts() {
		got, ok := rows[a.Email]
		if !ok {
			t.Errorf("the README's demo table has no row for %s", a.Email)
			continue
		}
		if got != a.Try {
			t.Errorf("%s: the README says\n  %s\nthe demo prints\n  %s", a.Email, got, a.Try)
		}
	}
	for _, want := range []string{"Enrolments: enrol Diya", "Hosts to verify: verify Malabar Agritech"} {
		if !strings.Contains(rows["coordinator@demo.internbase.localhost"], want) {
			t.Errorf("the coordinator's row does not say %q", want)
		}
	}
}
