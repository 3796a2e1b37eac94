package digilocker_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/digilocker"
	"github.com/internbase/internbase/internal/testtool"
)

const (
	issuerID = "in.ac.internbase.test"
	docType  = "ITCER"
	apiKey   = "test-api-key-5f1c"
)

// issued returns a world whose placement was completed and certified (the
// world's seeded certificate, which has no PDF, is superseded), with the
// DigiLocker issuer configured.
func issued(t testing.TB) (*apptest.World, *core.Record) {
	t.Helper()
	return issuedWith(t, result{hours: 64.5, credits: 2, marks: 40.5})
}

// result is what a completed placement's certificate states: the student's
// name (the world's when empty), hours, credits and marks.
type result struct {
	name                  string
	hours, credits, marks float64
}

// issuedWith is issued with the placement's result r.
func issuedWith(t testing.TB, r result) (*apptest.World, *core.Record) {
	t.Helper()
	w := apptest.NewWorld(t)
	if r.name != "" {
		_, err := w.App.DB().Update("users", dbx.Params{"name": r.name}, dbx.HashExp{"id": w.Placement.GetString("student")}).Execute()
		apptest.Must(t, err)
	}
	_, err := w.App.DB().Update("placements", dbx.Params{"approved_hours": r.hours, "credits_earned": r.credits, "marks": r.marks,
		"percent": 81, "grade": "A+", "grade_point": 9, "status": "completed", "completed_on": w.Today.String()},
		dbx.HashExp{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	_, err = w.App.DB().Update("certificates", dbx.Params{"status": "superseded"}, dbx.HashExp{"id": w.Certificate.Id}).Execute()
	apptest.Must(t, err)
	p, err := w.App.FindRecordById("placements", w.Placement.Id)
	apptest.Must(t, err)
	w.Placement = p
	apptest.Must(t, certificates.Issue(w.App, p))
	c, err := w.App.FindFirstRecordByFilter("certificates", "placement = {:p} && status = 'valid'", dbx.Params{"p": p.Id})
	apptest.Must(t, err)
	digilocker.Configure(w.App, digilocker.Config{IssuerID: issuerID, DocType: docType, APIKey: apiKey})
	return w, c
}

// The client below is written from the specification, not from the
// package: its XML templates are the specification's sample requests, and
// its HMAC is the specification's ("DigiLocker calculates the hash message
// authentication code (hmac) of the HTTP request body using SHA256 hashing
// algorithm and the API Key provided by the issuer as the hashing key ...
// The resulting hmac is converted to Base64 format").

func specHMAC(key string, body []byte) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// specTS is the specification's timestamp form (2016-01-11T14:44:48+05:30).
func specTS(t time.Time) string {
	return t.In(time.FixedZone("IST", 5*3600+1800)).Format("2006-01-02T15:04:05-07:00")
}

func pullURIBody(ts, format, docType, fullName, regNo, code string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<PullURIRequest xmlns:ns2="http://tempuri.org/" ver="1.0" ts="%s" txn="txn-42" orgId="%s" format="%s">
<DocDetails>
<DocType>%s</DocType>
<DigiLockerId>123e4567-e89b-12d3-a456-426655440000</DigiLockerId>
<UID></UID>
<FullName>%s</FullName>
<DOB></DOB>
<Photo></Photo>
<UDF1>%s</UDF1>
<UDF2>%s</UDF2>
</DocDetails>
</PullURIRequest>`, ts, issuerID, format, docType, xmlText(fullName), xmlText(regNo), xmlText(code))
}

func pullDocBody(ts, format, uri string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<PullDocRequest xmlns:ns2="http://tempuri.org/" ver="1.0" ts="%s" txn="txn-43" orgId="%s" format="%s">
<DocDetails>
<URI>%s</URI>
<DigiLockerId>123e4567-e89b-12d3-a456-426655440000</DigiLockerId>
</DocDetails>
</PullDocRequest>`, ts, issuerID, format, xmlText(uri))
}

func xmlText(s string) string {
	var b strings.Builder
	apptestMust(xml.EscapeText(&b, []byte(s)))
	return b.String()
}

func apptestMust(err error) {
	if err != nil {
		panic(err)
	}
}

// specResponse is the specification's PullURIResponse / PullDocResponse.
type specResponse struct {
	XMLName        xml.Name
	ResponseStatus struct {
		Status string `xml:"Status,attr"`
		TS     string `xml:"ts,attr"`
		Txn    string `xml:"txn,attr"`
		Text   string `xml:",chardata"`
	} `xml:"ResponseStatus"`
	DocDetails struct {
		URI         string `xml:"URI"`
		DocContent  string `xml:"DocContent"`
		DataContent string `xml:"DataContent"`
		Persons     []struct {
			Name string `xml:"name,attr"`
		} `xml:"IssuedTo>Persons>Person"`
	} `xml:"DocDetails"`
}

type call struct {
	status int
	body   string
	res    specResponse
	// requestErrs says how the request differs from the OpenAPI document
	// ("" when it matches it).
	requestErrs string
}

// post sends a request to a DigiLocker route and checks the answer against
// the OpenAPI document the app serves, whatever its status; it records
// whether the request matches the document (callers say whether it should).
// The text of ResponseStatus, which OpenAPI 3.1 cannot describe, is checked
// here: the Status on a 200, the reason of a refusal otherwise.
func post(t *testing.T, w *apptest.World, route, body string, headers ...string) call {
	t.Helper()
	path := "/api/ib/digilocker/" + route
	headers = append([]string{"Content-Type", "application/xml"}, headers...)
	r := clientOf(t, w).Do(http.MethodPost, path, "", strings.NewReader(body), headers...)
	c := call{status: r.Status, body: r.String()}
	if r.Status != 404 {
		if err := xml.Unmarshal(r.Body, &c.res); err != nil {
			t.Fatalf("%s answered %d with no XML: %v\n%s", route, r.Status, err, r.String())
		}
		text, st := c.res.ResponseStatus.Text, c.res.ResponseStatus.Status
		if (r.Status == 200 && text != st) || (r.Status != 200 && (st != "0" || text == "" || text == "0")) {
			t.Errorf("%s answered %d with ResponseStatus %q, text %q", route, r.Status, st, text)
		}
	}
	req := func() *http.Request {
		q := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		for i := 0; i+1 < len(headers); i += 2 {
			q.Header.Set(headers[i], headers[i+1])
		}
		return q
	}
	doc := apiDocOf(t, w)
	c.requestErrs = doc.RequestErrors(req())
	res := &http.Response{StatusCode: r.Status, Header: r.Header, Body: io.NopCloser(bytes.NewReader(r.Body))}
	if errs := doc.ResponseErrors(req(), res); errs != "" {
		t.Errorf("%s → %d: the answer does not match the OpenAPI document:\n%s\nbody: %.1500s", route, r.Status, errs, r.Body)
	}
	return c
}

// wellFormed fails t when the request of got does not match the OpenAPI
// document.
func wellFormed(t *testing.T, what string, got call) {
	t.Helper()
	if got.requestErrs != "" {
		t.Errorf("%s: the request does not match the OpenAPI document:\n%s", what, got.requestErrs)
	}
}

// clients are the routers of the test worlds (built once per app), and
// apiDocs their OpenAPI documents (loaded once per app).
var clients, apiDocs sync.Map

func clientOf(t *testing.T, w *apptest.World) *apptest.Client {
	if c, ok := clients.Load(w); ok {
		return c.(*apptest.Client).For(t)
	}
	c, _ := clients.LoadOrStore(w, apptest.NewClient(t, w.App))
	return c.(*apptest.Client).For(t)
}

func apiDocOf(t *testing.T, w *apptest.World) *apptest.APIDoc {
	t.Helper()
	if d, ok := apiDocs.Load(w); ok {
		return d.(*apptest.APIDoc)
	}
	d, _ := apiDocs.LoadOrStore(w, apptest.LoadAPIDoc(t, clientOf(t, w)))
	return d.(*apptest.APIDoc)
}

func signed(t *testing.T, w *apptest.World, route, body string) call {
	t.Helper()
	return post(t, w, route, body, "x-digilocker-hmac", specHMAC(apiKey, []byte(body)))
}

// checkDocument checks a successful answer: the URI of c, the stored PDF
// (its SHA-256 is the certificate's), and the facts in DataContent.
func checkDocument(t *testing.T, got call, c *core.Record, wantPDF bool) {
	t.Helper()
	if got.status != 200 || got.res.ResponseStatus.Status != "1" {
		t.Fatalf("answer %d %s", got.status, got.body)
	}
	wellFormed(t, "a request that finds a document", got)
	if want := issuerID + "." + docType + "." + c.GetString("number"); got.res.DocDetails.URI != want {
		t.Errorf("URI %q, want %q", got.res.DocDetails.URI, want)
	}
	if wantPDF {
		pdf, err := base64.StdEncoding.DecodeString(got.res.DocDetails.DocContent)
		if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
			t.Fatalf("DocContent is not a base64 PDF: %v", err)
		}
		if sum := sha256.Sum256(pdf); hex.EncodeToString(sum[:]) != c.GetString("sha256") {
			t.Errorf("PDF hash %x, the certificate's %s", sum, c.GetString("sha256"))
		}
	} else if got.res.DocDetails.DocContent != "" {
		t.Errorf("format xml answered a PDF")
	}
	raw, err := base64.StdEncoding.DecodeString(got.res.DocDetails.DataContent)
	if err != nil {
		t.Fatalf("DataContent: %v", err)
	}
	var data struct {
		Number   string `xml:"number,attr"`
		IssuedAt string `xml:"issuedAt,attr"`
		By       struct {
			Name string `xml:"name,attr"`
		} `xml:"IssuedBy>Organization"`
		To struct {
			Name       string `xml:"name,attr"`
			RegisterNo string `xml:"registerNo,attr"`
		} `xml:"IssuedTo>Person"`
		In struct {
			Organization string `xml:"organization,attr"`
			Title        string `xml:"title,attr"`
			StartsOn     string `xml:"startsOn,attr"`
			EndsOn       string `xml:"endsOn,attr"`
			Hours        string `xml:"hours,attr"`
			Credits      string `xml:"credits,attr"`
			Marks        string `xml:"marks,attr"`
			MaxMarks     string `xml:"maxMarks,attr"`
			Grade        string `xml:"grade,attr"`
		} `xml:"CertificateData>Internship"`
	}
	if err := xml.Unmarshal(raw, &data); err != nil {
		t.Fatalf("DataContent is not XML: %v\n%s", err, raw)
	}
	t.Run("DataContent against datacontent.xsd", func(t *testing.T) {
		if errs := xsdErrors(t, raw); errs != "" {
			t.Errorf("DataContent does not match schema/datacontent.xsd:\n%s\n%s", errs, raw)
		}
	})
	got2 := []string{data.Number, data.To.Name, data.To.RegisterNo, data.By.Name, data.In.Organization, data.In.Title,
		data.In.StartsOn, data.In.EndsOn, data.In.Hours, data.In.Credits, data.In.Marks, data.In.MaxMarks, data.In.Grade, data.IssuedAt}
	want := []string{c.GetString("number"), c.GetString("student_name"), c.GetString("register_no"), c.GetString("institution_name"),
		c.GetString("organization_name"), c.GetString("title"), c.GetString("starts_on"), c.GetString("ends_on"),
		decimal(c.GetFloat("hours")), decimal(c.GetFloat("credits")), decimal(c.GetFloat("marks")), decimal(c.GetFloat("max_marks")), c.GetString("grade"),
		c.GetDateTime("issued_at").Time().UTC().Format(time.RFC3339)}
	if strings.Join(got2, "|") != strings.Join(want, "|") {
		t.Errorf("DataContent\n got %q\nwant %q", got2, want)
	}
}

