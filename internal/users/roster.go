package users

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/csvcell"
)

// The roster of a college (DESIGN.md §11): a CSV of its students, one row
// each, that creates or updates the student of that register number.

// RosterColumns are the columns of a roster, in the order a report writes
// them. register_no, name, email and semester are required.
var RosterColumns = []string{"register_no", "name", "email", "program", "semester", "apaar_id", "phone"}

// reportColumns are the columns a report adds; a roster may carry them (a
// report fixed and uploaded again) and they are ignored.
var reportColumns = []string{"result", "message"}

var requiredColumns = []string{"register_no", "name", "email", "semester"}

// Limits of a roster file.
const (
	// MaxRosterBytes is the largest roster accepted (about 100,000 rows).
	MaxRosterBytes = 16 << 20
	// MaxRosterRows is the most students one file may hold.
	MaxRosterRows = 50000
	// maxCell is the longest value of any cell.
	maxCell = 300
)

// Results of a roster row.
const (
	RowCreated   = "created"
	RowUpdated   = "updated"
	RowUnchanged = "unchanged"
	RowError     = "error"
)

// RosterRow is one student of a roster file; Line is its row number in the
// file (the header is row 1).
type RosterRow struct {
	Line   int
	Values map[string]string // by column name, trimmed
}

// RowReport is what the import did with one row.
type RowReport struct {
	Row        int    `json:"row"`
	RegisterNo string `json:"register_no"`
	Result     string `json:"result"`
	Message    string `json:"message"`
}

// RosterReport is the answer of an import: one entry per row, and totals.
type RosterReport struct {
	Rows      []RowReport `json:"rows"`
	Created   int         `json:"created"`
	Updated   int         `json:"updated"`
	Unchanged int         `json:"unchanged"`
	Errors    int         `json:"errors"`
}

// RosterFileError is a roster refused whole: not UTF-8, not CSV, no header,
// a missing or unknown column, too many rows. Its message says what to fix.
type RosterFileError struct{ Message string }

func (e *RosterFileError) Error() string { return e.Message }

func fileError(format string, args ...any) error {
	return &RosterFileError{Message: fmt.Sprintf(format, args...)}
}

