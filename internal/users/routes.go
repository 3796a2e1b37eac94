package users

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/inflector"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/organizations"
)

// Paths of the onboarding routes (DESIGN.md §4, §11).
const (
	RosterPath       = "/api/ib/institutions/{id}/roster"
	HostRegisterPath = "/api/ib/hosts/register"
)

// registerRoutes binds the roster import and the host registration.
func registerRoutes(app core.App) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if !e.Router.HasRoute(http.MethodPost, RosterPath) {
			// The body limit leaves room for the multipart envelope.
			e.Router.POST(RosterPath, rosterRoute).Bind(apis.RequireAuth(), apis.BodyLimit(MaxRosterBytes+1<<20))
		}
		if !e.Router.HasRoute(http.MethodPost, HostRegisterPath) {
			e.Router.POST(HostRegisterPath, hostRegisterRoute).Bind(apis.BodyLimit(64 << 10))
		}
		return e.Next()
	})
}

// rosterRoute imports a roster CSV into an institution: its coordinators and
// superusers only. ?dry_run=1 reports without writing; ?format=csv answers
// the report as a CSV to fix and upload again.
func rosterRoute(e *core.RequestEvent) error {
	id := e.Request.PathValue("id")
	if !e.HasSuperuserAuth() && !access.CoordinatorOf(e.Auth, id) {
		return apierror.Forbidden("Only the coordinator of this institution can import its roster.")
	}
	if _, err := institutions.Find(e.App, id); err != nil {
		return e.NotFoundError("Institution not found.", nil)
	}
	data, err := rosterBody(e)
	if err != nil {
		return err
	}
	rows, err := ParseRoster(data)
	if err != nil {
		return RosterError(err)
	}
	q := e.Request.URL.Query()
	dry := q.Get("dry_run") == "1" || q.Get("dry_run") == "true"
	rep, err := ImportRoster(e.App, RosterImport{Institution: id, Actor: e.Auth, DryRun: dry}, rows)
	if err != nil {
		return apierror.Internal(e.App, "import a roster", err)
	}
	// The report is a 200 answer, which the error middleware leaves alone:
	// its row messages are rendered in the caller's language here.
	localizeReport(rep, i18n.CallerLanguage(e))
	if q.Get("format") == "csv" {
		var buf bytes.Buffer
		if err := WriteReportCSV(&buf, rows, rep); err != nil {
			return apierror.Internal(e.App, "write a roster report", err)
		}
		e.Response.Header().Set("Content-Disposition", `attachment; filename="roster-report.csv"`)
		return e.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	}
	return e.JSON(http.StatusOK, rep)
}

// rosterBody reads the roster from the multipart field "file" or from a
// text/csv body.
func rosterBody(e *core.RequestEvent) ([]byte, error) {
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	var src io.Reader
	switch ct {
	case "multipart/form-data":
		f, _, err := e.Request.FormFile("file")
		if err != nil {
			if tooLarge(err) {
				return nil, rosterTooLarge()
			}
			return nil, apierror.FieldError("file", "validation_required", "Attach the roster as the form field \"file\".")
		}
		defer f.Close()
		src = f
	case "text/csv", "application/csv", "text/plain":
		src = e.Request.Body
	default:
		return nil, apis.NewBadRequestError("Send the roster as a CSV file: the multipart form field \"file\", or a text/csv body.", nil)
	}
	data, err := io.ReadAll(io.LimitReader(src, MaxRosterBytes+1))
	if err != nil {
		if tooLarge(err) {
			return nil, rosterTooLarge()
		}
		return nil, apis.NewBadRequestError("The roster could not be read; upload it again.", nil)
	}
	if len(data) > MaxRosterBytes {
		return nil, rosterTooLarge()
	}
	return data, nil
}

// localizeReport renders the row messages of rep in lang (a message the
// catalog does not know stays English). Rows that say the same thing are
// rendered once.
func localizeReport(rep *RosterReport, lang string) {
	if lang == i18n.EN {
		return
	}
	done := map[string]string{}
	for i, row := range rep.Rows {
		m, ok := done[row.Message]
		if !ok {
			m = i18n.TranslateOr(lang, row.Message)
			done[row.Message] = m
		}
		rep.Rows[i].Message = m
	}
}

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe) || strings.Contains(err.Error(), "too large")
}

func rosterTooLarge() error {
	return apis.NewApiError(http.StatusRequestEntityTooLarge,
		"The roster is larger than 16 MB; split it into smaller files.", nil)
}