func TestPullURIAndPullDoc(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	ts := specTS(clock.Now(w.App))
	name, regNo, code := c.GetString("student_name"), c.GetString("register_no"), w.InstA.GetString("code")

	got := signed(t, w, "pulluri", pullURIBody(ts, "both", docType, name, regNo, code))
	checkDocument(t, got, c, true)
	if got.res.ResponseStatus.TS != ts || got.res.ResponseStatus.Txn != "txn-42" || got.res.XMLName.Local != "PullURIResponse" {
		t.Errorf("status element %+v of %s", got.res.ResponseStatus, got.res.XMLName.Local)
	}
	if len(got.res.DocDetails.Persons) != 1 || got.res.DocDetails.Persons[0].Name != name {
		t.Errorf("IssuedTo %+v", got.res.DocDetails.Persons)
	}
	// The name as DigiLocker may spell it (case, spaces, dots), the code in
	// lower case, no format (a PDF, per the specification).
	loose := "  " + strings.ToUpper(strings.ReplaceAll(name, " ", "  ")) + ". "
	checkDocument(t, signed(t, w, "pulluri", pullURIBody(ts, "", docType, loose, regNo, strings.ToLower(code))), c, true)
	checkDocument(t, signed(t, w, "pulluri", pullURIBody(ts, "xml", docType, name, regNo, code)), c, false)

	uri := got.res.DocDetails.URI
	doc := signed(t, w, "pulldoc", pullDocBody(ts, "both", uri))
	checkDocument(t, doc, c, true)
	if doc.res.XMLName.Local != "PullDocResponse" || doc.res.ResponseStatus.Txn != "txn-43" {
		t.Errorf("pulldoc answer %s %+v", doc.res.XMLName.Local, doc.res.ResponseStatus)
	}
	checkDocument(t, signed(t, w, "pulldoc", pullDocBody(ts, "xml", uri)), c, false)
}