// ParseRoster reads a roster CSV (UTF-8, an optional byte-order mark, a
// header row naming the columns in any order). A file that is not valid
// UTF-8 CSV is refused whole with a *RosterFileError; a bad value in a row is
// left for the import to report on that row.
func ParseRoster(data []byte) ([]RosterRow, error) {
	if len(data) > MaxRosterBytes {
		return nil, fileError("The file is larger than %d MB; split it into smaller files.", MaxRosterBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return nil, fileError("The file is not UTF-8 text; save it as \"CSV UTF-8\" and upload it again.")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fileError("The file is not a CSV text file; save it as \"CSV UTF-8\" and upload it again.")
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if errors.Is(err, io.EOF) {
		return nil, fileError("The file is empty; it needs a header row (%s) and one row per student.", strings.Join(RosterColumns, ","))
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols, err := rosterHeader(header)
	if err != nil {
		return nil, err
	}
	var rows []RosterRow
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := rd.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rows) == MaxRosterRows {
			return nil, fileError("The file has more than %d students; split it into smaller files.", MaxRosterRows)
		}
		if len(rec) > len(cols) {
			return nil, fileError("Row %d has %d cells but the header names %d columns; check for a stray comma.", line, len(rec), len(cols))
		}
		row := RosterRow{Line: line, Values: make(map[string]string, len(RosterColumns))}
		for i, v := range rec {
			if cols[i] != "" {
				row.Values[cols[i]] = csvcell.Unsafe(strings.TrimSpace(v))
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// csvError words a CSV syntax error for a person.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fileError("The file is not valid CSV: row %d, column %d: %v. Save it as \"CSV UTF-8\" and upload it again.", pe.Line, pe.Column, pe.Err)
	}
	return fileError("The file could not be read as CSV: %v.", err)
}

// rosterHeader maps each header cell to its column ("" for a report column
// that is ignored), refusing unknown, repeated and missing columns.
func rosterHeader(header []string) ([]string, error) {
	cols := make([]string, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case slices.Contains(reportColumns, name):
		case !slices.Contains(RosterColumns, name):
			return nil, fileError("The header has an unknown column %q; the columns are %s.", clip(h, 40), strings.Join(RosterColumns, ", "))
		case slices.Contains(cols, name):
			return nil, fileError("The header names the column %q twice.", name)
		default:
			cols[i] = name
		}
	}
	var missing []string
	for _, c := range requiredColumns {
		if !slices.Contains(cols, c) {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fileError("The header row lacks the column(s) %s; the first row must name the columns (%s).", strings.Join(missing, ", "), strings.Join(RosterColumns, ","))
	}
	return cols, nil
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

var (
	apaarFormat = regexp.MustCompile(`^[0-9]{12}$`)
	phoneFormat = regexp.MustCompile(`^\+?[0-9][0-9 -]{5,18}$`)
)

// student is a roster row checked and typed.
type student struct {
	registerNo, name, email, program, apaarID, phone string
	semester                                         int
}

// checkRow returns the row as a student, or why it cannot be imported.
func checkRow(row RosterRow) (student, string) {
	v := row.Values
	s := student{
		registerNo: v["register_no"], name: v["name"], email: strings.ToLower(v["email"]),
		program: v["program"], apaarID: v["apaar_id"], phone: v["phone"],
	}
	for _, c := range requiredColumns {
		if v[c] == "" {
			return s, fmt.Sprintf("The %s is missing.", label(c))
		}
	}
	for _, c := range RosterColumns {
		if utf8.RuneCountInString(v[c]) > maxCell {
			return s, fmt.Sprintf("The %s is longer than %d characters.", label(c), maxCell)
		}
		if strings.IndexFunc(v[c], unicode.IsControl) >= 0 {
			return s, fmt.Sprintf("The %s holds a control character.", label(c))
		}
	}
	// A cell that a spreadsheet would run as a formula is refused: it
	// would run on the desk of whoever opens a report with it later.
	for _, c := range []string{"register_no", "name", "program"} {
		if v[c] != "" && strings.ContainsRune("=+-@", rune(v[c][0])) {
			return s, fmt.Sprintf("The %s starts with %s; remove it (a spreadsheet would run it as a formula).", label(c), v[c][:1])
		}
	}
	if len(s.registerNo) > 50 {
		return s, "The register number is longer than 50 characters."
	}
	if err := is.EmailFormat.Validate(s.email); err != nil {
		return s, "The email address is not valid."
	}
	sem, err := strconv.Atoi(v["semester"])
	if err != nil || sem < 1 || sem > 8 {
		return s, "The semester must be a whole number from 1 to 8."
	}
	s.semester = sem
	if s.apaarID != "" && !apaarFormat.MatchString(s.apaarID) {
		return s, "The APAAR id must be 12 digits."
	}
	if s.phone != "" && !phoneFormat.MatchString(s.phone) {
		return s, "The phone number must be digits, spaces or hyphens, with an optional leading +."
	}
	return s, ""
}

// label names a roster column for a person.
func label(column string) string {
	switch column {
	case "register_no":
		return "register number"
	case "email":
		return "email address"
	case "apaar_id":
		return "APAAR id"
	}
	return column
}

// unusablePassword is the password hash of an imported student: no
// password matches it (it is no bcrypt hash), so they sign in by a one-time
// code mailed to them, or set a password through the reset flow.
const unusablePassword = "!roster"

// RosterImport says where a roster goes and how.
type RosterImport struct {
	// Institution is the id of the institution whose roster it is.
	Institution string
	// Actor is who imports it (nil for the server, e.g. the command): the
	// audit trail attributes the enrolments to them.
	Actor *core.Record
	// DryRun writes nothing and reports what an import would do.
	DryRun bool
	// Progress, when set, is told after each row.
	Progress func(done, total int)
}

// ImportRoster creates or updates the students of rows in imp.Institution,
// each row all or nothing in its own transaction, and reports what happened
// to each. It never reads or writes a user of another institution beyond
// refusing an email address that is already someone else's.
func ImportRoster(app core.App, imp RosterImport, rows []RosterRow) (*RosterReport, error) {
	col, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return nil, fmt.Errorf("users collection: %w", err)
	}
	rep := &RosterReport{Rows: make([]RowReport, 0, len(rows))}
	seenReg := map[string]int{}
	seenEmail := map[string]int{}
	for i, row := range rows {
		res := importRow(app, col, imp, row, seenReg, seenEmail)
		switch res.Result {
		case RowCreated:
			rep.Created++
		case RowUpdated:
			rep.Updated++
		case RowUnchanged:
			rep.Unchanged++
		default:
			rep.Errors++
		}
		rep.Rows = append(rep.Rows, res)
		if imp.Progress != nil {
			imp.Progress(i+1, len(rows))
		}
	}
	return rep, nil
}

// importRow checks one row and, unless dryRun, writes it: the student is
// read, compared and saved in one transaction, so a concurrent change of
// the same student is never overwritten by a stale copy.
func importRow(app core.App, col *core.Collection, imp RosterImport, row RosterRow, seenReg, seenEmail map[string]int) RowReport {
	s, problem := checkRow(row)
	rep := RowReport{Row: row.Line, RegisterNo: s.registerNo}
	if problem == "" {
		problem = duplicateIn(s, row.Line, seenReg, seenEmail)
	}
	if problem != "" {
		rep.Result, rep.Message = RowError, problem
		return rep
	}
	if imp.DryRun {
		rep.Result, rep.Message = applyRow(app, col, imp, s, validateOnly)
		return rep
	}
	// A first look outside any transaction settles the unchanged rows and
	// most errors cheaply; the rest are read again and saved in one.
	if rep.Result, rep.Message = applyRow(app, col, imp, s, compareOnly); rep.Result != RowCreated && rep.Result != RowUpdated {
		return rep
	}
	err := app.RunInTransaction(func(tx core.App) error {
		rep.Result, rep.Message = applyRow(tx, col, imp, s, save)
		if rep.Result == RowError {
			return errRowRefused // roll back whatever the save began
		}
		return nil
	})
	if err != nil && !errors.Is(err, errRowRefused) {
		rep.Result, rep.Message = RowError, validationMessage(app, err)
	}
	return rep
}

// errRowRefused rolls back the transaction of a refused row.
var errRowRefused = errors.New("roster row refused")

// duplicateIn says why a row repeats an earlier row's register number or
// email address ("" when it does not), and remembers this row's.
func duplicateIn(s student, line int, seenReg, seenEmail map[string]int) string {
	if first, dup := seenReg[s.registerNo]; dup {
		return fmt.Sprintf("The register number %s is also on row %d; keep one row per student.", s.registerNo, first)
	}
	seenReg[s.registerNo] = line
	if first, dup := seenEmail[s.email]; dup {
		return fmt.Sprintf("The email address is also on row %d; every student needs their own.", first)
	}
	seenEmail[s.email] = line
	return ""
}

// rowMode is how far applyRow goes.
type rowMode int

const (
	compareOnly  rowMode = iota // read and compare: the result, nothing checked or written
	validateOnly                // and validate the record (a dry run)
	save                        // and save it (pass a transaction's app)
)

// applyRow creates or updates the student of s in imp.Institution with app,
// as far as mode says, and returns the row's result and message.
func applyRow(app core.App, col *core.Collection, imp RosterImport, s student, mode rowMode) (result, message string) {
	r := &core.Record{}
	// "register_no != ''" spelled as the unique index's own condition lets
	// SQLite use that (partial) index: one probe per row, however large
	// the college.
	err := app.RecordQuery(col).
		AndWhere(dbx.HashExp{"institution": imp.Institution, "register_no": s.registerNo, "role": access.RoleStudent}).
		AndWhere(dbx.NewExp("register_no != ''")).
		Limit(1).One(r)
	created := errors.Is(err, sql.ErrNoRows)
	switch {
	case created:
		r = core.NewRecord(col)
		r.Set("role", access.RoleStudent)
		r.Set("institution", imp.Institution)
		r.Set("register_no", s.registerNo)
		r.SetRaw("password", &core.PasswordFieldValue{Hash: unusablePassword})
	case err != nil:
		return RowError, validationMessage(app, err)
	}
	if !strings.EqualFold(r.Email(), s.email) {
		// An account its student has used (signed in by a code, or given
		// a password) keeps its address: only the student changes it, so a
		// roster cannot hand someone's account to another mailbox.
		if !created && inUse(r) {
			return RowError, "This student already uses their account with another email address; they change it themselves in their profile."
		}
		// The address must not be another account's (the message names
		// none).
		taken, err := emailTaken(app, s.email, r.Id)
		if err != nil {
			return RowError, validationMessage(app, err)
		}
		if taken {
			return RowError, "This email address belongs to another account; use the student's own address."
		}
		r.SetEmail(s.email)
	}
	r.Set("name", s.name)
	r.Set("program", s.program)
	r.Set("semester", s.semester)
	r.Set("apaar_id", s.apaarID)
	r.Set("phone", s.phone)
	r.Set("enrolled", true)

	changed := changedNames(r)
	switch {
	case created:
		result, message = RowCreated, fmt.Sprintf("Created and enrolled; the student signs in with a code mailed to %s.", s.email)
	case len(changed) == 0:
		return RowUnchanged, "Already on the roster as given."
	default:
		result, message = RowUpdated, fmt.Sprintf("Updated: %s.", strings.Join(changed, ", "))
	}
	var werr error
	switch mode {
	case validateOnly:
		werr = app.Validate(r)
	case save:
		access.SetActor(r, imp.Actor)
		werr = app.Save(r)
	}
	if werr != nil {
		return RowError, validationMessage(app, werr)
	}
	return result, message
}

// inUse reports whether a student has used their account: their address is
// verified (a one-time code or the verification mail) or they have a
// password of their own.
func inUse(r *core.Record) bool {
	return r.Verified() || r.GetString("password:hash") != unusablePassword
}

// rosterFields are the fields a roster row sets.
var rosterFields = []string{"email", "name", "program", "semester", "apaar_id", "phone", "enrolled"}

// changedNames lists the roster fields r changes against its stored copy.
func changedNames(r *core.Record) []string {
	var out []string
	stored := r.Original()
	for _, f := range rosterFields {
		if r.GetString(f) != stored.GetString(f) {
			out = append(out, label(f))
		}
	}
	return out
}

// emailTaken reports whether another account (not id) has email, in any
// case (the users' email index is NOCASE, so this is one index lookup).
func emailTaken(app core.App, email, id string) (bool, error) {
	var n int
	err := app.DB().Select("count(*)").From(Collection).
		Where(dbx.NewExp("email = {:email} COLLATE NOCASE AND email != '' AND id != {:id}", dbx.Params{"email": email, "id": id})).Row(&n)
	return n > 0, err
}

// validationMessage words a failed save of a row for the report: the
// fields the record validation refused, or, for any other failure, a
// message that tells the coordinator to try again (the details go to the
// log, never into the report).
func validationMessage(app core.App, err error) string {
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		parts := make([]string, 0, len(verrs))
		for _, f := range slices.Sorted(maps.Keys(verrs)) {
			parts = append(parts, strings.ReplaceAll(f, "_", " ")+": "+strings.TrimSuffix(verrs[f].Error(), "."))
		}
		return fmt.Sprintf("The row was refused (%s).", strings.Join(parts, "; "))
	}
	app.Logger().Error("ib: roster: a row could not be saved", "error", err.Error())
	return "The row could not be saved; import the file again."
}

// WriteReportCSV writes rows with the report's result and message as a CSV
// the coordinator can fix and upload again (the importer ignores the two
// report columns). A cell a spreadsheet would run as a formula is written
// with a leading apostrophe.
func WriteReportCSV(w io.Writer, rows []RosterRow, rep *RosterReport) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append(slices.Clone(RosterColumns), reportColumns...)); err != nil {
		return err
	}
	for i, row := range rows {
		out := make([]string, 0, len(RosterColumns)+2)
		for _, c := range RosterColumns {
			out = append(out, csvcell.Safe(row.Values[c]))
		}
		out = append(out, rep.Rows[i].Result, csvcell.Safe(rep.Rows[i].Message))
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// RosterError is the 400 of a roster refused whole.
func RosterError(err error) error {
	var fe *RosterFileError
	if errors.As(err, &fe) {
		return apierror.FieldError("file", "validation_invalid_file", fe.Message)
	}
	return err
}
