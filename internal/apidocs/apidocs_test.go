package apidocs_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apidocs"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/digilocker"
	"github.com/internbase/internbase/internal/reports"
	"github.com/internbase/internbase/internal/users"
)

// env is a populated app with the API description registered, a client
// over its router and a validator of the document the server serves.
type env struct {
	w   *apptest.World
	c   *apptest.Client
	doc map[string]any
	raw []byte
	v   validator.Validator
	// registration is a real host registration answer (mustRegistration).
	registration string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := newWorld(t)
	e.load(t)
	return e
}

// newWorld is newEnv without the document loaded.
func newWorld(t *testing.T) *env {
	t.Helper()
	w := apptest.NewWorld(t)
	apidocs.Register(w.App)
	apidocs.Register(w.App) // idempotent
	return &env{w: w, c: apptest.NewClient(t, w.App)}
}

// load fetches the document through the route, checks that it builds and
// validates against the OpenAPI 3.1 specification with zero errors, and
// keeps a validator of it (apptest.LoadAPIDoc).
func (e *env) load(t *testing.T) {
	t.Helper()
	d := apptest.LoadAPIDoc(t, e.c)
	e.raw, e.doc, e.v = d.Raw, d.JSON, d.Validator
}

func describe(errs []*verrors.ValidationError) string { return apptest.DescribeAPIErrors(errs) }

// call sends a request through the full router, records the response, and
// checks both the request and the response against the document.
func (e *env) call(t *testing.T, method, url, token string, body any, wantStatus int) (*http.Response, []byte) {
	t.Helper()
	return e.do(t, method, url, token, body, wantStatus, true)
}

// callInvalid sends a request that breaks the document on purpose (a
// missing token, a bad parameter) and checks only the response.
func (e *env) callInvalid(t *testing.T, method, url, token string, body any, wantStatus int) (*http.Response, []byte) {
	t.Helper()
	return e.do(t, method, url, token, body, wantStatus, false)
}

func (e *env) do(t *testing.T, method, url, token string, body any, wantStatus int, checkRequest bool) (*http.Response, []byte) {
	t.Helper()
	var raw []byte
	contentType := ""
	switch b := body.(type) {
	case nil:
	case multipartBody:
		raw, contentType = b.data, b.contentType
	case csvBody:
		raw, contentType = []byte(b), "text/csv"
	default:
		var err error
		raw, err = json.Marshal(b)
		apptest.Must(t, err)
		contentType = "application/json"
	}
	newReq := func() *http.Request {
		var rd io.Reader
		if raw != nil {
			rd = bytes.NewReader(raw)
		}
		r := httptest.NewRequest(method, url, rd)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		return r
	}
	rec := httptest.NewRecorder()
	e.c.Handler().ServeHTTP(rec, newReq())
	res := rec.Result()
	resBody := rec.Body.Bytes()
	if res.StatusCode != wantStatus {
		t.Fatalf("%s %s: status %d, want %d: %.500s", method, url, res.StatusCode, wantStatus, resBody)
	}
	if ok, errs := e.v.ValidateHttpRequest(newReq()); checkRequest && !ok {
		t.Errorf("%s %s: the request does not match the document:\n%s", method, url, describe(errs))
	}
	res.Body = io.NopCloser(bytes.NewReader(resBody))
	if ok, errs := e.v.ValidateHttpResponse(newReq(), res); !ok {
		t.Errorf("%s %s → %d: the response does not match the document:\n%s\nbody: %.1500s",
			method, url, res.StatusCode, describe(errs), resBody)
	}
	return res, resBody
}

// csvBody is a request body sent as text/csv.
type csvBody string

type multipartBody struct {
	data        []byte
	contentType string
}

func multipart(t *testing.T, fields map[string]string, files ...apptest.File) multipartBody {
	rd, ct := apptest.Multipart(t, fields, files...)
	b, err := io.ReadAll(rd)
	apptest.Must(t, err)
	return multipartBody{b, ct}
}

