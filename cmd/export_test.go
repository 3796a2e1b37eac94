package cmd_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/internal/apptest"
)

const creditsHeader = "register_no,apaar_id,student_name,program,semester,internship,organization,hours,credits,marks,max_marks,grade,grade_point,certificate_number,completed_on"

// completedWorld is the world with S1's placement completed on 2026-06-15
// (written straight into the database, as the completion workflow would).
func completedWorld(t *testing.T) *apptest.World {
	t.Helper()
	w := apptest.NewWorld(t)
	_, err := w.App.DB().Update("placements", dbx.Params{"status": "completed", "approved_hours": 62, "credits_earned": 2,
		"marks": 38.5, "percent": 77, "grade": "A", "grade_point": 8, "completed_on": "2026-06-15 00:00:00.000Z"},
		dbx.HashExp{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	return w
}

func export(t *testing.T, app core.App, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return execute(cmd.NewExportCommand(app), append([]string{"credits"}, args...)...)
}

// execute runs a cobra command with args and returns what it wrote to
// stdout and stderr, and its error.
func execute(c *cobra.Command, args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&errOut)
	c.SetArgs(args)
	err = c.Execute()
	return out.String(), errOut.String(), err
}

func TestExportCreditsToFile(t *testing.T) {
	t.Parallel()
	w := completedWorld(t)
	code := w.InstA.GetString("code")
	file := filepath.Join(t.TempDir(), "credits.csv")

	stdout, stderr, err := export(t, w.App, "--institution", strings.ToLower(code), "--out", file)
	if err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	if stdout != "" {
		t.Errorf("nothing goes to stdout with --out, got %q", stdout)
	}
	if want := "exported 1 rows to " + file + "\n"; !strings.HasSuffix(stderr, want) {
		t.Errorf("stderr %q, want the line %q", stderr, want)
	}
	b, err := os.ReadFile(file)
	apptest.Must(t, err)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	apptest.Must(t, err)
	if len(recs) != 2 || strings.Join(recs[0], ",") != creditsHeader {
		t.Fatalf("file:\n%s", b)
	}
	want := []string{w.S1.GetString("register_no"), "", w.S1.GetString("name"), "BSc Computer Science", "5", "Backend intern",
		w.OrgX.GetString("name"), "62", "2", "38.5", "50", "A", "8", w.Certificate.GetString("number"), "2026-06-15"}
	if strings.Join(recs[1], "|") != strings.Join(want, "|") {
		t.Errorf("row\n got %q\nwant %q", recs[1], want)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	// Bounds that leave the placement out give an empty report (header only).
	_, _, err = export(t, w.App, "--institution", code, "--out", file, "--from", "2026-06-16")
	apptest.Must(t, err)
	if b, _ := os.ReadFile(file); strings.TrimSpace(string(b)) != creditsHeader {
		t.Errorf("bounded export:\n%s", b)
	}
}

func TestExportCreditsJSONToStdout(t *testing.T) {
	t.Parallel()
	w := completedWorld(t)
	code := w.InstA.GetString("code")
	for _, args := range [][]string{
		{"--institution", code, "--format", "json"},
		{"--institution", code, "--format", "json", "--from", "2026-06-15", "--to", "2026-06-15"},
	} {
		stdout, stderr, err := export(t, w.App, args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		var body struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		if err := json.Unmarshal([]byte(stdout), &body); err != nil || body.Total != 1 || len(body.Items) != 1 ||
			body.Items[0]["hours"] != 62.0 || body.Items[0]["completed_on"] != "2026-06-15" {
			t.Errorf("%v: stdout %s (%v)", args, stdout, err)
		}
		if stderr != "exported 1 rows to stdout\n" {
			t.Errorf("%v: stderr %q", args, stderr)
		}
	}

	// --out ending in .json picks JSON without --format.
	file := filepath.Join(t.TempDir(), "credits.json")
	_, _, err := export(t, w.App, "--institution", code, "--out", file)
	apptest.Must(t, err)
	if b, _ := os.ReadFile(file); !bytes.HasPrefix(b, []byte(`{"items":[{`)) {
		t.Errorf("JSON file: %s", b)
	}
}

func TestExportCreditsErrors(t *testing.T) {
	t.Parallel()
	w := completedWorld(t)
	code := w.InstA.GetString("code")
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown code", []string{"--institution", "NOPE"}, `no institution has the code "NOPE"`},
		{"no code", nil, "--institution"},
		{"bad format", []string{"--institution", code, "--format", "xlsx"}, "choose csv, json or nad"},
		{"bad date", []string{"--institution", code, "--from", "2026/06/01"}, "YYYY-MM-DD"},
		{"from after to", []string{"--institution", code, "--from", "2026-07-01", "--to", "2026-06-01"}, "on or after from"},
		{"missing directory", []string{"--institution", code, "--out", filepath.Join(dir, "no", "such", "dir", "x.csv")}, "create"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if !slices.Contains(args, "--out") {
				args = append(args, "--out", filepath.Join(dir, "refused.csv"))
			}
			stdout, _, err := export(t, w.App, args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if stdout != "" {
				t.Errorf("a failed export wrote %q", stdout)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "refused.csv")); !os.IsNotExist(err) {
		t.Errorf("a failed export created its file: %v", err)
	}
}

func TestExportCreditsProgress(t *testing.T) {
	t.Parallel()
	w := completedWorld(t)
	// 2,100 more completed placements of A, by bulk SQL.
	params := dbx.Params{"n": 2100, "inst": w.InstA.Id, "org": w.OrgX.Id, "internship": w.Internship.Id}
	seq := `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {:n}) `
	for _, s := range []string{
		seq + `INSERT INTO users (id, email, tokenKey, password, name, role, institution, register_no, semester)
		SELECT printf('bu%013d', i), printf('bulk%d@example.test', i), printf('tk%d', i), 'x', printf('Student %d', i), 'student',
			{:inst}, printf('BULK%06d', i), 3 FROM seq`,
		seq + `INSERT INTO applications (id, internship, student, status, institution, organization)
		SELECT printf('ba%013d', i), {:internship}, printf('bu%013d', i), 'accepted', {:inst}, {:org} FROM seq`,
		seq + `INSERT INTO placements (id, application, student, internship, organization, institution, status, completed_on)
		SELECT printf('bp%013d', i), printf('ba%013d', i), printf('bu%013d', i), {:internship}, {:org}, {:inst}, 'completed',
			'2026-05-01 00:00:00.000Z' FROM seq`,
	} {
		_, err := w.App.DB().NewQuery(s).Bind(params).Execute()
		apptest.Must(t, err)
	}
	file := filepath.Join(t.TempDir(), "big.csv")
	_, stderr, err := export(t, w.App, "--institution", w.InstA.GetString("code"), "--out", file)
	apptest.Must(t, err)
	want := fmt.Sprintf("exported 1000 rows…\nexported 2000 rows…\nexported 2101 rows to %s\n", file)
	if stderr != want {
		t.Errorf("stderr\n got %q\nwant %q", stderr, want)
	}
}

func TestExportCreditsNAD(t *testing.T) {
	t.Parallel()
	w := completedWorld(t)
	code := w.InstA.GetString("code")
	file := filepath.Join(t.TempDir(), "credits-nad.csv")
	_, stderr, err := export(t, w.App, "--institution", code, "--format", "nad", "--out", file)
	if err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	b, err := os.ReadFile(file)
	apptest.Must(t, err)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	apptest.Must(t, err)
	if len(recs) != 2 || recs[0][0] != "ORG_CODE" || len(recs[1]) != len(recs[0]) {
		t.Fatalf("NAD file:\n%s", b)
	}
	cell := map[string]string{}
	for i, col := range recs[0] {
		cell[col] = recs[1][i]
	}
	for col, want := range map[string]string{"ORG_NAME": w.InstA.GetString("name"), "REGN_NO": w.S1.GetString("register_no"),
		"CNAME": w.S1.GetString("name"), "SUB1_CREDIT": "2", "SUB1_TOT": "38.5", "SUB1_GRADE": "A", "DOR": "2026-06-15",
		"CERT_NO": w.Certificate.GetString("number"), "ORG_CODE": ""} {
		if cell[col] != want {
			t.Errorf("%s = %q, want %q", col, cell[col], want)
		}
	}
}