// notFound checks the specification's "no document" answer: Status 0 and no
// document (nor an empty IssuedTo).
func notFound(t *testing.T, what string, got call) {
	t.Helper()
	wellFormed(t, what, got)
	if got.status != 200 || got.res.ResponseStatus.Status != "0" || got.res.DocDetails.DocContent != "" ||
		got.res.DocDetails.DataContent != "" || strings.Contains(got.body, "IssuedTo") {
		t.Errorf("%s: %d %s", what, got.status, got.body)
	}
}

func TestPullURIFindsNothingElse(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	ts := specTS(clock.Now(w.App))
	name, regNo, code := c.GetString("student_name"), c.GetString("register_no"), w.InstA.GetString("code")
	notFound(t, "unknown student", signed(t, w, "pulluri", pullURIBody(ts, "both", docType, name, regNo+"X", code)))
	notFound(t, "another college", signed(t, w, "pulluri", pullURIBody(ts, "both", docType, name, regNo, w.InstB.GetString("code"))))
	notFound(t, "unknown college", signed(t, w, "pulluri", pullURIBody(ts, "both", docType, name, regNo, "NOPE")))
	notFound(t, "name mismatch", signed(t, w, "pulluri", pullURIBody(ts, "both", docType, "Somebody Else", regNo, code)))
	notFound(t, "no name", signed(t, w, "pulluri", pullURIBody(ts, "both", docType, "", regNo, code)))
	notFound(t, "another doctype", signed(t, w, "pulluri", pullURIBody(ts, "both", "OTHER", name, regNo, code)))
	for _, uri := range []string{"", "IB-2026-AAAAAAAA", issuerID + "." + docType + ".IB-2026-AAAAAAAA",
		"other.issuer." + docType + "." + c.GetString("number"), issuerID + ".OTHER." + c.GetString("number")} {
		notFound(t, "pulldoc "+uri, signed(t, w, "pulldoc", pullDocBody(ts, "both", uri)))
	}
}