// issue completes the world's placement (result written directly, as the
// completion computes it) and issues its certificate with the real issuer.
func (e *env) issue(t *testing.T) *core.Record {
	t.Helper()
	w := e.w
	_, err := w.App.DB().Update("placements", dbx.Params{"approved_hours": 64.5, "credits_earned": 2, "marks": 40.5,
		"percent": 81, "grade": "A+", "grade_point": 9, "status": "completed", "completed_on": w.Today.String()},
		dbx.HashExp{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	p, err := w.App.FindRecordById("placements", w.Placement.Id)
	apptest.Must(t, err)
	apptest.Must(t, certificates.Issue(w.App, p))
	c, err := w.App.FindFirstRecordByFilter("certificates", "placement = {:p} && status = 'valid' && id != {:old}",
		dbx.Params{"p": p.Id, "old": w.Certificate.Id})
	apptest.Must(t, err)
	return c
}

func path(m map[string]any, keys ...string) any {
	var cur any = m
	for _, k := range keys {
		o, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = o[k]
	}
	return cur
}

func TestDocumentDescribesTheLiveSchema(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := e.doc
	if got := path(doc, "servers"); fmt.Sprint(got) != fmt.Sprintf("[map[description:This server (settings: application URL). url:%s]]",
		strings.TrimRight(e.w.App.Settings().Meta.AppURL, "/")) {
		t.Errorf("servers: %v", got)
	}
	if s := path(doc, "components", "securitySchemes", "recordAuth", "scheme"); s != "bearer" {
		t.Errorf("security scheme: %v", path(doc, "components", "securitySchemes"))
	}

	cols, err := e.w.App.FindAllCollections()
	apptest.Must(t, err)
	for _, c := range cols {
		base := "/api/collections/" + c.Name + "/records"
		_, hasList := path(doc, "paths", base).(map[string]any)
		if c.System != !hasList {
			if c.System {
				t.Errorf("system collection %s is documented", c.Name)
			} else {
				t.Errorf("collection %s has no list path", c.Name)
			}
		}
		if c.System {
			continue
		}
		for _, m := range []string{"get", "post"} {
			if path(doc, "paths", base, m) == nil {
				t.Errorf("%s %s missing", m, base)
			}
		}
		for _, m := range []string{"get", "patch", "delete"} {
			if path(doc, "paths", base+"/{id}", m) == nil {
				t.Errorf("%s %s/{id} missing", m, base)
			}
		}
		name := schemaName(c.Name)
		props, _ := path(doc, "components", "schemas", name+"Record", "properties").(map[string]any)
		for _, f := range c.Fields {
			_, listed := props[f.GetName()]
			if f.GetHidden() == listed {
				t.Errorf("%s.%s (hidden %v) listed %v", c.Name, f.GetName(), f.GetHidden(), listed)
			}
		}
	}

	// Field mapping, on real fields of the schema.
	s := func(keys ...string) any {
		return path(doc, append([]string{"components", "schemas"}, keys...)...)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"applications.status enum", s("ApplicationsRecord", "properties", "status", "enum"),
			[]any{"submitted", "endorsed", "shortlisted", "offered", "accepted", "declined", "rejected", "withdrawn", "expired", ""}},
		{"placements.status enum (required: no empty value)", s("PlacementsRecord", "properties", "status", "enum"),
			[]any{"ongoing", "completed", "discontinued"}},
		{"internships.seats type", s("InternshipsRecord", "properties", "seats", "type"), "integer"},
		{"internships.seats minimum", s("InternshipsRecord", "properties", "seats", "minimum"), 1.0},
		{"internships.stipend type", s("InternshipsRecord", "properties", "stipend", "type"), "number"},
		{"internships.required_courses is an array", s("InternshipsRecord", "properties", "required_courses", "type"), "array"},
		{"internships.starts_on pattern", s("InternshipsRecord", "properties", "starts_on", "pattern"), apidocs.DatePattern},
		{"internships.created read-only", s("InternshipsRecord", "properties", "created", "readOnly"), true},
		{"institutions.code pattern", s("InstitutionsRecord", "properties", "code", "pattern"), `^[A-Z0-9][A-Z0-9_-]*$`},
		{"institutions.code maxLength", s("InstitutionsRecord", "properties", "code", "maxLength"), 20.0},
		{"organizations.website format", path(s("OrganizationsRecord", "properties", "website").(map[string]any)["anyOf"].([]any)[0].(map[string]any), "format"), "uri"},
		{"organizations.verified type", s("OrganizationsRecord", "properties", "verified", "type"), "boolean"},
		{"organizations.about is HTML", s("OrganizationsRecord", "properties", "about", "contentMediaType"), "text/html"},
		{"organizations.logo is a file name", s("OrganizationsRecord", "properties", "logo", "type"), "string"},
		{"organizations logo upload is binary", s("OrganizationsCreateMultipart", "properties", "logo", "contentMediaType"), "application/octet-stream"},
		{"applications resume upload is a PDF", s("ApplicationsCreateMultipart", "properties", "resume", "contentMediaType"), "application/pdf"},
		{"submissions.files is an array", s("SubmissionsRecord", "properties", "files", "type"), "array"},
		{"submissions files upload", s("SubmissionsCreateMultipart", "properties", "files", "items", "contentMediaType"), "application/octet-stream"},
		{"regulations.grade_scale is any JSON", s("RegulationsRecord", "properties", "grade_scale", "type"), nil},
		{"users email format", s("UsersRecord", "properties", "email", "format"), "email"},
		{"users.role enum", s("UsersRecord", "properties", "role", "enum"), []any{"student", "mentor", "coordinator", "supervisor"}},
		{"applications.internship relation", s("ApplicationsRecord", "properties", "internship", "type"), "string"},
		{"expand of applications.internship", s("ApplicationsRecord", "properties", "expand", "properties", "internship", "$ref"),
			"#/components/schemas/InternshipsRecord"},
		{"error codes", s("IbErrorCode", "enum"), []any{"ib_invalid_transition", "ib_forbidden_field", "ib_closed", "ib_not_eligible",
			"ib_prerequisites", "ib_duplicate", "ib_busy", "ib_no_seats", "ib_offer_expired", "ib_out_of_range", "ib_locked",
			"ib_incomplete", "ib_fee", "ib_not_enrolled", "ib_unverified", "ib_filter"}},
		{"error shape", s("ApiError", "required"), []any{"status", "message", "data"}},
		{"host registration error shape", s("HostRegistrationError", "required"), []any{"status", "message", "data"}},
		{"users.enrolled type", s("UsersRecord", "properties", "enrolled", "type"), "boolean"},
		{"organizations.gstin maxLength", s("OrganizationsRecord", "properties", "gstin", "maxLength"), 15.0},
		{"organizations.cin maxLength", s("OrganizationsRecord", "properties", "cin", "maxLength"), 21.0},
		{"organizations.registered_by relation", s("OrganizationsRecord", "properties", "registered_by", "type"), "string"},
		{"host registration kind is the live select", s("HostRegistration", "properties", "organization", "properties", "kind", "enum"),
			path(s("OrganizationsCreate").(map[string]any), "properties", "kind", "enum")},
		{"DigiLocker request root", s("DigiLockerPullURIRequest", "xml", "name"), "PullURIRequest"},
		{"DigiLocker Status is an attribute", s("DigiLockerResponseStatus", "properties", "Status", "xml", "attribute"), true},
		{"DigiLocker HMAC header", path(doc, "paths", digilocker.PullDocPath, "post", "parameters").([]any)[0].(map[string]any)["name"], "x-digilocker-hmac"},
		{"DigiLocker request body is XML", path(doc, "paths", digilocker.PullURIPath, "post", "requestBody", "content", "application/xml", "schema", "$ref"),
			"#/components/schemas/DigiLockerPullURIRequest"},
		{"roster results", s("RosterRowReport", "properties", "result", "enum"), []any{"created", "updated", "unchanged", "error"}},
		{"stats keys are the live statuses", s("Stats", "properties", "internships", "required"), []any{"draft", "open", "closed", "cancelled"}},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	for _, hidden := range []string{"password", "tokenKey"} {
		if s("UsersRecord", "properties", hidden) != nil {
			t.Errorf("users.%s is documented", hidden)
		}
	}
	if s("SigningKeysRecord", "properties", "private_key") != nil {
		t.Error("signing_keys.private_key is documented")
	}
	for _, p := range []string{"/api/collections/users/auth-with-password", "/api/collections/users/auth-refresh",
		"/api/collections/users/request-password-reset", "/api/ib/verify/{number}", "/verify/{number}", "/.well-known/jwks.json",
		"/api/ib/credentials/{number}", "/api/ib/issuers/{institution}", "/api/ib/status/{list}", "/api/ib/certificates/{id}/reissue",
		"/api/ib/reports/credits", "/api/ib/stats",
		"/api/ib/institutions/{id}/roster", "/api/ib/hosts/register", digilocker.PullURIPath, digilocker.PullDocPath,
		"/api/files/{collection}/{recordId}/{filename}", "/api/realtime", "/api/batch", apidocs.DocumentPath, apidocs.PagePath} {
		if path(doc, "paths", p) == nil {
			t.Errorf("path %s missing", p)
		}
	}
	if !bytes.Contains(e.raw, []byte(`"multipart/form-data"`)) {
		t.Error("no multipart request bodies")
	}
}

func schemaName(c string) string {
	parts := strings.Split(c, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// TestGeneratedAtRequestTime changes the schema and the settings of a
// running app: the next document shows the change.
func TestGeneratedAtRequestTime(t *testing.T) {
	t.Parallel()
	e := newWorld(t)
	before := e.c.Do(http.MethodGet, apidocs.DocumentPath, "", nil)
	if before.Status != 200 || bytes.Contains(before.Body, []byte(`"sector"`)) {
		t.Fatalf("before: %d", before.Status)
	}
	col, err := e.w.App.FindCollectionByNameOrId("organizations")
	apptest.Must(t, err)
	col.Fields.Add(&core.SelectField{Name: "sector", Values: []string{"it", "health"}, MaxSelect: 2})
	apptest.Must(t, e.w.App.Save(col))
	s := e.w.App.Settings()
	s.Meta.AppURL = "https://internships.example.edu"
	apptest.Must(t, e.w.App.Save(s))

	e.load(t)
	sector := path(e.doc, "components", "schemas", "OrganizationsRecord", "properties", "sector")
	if fmt.Sprint(sector) != "map[items:map[enum:[it health] type:string] maxItems:2 type:array uniqueItems:true]" {
		t.Errorf("new field: %v", sector)
	}
	if u := path(e.doc, "servers").([]any)[0].(map[string]any)["url"]; u != "https://internships.example.edu" {
		t.Errorf("server url %v", u)
	}
	var old map[string]any
	apptest.Must(t, json.Unmarshal(before.Body, &old))
	if v, was := path(e.doc, "info", "version"), path(old, "info", "version"); v == was || !strings.HasPrefix(fmt.Sprint(v), "schema-") {
		t.Errorf("info.version %v (was %v) should name the new schema", v, was)
	}
}

// TestRealResponsesMatchTheDocument runs the main flows against the real
// router and checks every request and response against the document.
func TestRealResponsesMatchTheDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w

	// Students list their applications, view and list internships (with
	// expands), sign in, and keep their logbook.
	_, b := e.call(t, http.MethodGet, "/api/collections/applications/records?sort=-created&perPage=10", w.S1.Token, nil, 200)
	if !bytes.Contains(b, []byte(w.Application.Id)) {
		t.Errorf("own application not listed: %s", b)
	}
	e.call(t, http.MethodGet, "/api/collections/applications/records?skipTotal=1", w.S1.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/internships/records/"+w.Internship.Id+"?expand=organization,supervisor", w.S2.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/internships/records?filter="+urlq("status = 'open'"), w.S1.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/placements/records/"+w.Placement.Id+"?expand=internship.organization,mentor", w.S1.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/users/records/"+w.S1.Id, w.S1.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/organizations/records", w.S1.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/regulations/records", "", nil, 200)
	e.call(t, http.MethodGet, "/api/collections/certificates/records", w.S1.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/notifications/records", w.S1.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/users/auth-methods", "", nil, 200)
	e.call(t, http.MethodPost, "/api/collections/users/auth-with-password", "",
		map[string]any{"identity": w.S1.Email(), "password": apptest.Password}, 200)
	e.call(t, http.MethodPost, "/api/collections/users/auth-refresh", w.S1.Token, nil, 200)
	e.call(t, http.MethodPost, "/api/files/token", w.S1.Token, nil, 200)

	_, b = e.call(t, http.MethodPost, "/api/collections/logbook_entries/records", w.S1.Token, map[string]any{
		"placement": w.Placement.Id, "date": w.Today.Time().Format(time.DateOnly), "hours": 4.5,
		"activity": "Reviewed pull requests and fixed two flaky tests.", "learning": "Table tests.",
	}, 200)
	var entry map[string]any
	apptest.Must(t, json.Unmarshal(b, &entry))
	e.call(t, http.MethodPatch, "/api/collections/logbook_entries/records/"+entry["id"].(string), w.S1.Token,
		map[string]any{"hours": 5}, 200)
	e.call(t, http.MethodGet, "/api/collections/logbook_entries/records?filter="+urlq("status = 'pending'"), w.SupX.Token, nil, 200)

	// A supervisor edits the organization's profile with a logo (multipart).
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
		"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
	e.call(t, http.MethodPatch, "/api/collections/organizations/records/"+w.OrgX.Id, w.SupX.Token,
		multipart(t, map[string]string{"about": "<p>We build software.</p>"}, apptest.File{Field: "logo", Name: "logo.png", Content: png}), 200)

	// Errors: an ib_ code, 404, 401, 403.
	_, b = e.call(t, http.MethodPost, "/api/collections/applications/records", w.S2.Token,
		map[string]any{"internship": w.Internship.Id, "statement": "I would like to join."}, 400)
	if !bytes.Contains(b, []byte(`"code":"ib_closed"`)) {
		t.Errorf("closed internship: %s", b)
	}
	_, b = e.call(t, http.MethodPatch, "/api/collections/applications/records/"+w.Application.Id, w.S1.Token,
		map[string]any{"status": "withdrawn"}, 400)
	if !bytes.Contains(b, []byte(`"code":"ib_invalid_transition"`)) {
		t.Errorf("terminal application: %s", b)
	}
	e.call(t, http.MethodGet, "/api/collections/applications/records/"+w.Application.Id, w.S3.Token, nil, 404)
	e.call(t, http.MethodGet, "/api/collections/internships/records?filter="+urlq("nosuchfield = 1"), w.S1.Token, nil, 400)
	e.callInvalid(t, http.MethodGet, "/api/ib/stats", "", nil, 401)
	e.call(t, http.MethodGet, "/api/ib/reports/credits?institution="+w.InstB.Id, w.CoordA.Token, nil, 403)

	// Internbase's routes, on a certificate issued by the real issuer.
	issued := e.issue(t)
	number := issued.GetString("number")
	_, b = e.call(t, http.MethodGet, "/api/ib/verify/"+number, "", nil, 200)
	if !bytes.Contains(b, []byte(`"status":"valid"`)) {
		t.Errorf("verify: %s", b)
	}
	e.call(t, http.MethodGet, "/api/ib/verify/IB-2026-0000000Z", "", nil, 404)
	e.call(t, http.MethodGet, "/verify/"+number, "", nil, 200)
	e.call(t, http.MethodGet, "/.well-known/jwks.json", "", nil, 200)
	e.call(t, http.MethodGet, "/api/ib/credentials/"+number, "", nil, 200)
	// An RSA key exists once an RS256 credential was asked for: the key set
	// then lists both kinds.
	e.call(t, http.MethodGet, "/api/ib/credentials/"+number+"?alg=RS256", "", nil, 200)
	e.call(t, http.MethodGet, "/.well-known/jwks.json", "", nil, 200)
	e.callInvalid(t, http.MethodGet, "/api/ib/credentials/"+number+"?alg=HS256", "", nil, 400)
	e.call(t, http.MethodGet, "/api/ib/issuers/"+w.InstA.Id, "", nil, 200)
	e.call(t, http.MethodGet, "/api/ib/issuers/nosuchinstitut", "", nil, 404)
	e.call(t, http.MethodGet, "/api/ib/status/"+w.InstA.Id+"-1", "", nil, 200)
	e.call(t, http.MethodGet, "/api/ib/status/"+w.InstA.Id+"-9", "", nil, 404)
	e.callInvalid(t, http.MethodGet, "/api/ib/status/1", "", nil, 404)
	for _, u := range []apptest.User{w.S1, w.CoordA, w.SupX, w.MentorA, w.Admin} {
		e.call(t, http.MethodGet, "/api/ib/stats", u.Token, nil, 200)
	}
	_, b = e.call(t, http.MethodGet, "/api/ib/reports/credits?institution="+w.InstA.Id, w.CoordA.Token, nil, 200)
	if !bytes.Contains(b, []byte(number)) {
		t.Errorf("credits report lacks the certificate: %s", b)
	}
	e.call(t, http.MethodGet, "/api/ib/reports/credits?format=csv&institution="+w.InstA.Id, w.CoordA.Token, nil, 200)
	_, b = e.call(t, http.MethodGet, "/api/ib/reports/credits?format=nad&institution="+w.InstA.Id, w.CoordA.Token, nil, 200)
	if !bytes.HasPrefix(b, []byte(strings.Join(reports.NADColumns, ",")+"\n")) || !bytes.Contains(b, []byte(number)) {
		t.Errorf("NAD credits report: %s", b)
	}
	e.callInvalid(t, http.MethodGet, "/api/ib/reports/credits?format=xml&institution="+w.InstA.Id, w.CoordA.Token, nil, 400)
	_, b = e.call(t, http.MethodPost, "/api/ib/certificates/"+issued.Id+"/reissue", w.CoordA.Token, nil, 200)
	if !bytes.Contains(b, []byte(`"replaces":"`+issued.Id+`"`)) {
		t.Errorf("reissue: %s", b)
	}
	_, b = e.call(t, http.MethodGet, "/api/ib/verify/"+number, "", nil, 200)
	if !bytes.Contains(b, []byte(`"status":"superseded"`)) {
		t.Errorf("verify superseded: %s", b)
	}
	e.call(t, http.MethodPost, "/api/ib/certificates/"+issued.Id+"/reissue", w.CoordA.Token, nil, 400)
	e.call(t, http.MethodGet, "/api/health", "", nil, 200)
	e.call(t, http.MethodGet, apidocs.DocumentPath, "", nil, 200)
	e.call(t, http.MethodGet, apidocs.PagePath, "", nil, 200)

	// Superusers see hidden fields too; the records still match.
	e.call(t, http.MethodGet, "/api/collections/signing_keys/records", w.Admin.Token, nil, 200)
	e.call(t, http.MethodGet, "/api/collections/users/records?perPage=50", w.Admin.Token, nil, 200)
}

// TestOnboardingRoutesMatchTheDocument runs the roster import and the host
// registration through the real router, with every status each answers,
// and checks the requests and responses against the document.
func TestOnboardingRoutesMatchTheDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	report := func(b []byte) (r struct {
		Rows []struct {
			Row    int    `json:"row"`
			Result string `json:"result"`
		} `json:"rows"`
		Created, Updated, Unchanged, Errors int
	}) {
		apptest.Must(t, json.Unmarshal(b, &r))
		return r
	}
	totals := func(what string, b []byte, created, updated, unchanged, errs int) {
		t.Helper()
		r := report(b)
		if r.Created != created || r.Updated != updated || r.Unchanged != unchanged || r.Errors != errs || len(r.Rows) != 3 {
			t.Errorf("%s: %s, want %d created, %d updated, %d unchanged, %d errors", what, b, created, updated, unchanged, errs)
		}
	}

	// The roster: a dry run as a multipart upload, the import as a text/csv
	// body, a changed file, and the same file again with a CSV report.
	roster := "/api/ib/institutions/" + w.InstA.Id + "/roster"
	const header = "register_no,name,email,program,semester,apaar_id,phone\n"
	file := header +
		"MCP-101,Anjali Menon,anjali.menon@example.test,BSc Physics,5,123456789012,+91 94470 12345\n" +
		"MCP-102,അനഘ കൃഷ്ണൻ,anagha@example.test,BA Malayalam,3,,\n" +
		"MCP-103,Bad Semester,bad.sem@example.test,BCom,9,,\n"
	_, b := e.call(t, http.MethodPost, roster+"?dry_run=1", w.CoordA.Token,
		multipart(t, nil, apptest.File{Field: "file", Name: "roster.csv", Content: []byte(file)}), 200)
	totals("dry run", b, 2, 0, 0, 1)
	_, b = e.call(t, http.MethodPost, roster, w.CoordA.Token, csvBody(file), 200)
	totals("import", b, 2, 0, 0, 1)
	if r := report(b); r.Rows[0].Row != 2 || r.Rows[2].Result != "error" {
		t.Errorf("import rows: %s", b)
	}
	changed := strings.Replace(file, "BSc Physics", "MSc Physics", 1)
	_, b = e.call(t, http.MethodPost, roster, w.Admin.Token, csvBody(changed), 200)
	totals("changed file", b, 0, 1, 1, 1)
	res, b := e.call(t, http.MethodPost, roster+"?format=csv&dry_run=true", w.CoordA.Token, csvBody(changed), 200)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") ||
		!strings.HasPrefix(string(b), strings.TrimSuffix(header, "\n")+",result,message\n") || strings.Count(string(b), ",unchanged,") != 2 {
		t.Errorf("CSV report (%s): %s", ct, b)
	}

	// Its refusals: a file refused whole, no file, a guest, another
	// college's coordinator, an unknown institution, a file too large.
	_, b = e.call(t, http.MethodPost, roster, w.CoordA.Token, csvBody("register_no,name,email,semester,shoe_size\nX-1,Y,y@example.test,1,42\n"), 400)
	if !bytes.Contains(b, []byte(`"file":{"code":"validation_invalid_file"`)) {
		t.Errorf("unknown column: %s", b)
	}
	_, b = e.callInvalid(t, http.MethodPost, roster, w.CoordA.Token, multipart(t, map[string]string{"roster": file}), 400)
	if !bytes.Contains(b, []byte(`"file":{"code":"validation_required"`)) {
		t.Errorf("no file field: %s", b)
	}
	e.callInvalid(t, http.MethodPost, roster, "", csvBody(file), 401)
	e.call(t, http.MethodPost, "/api/ib/institutions/"+w.InstB.Id+"/roster", w.CoordA.Token, csvBody(file), 403)
	e.call(t, http.MethodPost, "/api/ib/institutions/nosuchinstitut/roster", w.Admin.Token, csvBody(file), 404)
	const row = "MCP-9,N,n@example.test,P,1,,\n"
	big := header + strings.Repeat(row, users.MaxRosterBytes/len(row)+1000)
	_, b = e.call(t, http.MethodPost, roster, w.CoordA.Token, csvBody(big), 413)
	if !bytes.Contains(b, []byte("split it into smaller files")) {
		t.Errorf("too large: %.300s", b)
	}
	if n, err := w.App.CountRecords("users", dbx.HashExp{"institution": w.InstA.Id, "register_no": "MCP-9"}); err != nil || n != 0 {
		t.Errorf("a refused file wrote %d students (%v)", n, err)
	}

	// Host registration: one that succeeds, then refusals with the field
	// errors under organization and supervisor.
	hosts := "/api/ib/hosts/register"
	seq := 0
	host := func(org, sup map[string]any) map[string]any {
		seq++
		o := map[string]any{"name": "Kappa Labs", "kind": "startup", "district": "Kozhikode", "website": "https://kappa.example"}
		s := map[string]any{"name": "Nila Menon", "email": fmt.Sprintf("host%d@kappa.example", seq), "password": apptest.Password}
		for k, v := range org {
			o[k] = v
		}
		for k, v := range sup {
			s[k] = v
		}
		return map[string]any{"organization": o, "supervisor": s}
	}
	_, b = e.call(t, http.MethodPost, hosts, "", host(map[string]any{"gstin": "27aapfu0939f1zv", "cin": "U72200KL2019PTC012345"}, nil), 200)
	var reg struct{ Organization, Supervisor map[string]any }
	apptest.Must(t, json.Unmarshal(b, &reg))
	if reg.Organization["verified"] != false || reg.Organization["registered_by"] != reg.Supervisor["id"] ||
		reg.Organization["gstin"] != "27AAPFU0939F1ZV" || reg.Supervisor["role"] != "supervisor" {
		t.Errorf("registration: %s", b)
	}
	for _, tc := range []struct {
		name  string
		body  any
		valid bool // the request matches the document (the server refuses what the document cannot say)
		want  string
	}{
		{"bad GSTIN check character", host(map[string]any{"gstin": "27AAPFU0939F1ZW"}, nil), true, `"organization":{"gstin":{"code":"validation_invalid_format"`},
		{"taken email", host(nil, map[string]any{"email": w.CoordA.Email()}), true, `"supervisor":{"email":{"code":`},
		{"no name", host(map[string]any{"name": ""}, nil), false, `"organization":{"name":{"code":"validation_required"`},
		{"short password", host(nil, map[string]any{"password": "x"}), false, `"supervisor":{"password":{"code":`},
		{"asks to be verified", host(map[string]any{"verified": true}, nil), false, `"data":{}`},
		{"not an object", "name=Kappa", false, `"data":{}`},
	} {
		var b []byte
		if tc.valid {
			_, b = e.call(t, http.MethodPost, hosts, "", tc.body, 400)
		} else {
			_, b = e.callInvalid(t, http.MethodPost, hosts, "", tc.body, 400)
		}
		if !bytes.Contains(b, []byte(tc.want)) {
			t.Errorf("%s: %s, want %s", tc.name, b, tc.want)
		}
	}
	e.call(t, http.MethodPost, hosts, w.SupX.Token, host(nil, nil), 403)

	// Rate-limited for guests: 10 a minute per address (only requests made
	// while limits are on count).
	apptest.RateLimits(t, w.App, true)
	for range 10 {
		e.call(t, http.MethodPost, hosts, "", host(nil, nil), 200)
	}
	e.call(t, http.MethodPost, hosts, "", host(nil, nil), 429)
}

// TestValidatorCatchesMismatches makes sure the checks above have teeth: a
// response that breaks the document is reported.
func TestValidatorCatchesMismatches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	cases := map[string]struct {
		url, body string
		status    int
	}{
		"unknown status value": {"/api/collections/applications/records/" + w.Application.Id,
			`{"id":"` + w.Application.Id + `","collectionId":"ib_applications","collectionName":"applications","status":"hired"}`, 200},
		"missing error message": {"/api/collections/applications/records/" + w.Application.Id, `{"status":404,"data":{}}`, 404},
		"unknown ib code shape": {"/api/collections/applications/records/" + w.Application.Id,
			`{"status":400,"message":"x","data":{"f":{"code":"Not A Code","message":"m"}}}`, 400},
		"verify without signature": {"/api/ib/verify/IB-2026-7K3F9QXD", `{"number":"IB-2026-7K3F9QXD","status":"valid"}`, 200},
		"stats with an unknown status": {"/api/ib/stats",
			`{"internships":{"draft":0,"open":0,"closed":0,"cancelled":0,"archived":1},"applications":{},"placements":{},"logbook_pending":0,"certificates":{}}`, 200},
		"pocketbase date in RFC 3339": {"/api/collections/internships/records/" + w.Internship.Id,
			strings.Replace(mustView(t, e, "/api/collections/internships/records/"+w.Internship.Id, w.S1.Token), `"starts_on":"`+w.Start.String()+`"`,
				`"starts_on":"`+w.Start.Time().Format(time.RFC3339)+`"`, 1), 200},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.url, nil)
			res := &http.Response{StatusCode: tc.status, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(tc.body)), Request: req}
			if ok, _ := e.v.ValidateHttpResponse(req, res); ok {
				t.Errorf("a bad response passed: %s", tc.body)
			}
		})
	}
}

