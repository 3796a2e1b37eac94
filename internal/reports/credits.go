package reports

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/csvcell"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/institutions"
)

// Format is the encoding of a credits report.
type Format string

// Formats of the credits report.
const (
	FormatJSON Format = "json"
	FormatCSV  Format = "csv"
	// FormatNAD is the CSV rows in the column layout of NADTemplate.
	FormatNAD Format = "nad"
)

// ContentType is the MIME type of a report in format f.
func (f Format) ContentType() string {
	if f == FormatCSV || f == FormatNAD {
		return "text/csv; charset=utf-8"
	}
	return "application/json"
}

// CreditColumns are the columns of the credits report, in order: the CSV
// header row and the keys of every JSON item (DESIGN.md §4).
var CreditColumns = []string{
	"register_no", "apaar_id", "student_name", "program", "semester", "internship", "organization",
	"hours", "credits", "marks", "max_marks", "grade", "grade_point", "certificate_number", "completed_on",
}

// CreditRow is one completed placement in the credits report.
type CreditRow struct {
	RegisterNo        string  `json:"register_no"`
	ApaarID           string  `json:"apaar_id"`
	StudentName       string  `json:"student_name"`
	Program           string  `json:"program"`
	Semester          int     `json:"semester"`
	Internship        string  `json:"internship"`
	Organization      string  `json:"organization"`
	Hours             float64 `json:"hours"`
	Credits           float64 `json:"credits"`
	Marks             float64 `json:"marks"`
	MaxMarks          float64 `json:"max_marks"`
	Grade             string  `json:"grade"`
	GradePoint        float64 `json:"grade_point"`
	CertificateNumber string  `json:"certificate_number"`
	CompletedOn       string  `json:"completed_on"`
}

// record is the row as CSV cells, in CreditColumns order. Text cells are
// neutralised against spreadsheet formula injection; numeric cells are
// written as numbers.
func (r *CreditRow) record(buf []string) []string {
	return append(buf[:0],
		csvcell.Safe(r.RegisterNo), csvcell.Safe(r.ApaarID), csvcell.Safe(r.StudentName), csvcell.Safe(r.Program),
		strconv.Itoa(r.Semester), csvcell.Safe(r.Internship), csvcell.Safe(r.Organization),
		number(r.Hours), number(r.Credits), number(r.Marks), number(r.MaxMarks),
		csvcell.Safe(r.Grade), number(r.GradePoint), csvcell.Safe(r.CertificateNumber), csvcell.Safe(r.CompletedOn),
	)
}

// number formats a float in its shortest form (60, 38.5).
func number(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// CreditsOptions selects and encodes a credits report.
type CreditsOptions struct {
	// Institution is the id of the institution whose placements are listed.
	Institution string
	// Format is the encoding (FormatJSON when empty).
	Format Format
	// From and To are inclusive calendar days (midnight UTC) bounding
	// completed_on; a zero value leaves that side open.
	From, To time.Time
}

// ParseCreditsOptions reads the query parameters of the credits report. Its
// errors name each bad parameter with a code and a message that says what
// to give instead; the range error (from after to) is ib_out_of_range on to.
func ParseCreditsOptions(institution, format, from, to string) (CreditsOptions, validation.Errors) {
	o := CreditsOptions{Institution: strings.TrimSpace(institution)}
	errs := validation.Errors{}
	if o.Institution == "" {
		errs["institution"] = validation.NewError("validation_required",
			"Choose the institution: give its id as the institution parameter.")
	}
	switch f := Format(strings.ToLower(strings.TrimSpace(format))); f {
	case "", FormatJSON:
		o.Format = FormatJSON
	case FormatCSV, FormatNAD:
		o.Format = f
	default:
		errs["format"] = validation.NewError("validation_in_invalid",
			fmt.Sprintf("Unknown format %q: choose csv, json or nad.", format))
	}
	day := func(field, v string) time.Time {
		v = strings.TrimSpace(v)
		if v == "" {
			return time.Time{}
		}
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			errs[field] = validation.NewError("validation_date_invalid",
				fmt.Sprintf("Give %s as a calendar date in the form YYYY-MM-DD, e.g. 2026-06-30.", field))
		}
		return d
	}
	o.From, o.To = day("from", from), day("to", to)
	if !o.From.IsZero() && !o.To.IsZero() && o.From.After(o.To) {
		errs["to"] = validation.NewError(apierror.CodeOutOfRange,
			fmt.Sprintf("The to date (%s) is before the from date (%s); choose a to date on or after from.",
				o.To.Format(time.DateOnly), o.From.Format(time.DateOnly)))
	}
	if len(errs) == 0 {
		return o, nil
	}
	return o, errs
}