func TestRevokedAndSupersededAreNeverServed(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	ts := specTS(clock.Now(w.App))
	name, regNo, code := c.GetString("student_name"), c.GetString("register_no"), w.InstA.GetString("code")
	uri := issuerID + "." + docType + "." + c.GetString("number")

	next, err := certificates.Reissue(w.App, c, w.CoordA.Record)
	apptest.Must(t, err)
	notFound(t, "superseded by URI", signed(t, w, "pulldoc", pullDocBody(ts, "both", uri)))
	// The search finds the new certificate, never the old one.
	checkDocument(t, signed(t, w, "pulluri", pullURIBody(ts, "both", docType, name, regNo, code)), next, true)

	_, err = w.App.DB().Update("certificates", dbx.Params{"status": "revoked", "revoke_reason": "Issued in error."},
		dbx.HashExp{"id": next.Id}).Execute()
	apptest.Must(t, err)
	notFound(t, "revoked by search", signed(t, w, "pulluri", pullURIBody(ts, "both", docType, name, regNo, code)))
	notFound(t, "revoked by URI", signed(t, w, "pulldoc", pullDocBody(ts, "both", issuerID+"."+docType+"."+next.GetString("number"))))
}

func TestRequestsAreAuthenticated(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	now := clock.Now(w.App)
	name, regNo, code := c.GetString("student_name"), c.GetString("register_no"), w.InstA.GetString("code")
	uri := issuerID + "." + docType + "." + c.GetString("number")
	for _, route := range []string{"pulluri", "pulldoc"} {
		body := func(ts string) string {
			if route == "pulluri" {
				return pullURIBody(ts, "both", docType, name, regNo, code)
			}
			return pullDocBody(ts, "both", uri)
		}
		fresh := body(specTS(now))
		// conforms: whether the request matches the OpenAPI document (a
		// wrong HMAC or a stale ts looks like a right one there).
		refused := func(what string, got call, status int, conforms bool) {
			t.Helper()
			if got.status != status || got.res.ResponseStatus.Status != "0" || got.res.DocDetails.DocContent != "" {
				t.Errorf("%s %s: %d %s", route, what, got.status, got.body)
			}
			// The reason is a sentence: a capital first and a full stop.
			if text := got.res.ResponseStatus.Text; !regexp.MustCompile(`^\p{Lu}.*\.$`).MatchString(text) {
				t.Errorf("%s %s: the reason %q is not a sentence", route, what, text)
			}
			if (got.requestErrs == "") != conforms {
				t.Errorf("%s %s: the request matches the OpenAPI document: %v, want %v\n%s", route, what, got.requestErrs == "", conforms, got.requestErrs)
			}
		}
		refused("missing hmac", post(t, w, route, fresh), 401, false)
		refused("empty hmac", post(t, w, route, fresh, "x-digilocker-hmac", ""), 401, false)
		refused("hmac of another key", post(t, w, route, fresh, "x-digilocker-hmac", specHMAC("another-key", []byte(fresh))), 401, true)
		refused("hmac of another body", post(t, w, route, fresh, "x-digilocker-hmac", specHMAC(apiKey, []byte(body(specTS(now.Add(time.Second)))))), 401, true)
		refused("hex hmac", post(t, w, route, fresh, "x-digilocker-hmac", hexHMAC(apiKey, []byte(fresh))), 401, true)
		refused("not base64", post(t, w, route, fresh, "x-digilocker-hmac", "%%%"), 401, false)
		refused("stale ts", signed(t, w, route, body(specTS(now.Add(-digilocker.MaxSkew-time.Minute)))), 401, true)
		refused("future ts", signed(t, w, route, body(specTS(now.Add(digilocker.MaxSkew+time.Minute)))), 401, true)
		refused("no ts", signed(t, w, route, body("")), 401, false)
		refused("malformed ts", signed(t, w, route, body("yesterday")), 401, false)
		// Within the window either way: served.
		for _, d := range []time.Duration{-digilocker.MaxSkew + time.Minute, digilocker.MaxSkew - time.Minute} {
			checkDocument(t, signed(t, w, route, body(specTS(now.Add(d)))), c, true)
		}
	}
}