// TestOnboardingSchemasHaveTeeth pairs a response and a request of the
// onboarding routes that match the document with one that differs in a
// single point: the first passes, the second is reported. The nested error
// data of the host registration is allowed there only.
func TestOnboardingSchemasHaveTeeth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	roster := "/api/ib/institutions/" + e.w.InstA.Id + "/roster"
	const hosts = "/api/ib/hosts/register"
	const reissue = "/api/ib/certificates/abc/reissue"
	const csvReport = "register_no,name,email,program,semester,apaar_id,phone,result,message\nR-1,N,n@example.test,,1,,,unchanged,Already on the roster as given.\n"
	fieldErr := `{"code":"validation_required","message":"Cannot be blank."}`
	responses := map[string]struct {
		url, ctype string
		status     int
		good, bad  string
	}{
		"roster result": {roster, "application/json", 200,
			`{"rows":[{"row":2,"register_no":"R-1","result":"created","message":"m"}],"created":1,"updated":0,"unchanged":0,"errors":0}`,
			`{"rows":[{"row":2,"register_no":"R-1","result":"skipped","message":"m"}],"created":1,"updated":0,"unchanged":0,"errors":0}`},
		"roster totals": {roster, "application/json", 200,
			`{"rows":[],"created":0,"updated":0,"unchanged":0,"errors":0}`, `{"rows":[],"created":0,"updated":0,"unchanged":0}`},
		"roster CSV report header": {roster, "text/csv; charset=utf-8", 200, csvReport,
			strings.Replace(csvReport, ",result,message", "", 1)},
		"roster file error": {roster, "application/json", 400,
			`{"status":400,"message":"m","data":{"file":{"code":"validation_invalid_file","message":"m"}}}`,
			`{"status":400,"message":"m","data":{"file":{"code":"validation_invalid_file"}}}`},
		"roster too large": {roster, "application/json", 413, `{"status":413,"message":"m","data":{}}`, `{"status":413,"data":{}}`},
		"host registration answer": {hosts, "application/json", 200,
			mustRegistration(t, e), strings.Replace(mustRegistration(t, e), `"supervisor":`, `"supervisor_":`, 1)},
		"host refusal nested under its part": {hosts, "application/json", 400,
			`{"status":400,"message":"m","data":{"supervisor":{"email":` + fieldErr + `}}}`,
			`{"status":400,"message":"m","data":{"email":` + fieldErr + `}}`},
		"host refusal of an unknown part": {hosts, "application/json", 400,
			`{"status":400,"message":"m","data":{"organization":{"name":` + fieldErr + `}}}`,
			`{"status":400,"message":"m","data":{"company":{"name":` + fieldErr + `}}}`},
		"other routes keep flat field errors": {reissue, "application/json", 400,
			`{"status":400,"message":"m","data":{"status":{"code":"ib_locked","message":"m"}}}`,
			`{"status":400,"message":"m","data":{"organization":{"status":{"code":"ib_locked","message":"m"}}}}`},
	}
	for name, tc := range responses {
		t.Run(name, func(t *testing.T) {
			for _, body := range []string{tc.good, tc.bad} {
				req := httptest.NewRequest(http.MethodPost, tc.url, nil)
				res := &http.Response{StatusCode: tc.status, Header: http.Header{"Content-Type": {tc.ctype}},
					Body: io.NopCloser(strings.NewReader(body)), Request: req}
				ok, errs := e.v.ValidateHttpResponse(req, res)
				if body == tc.good && !ok {
					t.Errorf("a good response failed: %s\n%s", body, describe(errs))
				}
				if body == tc.bad && ok {
					t.Errorf("a bad response passed: %s", body)
				}
			}
		})
	}

	file := apptest.File{Field: "file", Name: "roster.csv", Content: []byte("register_no,name,email,semester\nR-1,N,n@example.test,1\n")}
	goodHost := `{"organization":{"name":"K","kind":"startup","district":"Wayanad"},"supervisor":{"name":"N","email":"n@example.test","password":"` + apptest.Password + `"}}`
	requests := map[string]struct {
		url       string
		good, bad func() (body []byte, contentType string)
		badURL    string // the bad request's URL, when not url
	}{
		"roster needs the multipart field file": {roster,
			func() ([]byte, string) { m := multipart(t, nil, file); return m.data, m.contentType },
			func() ([]byte, string) {
				m := multipart(t, nil, apptest.File{Field: "roster", Name: file.Name, Content: file.Content})
				return m.data, m.contentType
			}, ""},
		"roster body is CSV or multipart": {roster + "?dry_run=1",
			func() ([]byte, string) { return file.Content, "text/csv" },
			func() ([]byte, string) { return file.Content, "application/json" }, ""},
		"roster dry_run values": {roster + "?format=csv&dry_run=true",
			func() ([]byte, string) { return file.Content, "text/csv" },
			func() ([]byte, string) { return file.Content, "text/csv" }, roster + "?format=csv&dry_run=yes"},
		"host registration refuses unknown fields": {hosts,
			func() ([]byte, string) { return []byte(goodHost), "application/json" },
			func() ([]byte, string) {
				return []byte(strings.Replace(goodHost, `"district"`, `"verified":true,"district"`, 1)), "application/json"
			}, ""},
		"host registration needs the supervisor's password": {hosts,
			func() ([]byte, string) { return []byte(goodHost), "application/json" },
			func() ([]byte, string) {
				return []byte(strings.Replace(goodHost, `,"password":"`+apptest.Password+`"`, "", 1)), "application/json"
			}, ""},
	}
	for name, tc := range requests {
		t.Run(name, func(t *testing.T) {
			for i, mk := range []func() ([]byte, string){tc.good, tc.bad} {
				data, ct := mk()
				u := tc.url
				if i == 1 && tc.badURL != "" {
					u = tc.badURL
				}
				req := httptest.NewRequest(http.MethodPost, u, bytes.NewReader(data))
				req.Header.Set("Content-Type", ct)
				if tc.url != hosts {
					req.Header.Set("Authorization", "Bearer "+e.w.CoordA.Token)
				}
				ok, errs := e.v.ValidateHttpRequest(req)
				if i == 0 && !ok {
					t.Errorf("a good request failed: %s\n%s", data, describe(errs))
				}
				if i == 1 && ok {
					t.Errorf("a bad request passed: %.300s", data)
				}
			}
		})
	}
}