// ErrorsMessage joins the messages of errs (in field order) into one text.
func ErrorsMessage(errs validation.Errors) string { return errorsMessage(errs, i18n.EN) }

// errorsMessage is ErrorsMessage in lang: each sentence is rendered on its
// own (the error middleware knows single sentences, not their join).
func errorsMessage(errs validation.Errors, lang string) string {
	var parts []string
	for _, field := range []string{"institution", "format", "from", "to"} {
		if err, ok := errs[field]; ok {
			parts = append(parts, i18n.TranslateOr(lang, err.Error()))
		}
	}
	return strings.Join(parts, " ")
}

// creditsSQL is the whole report in one query: the completed placements of
// one institution (index idx_placements_institution) with their student,
// internship, organization, the regulation of the institution and the
// placement's certificate — its valid one, else the latest issued (index
// idx_certificates_placement). Left joins keep a placement in the report
// even if a related record went missing; its cells are then empty.
const creditsSQL = `SELECT
	COALESCE(u.register_no, '') AS register_no,
	COALESCE(u.apaar_id, '') AS apaar_id,
	COALESCE(u.name, '') AS student_name,
	COALESCE(u.program, '') AS program,
	CAST(COALESCE(u.semester, 0) AS INTEGER) AS semester,
	COALESCE(i.title, '') AS internship,
	COALESCE(o.name, '') AS organization,
	COALESCE(p.approved_hours, 0) AS hours,
	COALESCE(p.credits_earned, 0) AS credits,
	COALESCE(p.marks, 0) AS marks,
	COALESCE(r.max_marks, 0) AS max_marks,
	COALESCE(p.grade, '') AS grade,
	COALESCE(p.grade_point, 0) AS grade_point,
	COALESCE(c.number, '') AS certificate_number,
	substr(COALESCE(p.completed_on, ''), 1, 10) AS completed_on
FROM placements p
LEFT JOIN users u ON u.id = p.student
LEFT JOIN internships i ON i.id = p.internship
LEFT JOIN organizations o ON o.id = p.organization
LEFT JOIN institutions ins ON ins.id = p.institution
LEFT JOIN regulations r ON r.id = ins.regulation
LEFT JOIN certificates c ON c.id = (
	SELECT c2.id FROM certificates c2 WHERE c2.placement = p.id
	ORDER BY c2.status = 'valid' DESC, c2.issued_at DESC, c2.created DESC, c2.id DESC LIMIT 1)
WHERE p.institution = {:institution} AND p.status = 'completed'%s
ORDER BY p.completed_on, u.register_no, p.id`