func hexHMAC(key string, body []byte) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write(body)
	return base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(m.Sum(nil))))
}

func TestMalformedRequestsAre4xx(t *testing.T) {
	t.Parallel()
	w, _ := issued(t)
	ts := specTS(clock.Now(w.App))
	for _, body := range []string{"", "not xml", "<PullURIRequest", `<PullDocRequest ts="` + ts + `">` + "\x00</PullDocRequest>",
		`<Other ts="` + ts + `"/>`, `<PullURIRequest ts="` + ts + `" format="docx"><DocDetails/></PullURIRequest>`,
		`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><PullURIRequest ts="` + ts + `"><DocDetails><UDF1>&e;</UDF1></DocDetails></PullURIRequest>`} {
		for _, route := range []string{"pulluri", "pulldoc"} {
			got := signed(t, w, route, body)
			if got.status != 400 || got.res.ResponseStatus.Status != "0" {
				t.Errorf("%s %q: %d %s", route, body, got.status, got.body)
			}
			if got.requestErrs == "" {
				t.Errorf("%s %q: the OpenAPI document accepts the request", route, body)
			}
			if unsigned := post(t, w, route, body); unsigned.status != 401 {
				t.Errorf("unsigned %s %q: %d", route, body, unsigned.status)
			}
		}
	}
	big := strings.Repeat("x", digilocker.MaxBody+1)
	if got := signed(t, w, "pulluri", big); got.status != 413 || got.requestErrs == "" {
		t.Errorf("oversized body: %d %q", got.status, got.requestErrs)
	}
}

