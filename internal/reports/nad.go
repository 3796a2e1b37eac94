package reports

import (
	"strconv"

	"github.com/internbase/internbase/internal/csvcell"
)

// NADTemplate names the layout of format=nad: the National Academic
// Depository (DigiLocker NAD) student-data upload template for university
// marksheets, as described by "Guidelines for filling Student Data
// Template", Version 2.2 (NAD, University Marksheet; the copy read was
// https://www.scribd.com/document/585661335/Guidelines-to-fill-student-data-University-Marksheet-v2-2).
//
// No authoritative copy of the template file itself was found. The copy of
// the guidelines that was read lists the header names in order up to
// LOCKER_ID (the first 19 of NADColumns) and is cut off there. The later
// columns (from CNAME) are fields of the same NAD template family whose
// names agree across the NAD upload exporters found in public code; their
// order is ours and is not confirmed by the guidelines. Check the header
// against the template the NAD portal hands out before a first upload.
const NADTemplate = "NAD Student Data Template, University Marksheet, v2.2"

// NADColumns is the header row of format=nad, in order: the columns of
// NADTemplate that the credits report fills, and those around them that it
// leaves empty (see NADTemplate for which part of the order is confirmed).
var NADColumns = []string{
	// As listed, in this order, by the v2.2 guidelines.
	"ORG_CODE", "ORG_NAME", "ORG_NAME_L", "ORG_ADDRESS", "ORG_CITY", "ORG_STATE", "ORG_PIN",
	"ACADEMIC_COURSE_ID", "COURSE_NAME", "COURSE_NAME_L", "STREAM", "STREAM_L", "STREAM_SECOND", "STREAM_SECOND_L",
	"SESSION", "REGN_NO", "RROLL", "AADHAAR_NO", "LOCKER_ID",
	// Not visible in the copy of the guidelines read; see NADTemplate.
	"CNAME", "GENDER", "DOB", "FNAME", "MNAME", "PHOTO", "MRKS_REC_STATUS", "RESULT", "YEAR", "MONTH",
	"DIVISION", "GRADE", "PERCENT", "DOR", "DOI", "CERT_NO", "SEM", "EXAM_TYPE", "TOT_CREDIT", "ABC_ACCOUNT_ID",
	"SUB1NM", "SUB1", "SUB1MAX", "SUB1_TOT", "SUB1_GRADE", "SUB1_GRADE_POINTS", "SUB1_CREDIT", "SUB1_REMARKS",
}

// nadCell fills one NAD column from a report row and the institution's name.
type nadCell struct {
	column string
	value  func(org string, r *CreditRow) string
}

// nadMapping is what Internbase knows, by NAD column. One report row is one
// completed internship, so it is one subject (SUB1) of a marksheet; the
// totals of a marksheet (TOT_CREDIT, GRADE, PERCENT, RESULT) and every code
// that the affiliating university assigns (ORG_CODE, ACADEMIC_COURSE_ID,
// RROLL, SUB1) are left empty rather than guessed. The organization and
// hours of the report have no NAD column.
var nadMapping = []nadCell{
	{"ORG_NAME", func(org string, _ *CreditRow) string { return csvcell.Safe(org) }},
	{"COURSE_NAME", func(_ string, r *CreditRow) string { return csvcell.Safe(r.Program) }},
	{"REGN_NO", func(_ string, r *CreditRow) string { return csvcell.Safe(r.RegisterNo) }},
	{"CNAME", func(_ string, r *CreditRow) string { return csvcell.Safe(r.StudentName) }},
	{"DOR", func(_ string, r *CreditRow) string { return csvcell.Safe(r.CompletedOn) }},
	{"CERT_NO", func(_ string, r *CreditRow) string { return csvcell.Safe(r.CertificateNumber) }},
	{"SEM", func(_ string, r *CreditRow) string { return strconv.Itoa(r.Semester) }},
	{"ABC_ACCOUNT_ID", func(_ string, r *CreditRow) string { return csvcell.Safe(r.ApaarID) }},
	{"SUB1NM", func(_ string, r *CreditRow) string { return csvcell.Safe(r.Internship) }},
	{"SUB1MAX", func(_ string, r *CreditRow) string { return number(r.MaxMarks) }},
	{"SUB1_TOT", func(_ string, r *CreditRow) string { return number(r.Marks) }},
	{"SUB1_GRADE", func(_ string, r *CreditRow) string { return csvcell.Safe(r.Grade) }},
	{"SUB1_GRADE_POINTS", func(_ string, r *CreditRow) string { return number(r.GradePoint) }},
	{"SUB1_CREDIT", func(_ string, r *CreditRow) string { return number(r.Credits) }},
}

// nadIndex is the position in NADColumns of each nadMapping entry.
var nadIndex = func() []int {
	at := make(map[string]int, len(NADColumns))
	for i, c := range NADColumns {
		at[c] = i
	}
	idx := make([]int, len(nadMapping))
	for i, m := range nadMapping {
		j, ok := at[m.column]
		if !ok {
			panic("reports: NAD mapping names an unknown column " + m.column)
		}
		idx[i] = j
	}
	return idx
}()

// NADRecord is the row as the cells of NADColumns, for the institution named
// org. Text cells are neutralised against spreadsheet formula injection like
// the CSV format's; columns Internbase has no data for are empty.
func (r *CreditRow) NADRecord(org string, buf []string) []string {
	buf = buf[:0]
	for range NADColumns {
		buf = append(buf, "")
	}
	for i, m := range nadMapping {
		buf[nadIndex[i]] = m.value(org, r)
	}
	return buf
}