// HostRegistration is the body of POST /api/ib/hosts/register.
type HostRegistration struct {
	Organization struct {
		Name     string `json:"name"`
		Kind     string `json:"kind"`
		District string `json:"district"`
		Website  string `json:"website"`
		GSTIN    string `json:"gstin"`
		CIN      string `json:"cin"`
	} `json:"organization"`
	Supervisor struct {
		Name     string `json:"name"`
		Email    string `json:"email"`
		Password string `json:"password"`
	} `json:"supervisor"`
}

// hostRegisterRoute lets a host organisation register itself with its first
// supervisor (guests only; rate-limited like sign-up by the settings). Both
// records are created in one transaction; the organization is unverified
// until a coordinator verifies it.
func hostRegisterRoute(e *core.RequestEvent) error {
	if e.Auth != nil {
		return apierror.Forbidden("You are signed in; host registration is for a new host organisation. Sign out first.")
	}
	var body HostRegistration
	dec := json.NewDecoder(e.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return apis.NewBadRequestError("Send the registration as JSON: {\"organization\":{name, kind, district, website, gstin, cin}, \"supervisor\":{name, email, password}}.", nil)
	}
	var org, sup *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		var err error
		org, sup, err = RegisterHost(tx, body)
		return err
	})
	// A refusal names each field under its part ("organization" or
	// "supervisor"); nothing was written.
	var pe *partError
	if errors.As(err, &pe) {
		return apis.NewBadRequestError(pe.message(i18n.CallerLanguage(e)), validation.Errors{pe.part: pe.errs})
	}
	if err != nil {
		return apierror.Internal(e.App, "register a host", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"organization": org, "supervisor": sup})
}

// partError is a validation failure of one part of a registration.
type partError struct {
	part string
	errs validation.Errors
}

func (e *partError) Error() string { return e.part + ": " + e.errs.Error() }

// message is the refusal's sentence: "Check the supervisor details: Value
// must be unique (email)." for the first refused field. The field's own
// message is put in lang here; the error middleware renders the sentence
// around it.
func (e *partError) message(lang string) string {
	format := "Check the organization details: %s (%s)."
	if e.part == "supervisor" {
		format = "Check the supervisor details: %s (%s)."
	}
	for _, k := range []string{"name", "kind", "email", "password", "gstin", "cin", "website", "district"} {
		if err, ok := e.errs[k]; ok {
			msg := err.Error()
			if lang != i18n.EN {
				if t, ok := i18n.Translate(lang, inflector.Sentenize(msg)); ok {
					msg = t
				}
			}
			return fmt.Sprintf(format, strings.TrimSuffix(msg, "."), k)
		}
	}
	return "Check the " + e.part + " details: " + e.errs.Error()
}

// RegisterHost creates an unverified organization and its first
// supervisor with app (pass a transaction's app: it saves three times).
func RegisterHost(app core.App, body HostRegistration) (org, sup *core.Record, err error) {
	orgs, err := app.FindCachedCollectionByNameOrId(organizations.Collection)
	if err != nil {
		return nil, nil, err
	}
	users, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return nil, nil, err
	}
	o := body.Organization
	required := validation.Errors{}
	for field, v := range map[string]string{"name": o.Name, "kind": o.Kind, "district": o.District} {
		if strings.TrimSpace(v) == "" {
			required[field] = validation.NewError("validation_required", "Cannot be blank.")
		}
	}
	if len(required) > 0 {
		return nil, nil, &partError{part: "organization", errs: required}
	}
	org = core.NewRecord(orgs)
	org.Load(map[string]any{
		"name": strings.TrimSpace(o.Name), "kind": o.Kind, "district": strings.TrimSpace(o.District),
		"website": strings.TrimSpace(o.Website), "gstin": strings.ToUpper(strings.TrimSpace(o.GSTIN)),
		"cin": strings.ToUpper(strings.TrimSpace(o.CIN)), "verified": false,
	})
	if err := app.Save(org); err != nil {
		return nil, nil, asPart("organization", err)
	}
	s := body.Supervisor
	sup = core.NewRecord(users)
	sup.Set("name", strings.TrimSpace(s.Name))
	sup.Set("role", access.RoleSupervisor)
	sup.Set("organization", org.Id)
	sup.SetEmail(strings.TrimSpace(s.Email))
	sup.SetPassword(s.Password)
	if err := app.Save(sup); err != nil {
		return nil, nil, asPart("supervisor", err)
	}
	org.Set("registered_by", sup.Id)
	if err := app.Save(org); err != nil {
		return nil, nil, err
	}
	return org, sup, nil
}

// asPart files a validation failure under the part of the registration it
// belongs to; any other error passes through.
func asPart(part string, err error) error {
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		return &partError{part: part, errs: verrs}
	}
	return err
}