func TestRoutesAre404Unconfigured(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	ts := specTS(clock.Now(w.App))
	for _, cfg := range []digilocker.Config{{}, {IssuerID: issuerID, DocType: docType}, {IssuerID: issuerID, APIKey: apiKey}, {DocType: docType, APIKey: apiKey}} {
		digilocker.Configure(w.App, cfg)
		for route, body := range map[string]string{
			"pulluri": pullURIBody(ts, "both", docType, c.GetString("student_name"), c.GetString("register_no"), w.InstA.GetString("code")),
			"pulldoc": pullDocBody(ts, "both", issuerID+"."+docType+"."+c.GetString("number")),
		} {
			got := signed(t, w, route, body)
			if got.status != 404 || strings.Contains(got.body, "DocContent") {
				t.Errorf("%+v %s: %d %s", cfg, route, got.status, got.body)
			}
			wellFormed(t, route+" unconfigured", got)
		}
	}
}

func decimal(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// xsdFile is the XML Schema of DataContent.
const xsdFile = "schema/datacontent.xsd"

// xsdErrors validates a DataContent document against schema/datacontent.xsd
// with libxml2's xmllint, an implementation independent of this package's
// (Go's encoding/xml): "" when it is valid, else what xmllint says.
func xsdErrors(t *testing.T, doc []byte) string {
	t.Helper()
	xmllint := testtool.RequireTool(t, "xmllint", "apt-get install libxml2-utils")
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsdFile, "-")
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		if !strings.Contains(string(out), "- validates") {
			t.Fatalf("xmllint: %s", out)
		}
		return ""
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		return string(out) // the document does not validate
	default:
		t.Fatalf("xmllint: %v\n%s", err, out)
		return ""
	}
}

// TestDataContentMatchesItsSchema pulls certificates of students named in
// Malayalam and Arabic script with fractional hours, credits and marks: the
// name matches, and each DataContent validates against datacontent.xsd
// (checkDocument) with the facts as written.
func TestDataContentMatchesItsSchema(t *testing.T) {
	t.Parallel()
	for _, r := range []result{
		{name: "അനഘ കൃഷ്ണൻ", hours: 37.25, credits: 1.5, marks: 42.75},
		{name: "فاطمة الزهراء", hours: 120.5, credits: 4, marks: 0.5},
		{name: "Émilie O'Brien & Sons <Test>", hours: 0.5, credits: 0.25, marks: 49.5},
	} {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			w, c := issuedWith(t, r)
			if c.GetString("student_name") != r.name || c.GetFloat("hours") != r.hours || c.GetFloat("credits") != r.credits ||
				c.GetFloat("marks") != r.marks {
				t.Fatalf("certificate %v, want %+v", c.FieldsData(), r)
			}
			ts := specTS(clock.Now(w.App))
			got := signed(t, w, "pulluri", pullURIBody(ts, "xml", docType, r.name, c.GetString("register_no"), w.InstA.GetString("code")))
			checkDocument(t, got, c, false)
			if len(got.res.DocDetails.Persons) != 1 || got.res.DocDetails.Persons[0].Name != r.name {
				t.Errorf("IssuedTo %+v", got.res.DocDetails.Persons)
			}
			raw, err := base64.StdEncoding.DecodeString(got.res.DocDetails.DataContent)
			apptest.Must(t, err)
			for _, want := range []string{`hours="` + decimal(r.hours) + `"`, `credits="` + decimal(r.credits) + `"`,
				`marks="` + decimal(r.marks) + `"`, xmlText(r.name)} {
				if !bytes.Contains(raw, []byte(want)) {
					t.Errorf("DataContent lacks %s:\n%s", want, raw)
				}
			}
			checkDocument(t, signed(t, w, "pulldoc", pullDocBody(ts, "both", got.res.DocDetails.URI)), c, true)
		})
	}
}

