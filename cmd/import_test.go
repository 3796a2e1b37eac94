package cmd_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/internal/apptest"
)

func importRoster(t *testing.T, app core.App, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return execute(cmd.NewImportCommand(app), append([]string{"roster"}, args...)...)
}

func TestImportRoster(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	inst := apptest.Institution(t, app, nil)
	code := inst.GetString("code")
	dir := t.TempDir()
	file := filepath.Join(dir, "roster.csv")
	apptest.Must(t, os.WriteFile(file, []byte("register_no,name,email,semester\n"+
		"R-1,Anu,anu@example.test,3\nR-2,Binu,binu@example.test,4\nR-3,No Semester,c@example.test,\n"), 0o600))
	countStudents := func() int64 {
		n, err := app.CountRecords("users", dbx.HashExp{"institution": inst.Id, "role": "student", "enrolled": true})
		apptest.Must(t, err)
		return n
	}

	// A dry run: the report and the progress bar, no students.
	stdout, stderr, err := importRoster(t, app, "--institution", strings.ToLower(code), "--dry-run", file)
	if err == nil || !strings.Contains(err.Error(), "1 rows have errors") {
		t.Fatalf("dry run with a bad row: err %v", err)
	}
	if !strings.Contains(stdout, "2 created, 0 updated, 0 unchanged, 1 errors") || !strings.Contains(stdout, "row 4 (R-3): The semester is missing.") {
		t.Fatalf("dry run stdout: %q", stdout)
	}
	if !strings.Contains(stderr, "3/3") {
		t.Fatalf("no progress on stderr: %q", stderr)
	}
	if n := countStudents(); n != 0 {
		t.Fatalf("a dry run wrote %d students", n)
	}

	// The report is a CSV to fix and import again.
	report := filepath.Join(dir, "roster.report.csv")
	raw, err := os.ReadFile(report)
	apptest.Must(t, err)
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	apptest.Must(t, err)
	if len(recs) != 4 || recs[3][8] != "The semester is missing." {
		t.Fatalf("report: %q", recs)
	}
	recs[3][4] = "2"
	var fixed bytes.Buffer
	apptest.Must(t, csv.NewWriter(&fixed).WriteAll(recs))
	apptest.Must(t, os.WriteFile(report, fixed.Bytes(), 0o600))

	stdout, _, err = importRoster(t, app, "--institution", code, "--report", filepath.Join(dir, "out.csv"), report)
	if err != nil || !strings.Contains(stdout, "3 created") {
		t.Fatalf("import of the fixed report: %v %q", err, stdout)
	}
	if n := countStudents(); n != 3 {
		t.Fatalf("%d students after the import", n)
	}
	// Twice: nothing changes.
	stdout, _, err = importRoster(t, app, "--institution", code, "--report", filepath.Join(dir, "out.csv"), report)
	if err != nil || !strings.Contains(stdout, "0 created, 0 updated, 3 unchanged, 0 errors") {
		t.Fatalf("second import: %v %q", err, stdout)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{file}, "--institution"},
		{[]string{"--institution", "NOPE", file}, `no institution has the code "NOPE"`},
		{[]string{"--institution", code, filepath.Join(dir, "missing.csv")}, "read the roster"},
	} {
		if _, _, err := importRoster(t, app, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err %v, want %q", tc.args, err, tc.want)
		}
	}
	bad := filepath.Join(dir, "bad.csv")
	apptest.Must(t, os.WriteFile(bad, []byte("regno,name\n"), 0o600))
	if _, _, err := importRoster(t, app, "--institution", code, bad); err == nil || !strings.Contains(err.Error(), "unknown column") {
		t.Errorf("bad header: %v", err)
	}
}
