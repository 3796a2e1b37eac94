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

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apidocs"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
)

// env is a populated app with the API description registered, a client
// over its router and a validator of the document the server serves.
type env struct {
	w   *apptest.World
	c   *apptest.Client
	doc map[string]any
	raw []byte
	v   validator.Validator
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
// keeps a validator of it.
func (e *env) load(t *testing.T) {
	t.Helper()
	res := e.c.Do(http.MethodGet, apidocs.DocumentPath, "", nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s %.300s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	e.raw = res.Body
	e.doc = nil
	apptest.Must(t, json.Unmarshal(res.Body, &e.doc))
	doc, err := libopenapi.NewDocument(res.Body)
	if err != nil {
		t.Fatalf("parse document: %v", err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Fatalf("openapi version %q", v)
	}
	if _, err := doc.BuildV3Model(); err != nil {
		t.Fatalf("build v3 model: %v", err)
	}
	// No schema cache: the validator compiles the schemas a test checks
	// against when it checks them, instead of every schema of the document
	// up front (which was most of this package's time).
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions(), config.WithSchemaCache(nil))
	if len(errs) > 0 {
		t.Fatalf("new validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok || len(verrs) > 0 {
		t.Fatalf("the document does not validate against the OpenAPI 3.1 schema:\n%s", describe(verrs))
	}
	e.v = v
}

func describe(errs []*verrors.ValidationError) string {
	var sb strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&sb, "- %s: %s\n", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&sb, "    %s at %s (%s)\n", s.Reason, s.FieldPath, s.KeywordLocation)
		}
	}
	return sb.String()
}

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
			"ib_incomplete", "ib_fee", "ib_filter"}},
		{"error shape", s("ApiError", "required"), []any{"status", "message", "data"}},
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
		"/api/ib/credentials/{number}", "/api/ib/certificates/{id}/reissue", "/api/ib/reports/credits", "/api/ib/stats",
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
	for _, u := range []apptest.User{w.S1, w.CoordA, w.SupX, w.MentorA, w.Admin} {
		e.call(t, http.MethodGet, "/api/ib/stats", u.Token, nil, 200)
	}
	_, b = e.call(t, http.MethodGet, "/api/ib/reports/credits?institution="+w.InstA.Id, w.CoordA.Token, nil, 200)
	if !bytes.Contains(b, []byte(number)) {
		t.Errorf("credits report lacks the certificate: %s", b)
	}
	e.call(t, http.MethodGet, "/api/ib/reports/credits?format=csv&institution="+w.InstA.Id, w.CoordA.Token, nil, 200)
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
		"<code>/api/ib/reports/credits</code>", "Authorization: Bearer &lt;token&gt;", `href="/api/ib/openapi.json"`,
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