func openCredits(ctx context.Context, app core.App, o CreditsOptions) (*dbx.Rows, error) {
	params := dbx.Params{"institution": o.Institution}
	var bounds string
	// completed_on holds midnight UTC of the day ("2026-06-15 00:00:00.000Z"),
	// so text comparison with day strings is exact.
	if !o.From.IsZero() {
		bounds += " AND p.completed_on >= {:from}"
		params["from"] = o.From.Format(time.DateOnly)
	}
	if !o.To.IsZero() {
		bounds += " AND p.completed_on != '' AND p.completed_on < {:before}"
		params["before"] = o.To.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	rows, err := app.DB().NewQuery(fmt.Sprintf(creditsSQL, bounds)).Bind(params).WithContext(ctx).Rows()
	if err != nil {
		return nil, fmt.Errorf("credits report query: %w", err)
	}
	return rows, nil
}

func scanCredits(rows *dbx.Rows, fn func(*CreditRow) error) error {
	defer rows.Close()
	var r CreditRow
	for rows.Next() {
		if err := rows.Scan(&r.RegisterNo, &r.ApaarID, &r.StudentName, &r.Program, &r.Semester, &r.Internship,
			&r.Organization, &r.Hours, &r.Credits, &r.Marks, &r.MaxMarks, &r.Grade, &r.GradePoint,
			&r.CertificateNumber, &r.CompletedOn); err != nil {
			return fmt.Errorf("credits report row: %w", err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("credits report rows: %w", err)
	}
	return rows.Close()
}

// WriteCredits writes the credits report of o to w in o.Format, streaming
// each row as it is scanned, and returns the number of rows. progress, when
// not nil, is called after every row with the count so far. CSV has a
// header row of CreditColumns; NAD has a header row of NADColumns; JSON is
// {"items":[…],"total":n}.
func WriteCredits(ctx context.Context, app core.App, w io.Writer, o CreditsOptions, progress func(rows int)) (int, error) {
	var org string
	if o.Format == FormatNAD {
		inst, err := institutions.Find(app, o.Institution)
		if err != nil {
			return 0, fmt.Errorf("credits report institution %q: %w", o.Institution, err)
		}
		org = inst.Name()
	}
	rows, err := openCredits(ctx, app, o)
	if err != nil {
		return 0, err
	}
	return writeRows(rows, w, o.Format, org, progress)
}

// writeRows encodes rows to w in format; org is the institution's name (the
// NAD format's ORG_NAME).
func writeRows(rows *dbx.Rows, w io.Writer, format Format, org string, progress func(int)) (int, error) {
	n := 0
	tick := func() {
		n++
		if progress != nil {
			progress(n)
		}
	}
	if format == FormatCSV || format == FormatNAD {
		columns, record := CreditColumns, func(r *CreditRow, buf []string) []string { return r.record(buf) }
		if format == FormatNAD {
			columns, record = NADColumns, func(r *CreditRow, buf []string) []string { return r.NADRecord(org, buf) }
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(columns); err != nil {
			rows.Close()
			return 0, err
		}
		cells := make([]string, 0, len(columns))
		err := scanCredits(rows, func(r *CreditRow) error {
			cells = record(r, cells)
			if err := cw.Write(cells); err != nil {
				return err
			}
			tick()
			return nil
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		return n, err
	}

	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteString(`{"items":[`)
	err := scanCredits(rows, func(r *CreditRow) error {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		if _, err := bw.Write(b); err != nil {
			return err
		}
		tick()
		return nil
	})
	if err != nil {
		return n, err
	}
	fmt.Fprintf(bw, "],\"total\":%d}\n", n)
	return n, bw.Flush()
}

// CreditsFilename is the download name of a report: credits-<CODE>-<day>.<ext>,
// and credits-<CODE>-<day>-nad.csv for the NAD layout.
func CreditsFilename(code string, day time.Time, f Format) string {
	suffix := ".json"
	switch f {
	case FormatCSV:
		suffix = ".csv"
	case FormatNAD:
		suffix = "-nad.csv"
	}
	return fmt.Sprintf("credits-%s-%s%s", code, day.Format(time.DateOnly), suffix)
}

// creditsRoute answers GET /api/ib/reports/credits for the coordinator of
// the institution and superusers.
func creditsRoute(e *core.RequestEvent) error {
	superuser := e.HasSuperuserAuth()
	if !superuser && !access.Is(e.Auth, access.RoleCoordinator) {
		return e.ForbiddenError("Only the coordinator of an institution can download its credits report.", nil)
	}
	q := e.Request.URL.Query()
	o, errs := ParseCreditsOptions(q.Get("institution"), q.Get("format"), q.Get("from"), q.Get("to"))
	if len(errs) > 0 {
		return apis.NewBadRequestError(errorsMessage(errs, i18n.CallerLanguage(e)), errs)
	}
	// A coordinator learns nothing about other institutions, not even
	// whether an id exists.
	if !superuser && !access.CoordinatorOf(e.Auth, o.Institution) {
		return e.ForbiddenError("You can download the credits report of your own institution only.", nil)
	}
	inst, err := institutions.Find(e.App, o.Institution)
	if err != nil {
		return e.NotFoundError("Institution not found.", nil)
	}

	rows, err := openCredits(e.Request.Context(), e.App, o)
	if err != nil {
		return e.InternalServerError("", err)
	}
	h := e.Response.Header()
	h.Set("Content-Type", o.Format.ContentType())
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if o.Format == FormatCSV || o.Format == FormatNAD {
		h.Set("Content-Disposition", `attachment; filename="`+
			CreditsFilename(inst.Code(), clock.Today(e.App), o.Format)+`"`)
	}
	e.Response.WriteHeader(http.StatusOK)
	if _, err := writeRows(rows, e.Response, o.Format, inst.Name(), nil); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil // the client went away
		}
		// The status line is gone: abort the connection so the client sees
		// a failed download rather than a short report.
		e.App.Logger().Error("credits report failed mid-stream", "institution", o.Institution, "error", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}