// TestDataContentSchemaHasTeeth: a DataContent that differs from a valid
// one in a single point is rejected by xmllint.
func TestDataContentSchemaHasTeeth(t *testing.T) {
	t.Parallel()
	_, c := issuedWith(t, result{name: "അനഘ കൃഷ്ണൻ", hours: 37.25, credits: 1.5, marks: 42.75})
	good, err := digilocker.DataContent(c)
	apptest.Must(t, err)
	if errs := xsdErrors(t, good); errs != "" {
		t.Fatalf("a real DataContent fails: %s\n%s", errs, good)
	}
	doc := string(good)
	attr := func(name string) string { // name="value" as written in doc
		i := strings.Index(doc, " "+name+`="`)
		if i < 0 {
			t.Fatalf("no %s in %s", name, doc)
		}
		j := strings.Index(doc[i+len(name)+3:], `"`)
		return doc[i+1 : i+len(name)+3+j+1]
	}
	element := func(name string) string { // <name>…</name>
		i, j := strings.Index(doc, "<"+name+">"), strings.Index(doc, "</"+name+">")
		if i < 0 || j < 0 {
			t.Fatalf("no %s in %s", name, doc)
		}
		return doc[i : j+len(name)+3]
	}
	for what, bad := range map[string]string{
		"a day that does not exist":    strings.Replace(doc, attr("startsOn"), `startsOn="2026-02-30"`, 1),
		"a date in another form":       strings.Replace(doc, attr("endsOn"), `endsOn="30/06/2026"`, 1),
		"a date with a time":           strings.Replace(doc, attr("endsOn"), `endsOn="2026-06-30T00:00:00Z"`, 1),
		"issuedAt without a time zone": strings.Replace(doc, attr("issuedAt"), `issuedAt="2026-06-30T10:00:00"`, 1),
		"hours in exponent form":       strings.Replace(doc, attr("hours"), `hours="3.725e1"`, 1),
		"negative marks":               strings.Replace(doc, attr("marks"), `marks="-1"`, 1),
		"marks with a comma":           strings.Replace(doc, attr("marks"), `marks="42,75"`, 1),
		"a number with a U":            strings.Replace(doc, attr("number"), `number="IB-2026-UUUUUUUU"`, 1),
		"a number in lower case":       strings.Replace(doc, attr("number"), strings.ToLower(attr("number")), 1),
		"an empty name":                strings.Replace(doc, attr("name"), `name=""`, 1),
		"no IssuedTo":                  strings.Replace(doc, element("IssuedTo"), "", 1),
		"no grade":                     strings.Replace(doc, " "+attr("grade"), "", 1),
		"an unknown attribute":         strings.Replace(doc, attr("grade"), attr("grade")+` percent="81"`, 1),
		"elements out of order":        strings.Replace(strings.Replace(doc, element("IssuedBy"), "", 1), element("IssuedTo"), element("IssuedTo")+element("IssuedBy"), 1),
		"another root":                 strings.Replace(strings.Replace(doc, "<Certificate ", "<Credential ", 1), "</Certificate>", "</Credential>", 1),
	} {
		if bad == doc {
			t.Fatalf("%s: the change did not apply", what)
		}
		if errs := xsdErrors(t, []byte(bad)); errs == "" {
			t.Errorf("%s: xmllint accepts\n%s", what, bad)
		}
	}
}