// mustRegistration is a real answer of POST /api/ib/hosts/register (made
// once per env).
func mustRegistration(t *testing.T, e *env) string {
	t.Helper()
	if e.registration == "" {
		res := e.c.Do(http.MethodPost, "/api/ib/hosts/register", "", map[string]any{
			"organization": map[string]any{"name": "Lambda Works", "kind": "startup", "district": "Thrissur"},
			"supervisor":   map[string]any{"name": "Devi", "email": "devi@lambda.example", "password": apptest.Password},
		})
		if res.Status != 200 {
			t.Fatalf("registration: %d %s", res.Status, res.String())
		}
		e.registration = res.String()
	}
	return e.registration
}

func mustView(t *testing.T, e *env, url, token string) string {
	t.Helper()
	res := e.c.Do(http.MethodGet, url, token, nil)
	if res.Status != 200 {
		t.Fatalf("view %s: %d", url, res.Status)
	}
	return res.String()
}

func urlq(s string) string {
	return strings.NewReplacer(" ", "%20", "'", "%27", "=", "%3D").Replace(s)
}

func TestDocsPage(t *testing.T) {
	t.Parallel()
	e := newWorld(t)
	res := e.c.Do(http.MethodGet, apidocs.PagePath, "", nil)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("docs: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	page := res.String()
	for _, want := range []string{
		"<h1>Internbase API reference</h1>", `id="collection-applications"`, `id="collection-users"`,
		"<code>offer_expires_at</code>", "submitted, endorsed, shortlisted, offered", "<code>ib_no_seats</code>",
		"<code>/api/ib/verify/{number}</code>", "<code>/api/collections/logbook_entries/records/{id}</code>",
		"<code>/api/ib/reports/credits</code>", "<code>/api/ib/institutions/{id}/roster</code>", "<code>/api/ib/hosts/register</code>",
		"<code>/api/ib/digilocker/pulluri</code>", "<code>/api/ib/digilocker/pulldoc</code>",
		"<code>ib_not_enrolled</code>", "<code>ib_unverified</code>", "Authorization: Bearer &lt;token&gt;", `href="/api/ib/openapi.json"`,
		"pattern ^[A-Z0-9][A-Z0-9_-]*$", "protected (download with a file token)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "<link", "src=", "@import", "https://"} {
		if strings.Contains(page, banned) {
			t.Errorf("the page has %q (it must work without JavaScript or a CDN)", banned)
		}
	}
	if strings.Contains(page, "private_key") || strings.Contains(page, "tokenKey") {
		t.Error("the page lists hidden fields")
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

// TestCreditsReportCSVHasTeeth: a credits CSV passes the document with
// either header row (format=csv or format=nad), and a NAD file whose
// header lost or reordered a column is reported.
func TestCreditsReportCSVHasTeeth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	nad := strings.Join(reports.NADColumns, ",")
	swapped := strings.Replace(nad, "ORG_CODE,ORG_NAME,", "ORG_NAME,ORG_CODE,", 1)
	for body, want := range map[string]bool{
		strings.Join(reports.CreditColumns, ",") + "\n": true,
		nad + "\n": true,
		nad + "\r\n" + strings.Repeat(",", len(reports.NADColumns)-1) + "\n": true,
		strings.Replace(nad, ",SUB1_CREDIT,", ",", 1) + "\n":                 false,
		swapped + "\n":               false,
		"register_no,student_name\n": false,
	} {
		for _, format := range []string{"csv", "nad"} {
			req := httptest.NewRequest(http.MethodGet, "/api/ib/reports/credits?format="+format+"&institution=abc", nil)
			res := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/csv; charset=utf-8"}},
				Body: io.NopCloser(strings.NewReader(body)), Request: req}
			if ok, errs := e.v.ValidateHttpResponse(req, res); ok != want {
				t.Errorf("format=%s, body %.60q: valid %v, want %v\n%s", format, body, ok, want, describe(errs))
			}
		}
	}
}