// TestOpenAPIDocumentHasTeeth: an answer or a request that differs from a
// real one in a single point is reported by the OpenAPI validator, so the
// checks in post mean something.
func TestOpenAPIDocumentHasTeeth(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	ts := specTS(clock.Now(w.App))
	uriBody := pullURIBody(ts, "both", docType, c.GetString("student_name"), c.GetString("register_no"), w.InstA.GetString("code"))
	served := signed(t, w, "pulluri", uriBody)
	checkDocument(t, served, c, true)
	none := signed(t, w, "pulldoc", pullDocBody(ts, "xml", issuerID+"."+docType+".IB-2026-AAAAAAAA"))
	notFound(t, "no document", none)
	refusal := post(t, w, "pulluri", uriBody)
	if refusal.status != 401 {
		t.Fatalf("unsigned: %d", refusal.status)
	}
	doc := apiDocOf(t, w)
	const xmlType = "application/xml; charset=utf-8"
	dataContent := "<DataContent>" + served.res.DocDetails.DataContent + "</DataContent>"
	answers := map[string]struct {
		route, body, contentType string
		status                   int
	}{
		"real answer":                  {"pulluri", served.body, xmlType, 200},
		"real answer without a PDF":    {"pulldoc", none.body, xmlType, 200},
		"real refusal":                 {"pulluri", refusal.body, xmlType, 401},
		"a Status of 2":                {"pulluri", strings.Replace(served.body, `Status="1"`, `Status="2"`, 1), xmlType, 200},
		"no ts":                        {"pulluri", strings.Replace(served.body, ` ts="`+ts+`"`, "", 1), xmlType, 200},
		"Status 1 without DataContent": {"pulluri", strings.Replace(served.body, dataContent, "", 1), xmlType, 200},
		"Status 0 with DataContent": {"pulldoc", strings.Replace(none.body, "</DocDetails>", dataContent+"</DocDetails>", 1),
			xmlType, 200},
		"IssuedTo on pulldoc": {"pulldoc", strings.Replace(none.body, "</DocDetails>",
			`<IssuedTo><Persons><Person name="A"></Person></Persons></IssuedTo></DocDetails>`, 1), xmlType, 200},
		"a Person without a name":       {"pulluri", regexp.MustCompile(`<Person name="[^"]*">`).ReplaceAllString(served.body, "<Person>"), xmlType, 200},
		"an unknown element":            {"pulluri", strings.Replace(served.body, "<URI>", "<DOI>x</DOI><URI>", 1), xmlType, 200},
		"DocContent that is not base64": {"pulluri", strings.Replace(served.body, "<DocContent>", "<DocContent>%PDF-", 1), xmlType, 200},
		"another root":                  {"pulluri", strings.ReplaceAll(served.body, "PullURIResponse", "PullDocResponse"), xmlType, 200},
		"a refusal with a document": {"pulluri", strings.Replace(refusal.body, "</PullURIResponse>",
			"<DocDetails>"+dataContent+"</DocDetails></PullURIResponse>", 1), xmlType, 401},
		"a refusal with Status 1": {"pulluri", strings.Replace(refusal.body, `Status="0"`, `Status="1"`, 1), xmlType, 401},
		"JSON":                    {"pulluri", `{"status":"1"}`, "application/json", 200},
		"an undocumented status":  {"pulluri", refusal.body, xmlType, 403},
	}
	for name, a := range answers {
		req := httptest.NewRequest(http.MethodPost, "/api/ib/digilocker/"+a.route, strings.NewReader(uriBody))
		res := &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {a.contentType}},
			Body: io.NopCloser(strings.NewReader(a.body))}
		errs := doc.ResponseErrors(req, res)
		if strings.HasPrefix(name, "real") && errs != "" {
			t.Errorf("%s fails: %s", name, errs)
		}
		if !strings.HasPrefix(name, "real") && errs == "" {
			t.Errorf("%s passes: %.600s", name, a.body)
		}
	}

	requests := map[string]struct {
		route, body, hmac string
	}{
		"real request":                  {"pulluri", uriBody, specHMAC(apiKey, []byte(uriBody))},
		"no x-digilocker-hmac":          {"pulluri", uriBody, ""},
		"a hex HMAC":                    {"pulluri", uriBody, hex.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))[:63]},
		"format docx":                   {"pulluri", strings.Replace(uriBody, `format="both"`, `format="docx"`, 1), "c2ln"},
		"a ts without its zone":         {"pulluri", strings.Replace(uriBody, ts, ts[:19], 1), "c2ln"},
		"no UDF1":                       {"pulluri", regexp.MustCompile(`<UDF1>[^<]*</UDF1>`).ReplaceAllString(uriBody, ""), "c2ln"},
		"no DocDetails":                 {"pulluri", regexp.MustCompile(`(?s)<DocDetails>.*</DocDetails>`).ReplaceAllString(uriBody, ""), "c2ln"},
		"a Pull URI request to pulldoc": {"pulldoc", uriBody, "c2ln"},
	}
	for name, r := range requests {
		req := httptest.NewRequest(http.MethodPost, "/api/ib/digilocker/"+r.route, strings.NewReader(r.body))
		req.Header.Set("Content-Type", "application/xml")
		if r.hmac != "" {
			req.Header.Set(digilocker.HMACHeader, r.hmac)
		}
		errs := doc.RequestErrors(req)
		if strings.HasPrefix(name, "real") && errs != "" {
			t.Errorf("%s fails: %s", name, errs)
		}
		if !strings.HasPrefix(name, "real") && errs == "" {
			t.Errorf("%s passes: %.600s", name, r.body)
		}
	}
}
