package certificates_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/piprate/json-gold/ld"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
)

// The credential is checked against the standard's own artefacts, vendored
// under testdata/ob3 (see its README): 1EdTech's AchievementCredential JSON
// schema adapted to VC 2.0 property names, and the JSON-LD contexts the
// credential names, served to json-gold without the network.
const (
	ob3SchemaURL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
	vc2Context   = "https://www.w3.org/ns/credentials/v2"
	ob3Context   = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// ob3KnownGaps maps a credential case to the failure the current ob3.go
// produces against the standard, so the case is skipped and the gap stays
// visible. Empty when every case passes.
var ob3KnownGaps = map[string]string{}

var ob3Schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(filepath.Join("testdata", "ob3", "achievementcredential.vc2.schema.json"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // date-time and the other formats are assertions, not annotations
	if err := c.AddResource(ob3SchemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(ob3SchemaURL)
})

// vendoredContexts is a JSON-LD document loader that serves only the
// contexts vendored in testdata/ob3/contexts and refuses every other URL.
type vendoredContexts map[string]string

func (v vendoredContexts) LoadDocument(u string) (*ld.RemoteDocument, error) {
	file, ok := v[u]
	if !ok {
		return nil, fmt.Errorf("context %s is not vendored (no network in tests)", u)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "ob3", "contexts", file))
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

var ob3Loader = vendoredContexts{
	vc2Context: "credentials-v2.jsonld",
	ob3Context: "ob-v3p0-context-3.0.3.json",
}

// publicCredential fetches GET /api/ib/credentials/{number} and returns the
// raw JSON of the credential inside the VC-JWT: the payload's "vc" claim
// when there is one, else the claims set itself (VC-JOSE-COSE style).
func publicCredential(t *testing.T, client *apptest.Client, number string) []byte {
	t.Helper()
	res := client.Do(http.MethodGet, "/api/ib/credentials/"+number, "", nil)
	if res.Status != 200 {
		t.Fatalf("credential %s: %d %s", number, res.Status, res.String())
	}
	jws := strings.TrimSpace(res.String())
	var wrapped struct {
		Credential string `json:"credential"`
	}
	if json.Unmarshal(res.Body, &wrapped) == nil && wrapped.Credential != "" {
		jws = wrapped.Credential
	}
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		t.Fatalf("credential %s is not a compact JWS: %q", number, jws)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	apptest.Must(t, err)
	var claims map[string]json.RawMessage
	apptest.Must(t, json.Unmarshal(payload, &claims))
	if vc, ok := claims["vc"]; ok && bytes.HasPrefix(bytes.TrimSpace(vc), []byte("{")) {
		return vc
	}
	return payload
}

// checkOB3 validates a credential against the VC 2.0 AchievementCredential
// schema and expands it as JSON-LD in safe mode; it returns every failure.
func checkOB3(raw []byte) []string {
	var failures []string
	sch, err := ob3Schema()
	if err != nil {
		return []string{"compile schema: " + err.Error()}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return []string{"decode credential: " + err.Error()}
	}
	if err := sch.Validate(inst); err != nil {
		failures = append(failures, "schema: "+err.Error())
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return append(failures, "decode credential: "+err.Error())
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = ob3Loader
	opts.SafeMode = true
	if _, err := ld.NewJsonLdProcessor().Expand(doc, opts); err != nil {
		failures = append(failures, "JSON-LD safe mode: "+err.Error())
	}
	return failures
}

// assertOB3 fails (or, for a known gap of ob3.go, skips) the case whose
// credential does not meet the standard.
func assertOB3(t *testing.T, name string, raw []byte) {
	t.Helper()
	failures := checkOB3(raw)
	if len(failures) == 0 {
		if gap, ok := ob3KnownGaps[name]; ok {
			t.Errorf("%s now passes; drop its known gap %q", name, gap)
		}
		return
	}
	msg := strings.Join(failures, "\n")
	if gap, ok := ob3KnownGaps[name]; ok {
		t.Skipf("known gap of ob3.go (%s):\n%s", gap, msg)
	}
	t.Fatalf("credential %s does not meet OB 3.0 / VC 2.0:\n%s\ncredential: %s", name, msg, raw)
}

// ob3Facts are the values a case writes before the certificate is issued.
type ob3Facts struct {
	studentName, title string
	hours, marks       float64
}

// issueOB3 issues the certificate of a new world's placement with facts.
func issueOB3(t *testing.T, f ob3Facts) (*apptest.World, *core.Record) {
	t.Helper()
	w := apptest.NewWorld(t)
	return w, issueOn(t, w, f)
}

// issueOn issues the certificate of w's placement with facts.
func issueOn(t *testing.T, w *apptest.World, f ob3Facts) *core.Record {
	t.Helper()
	if f.studentName != "" {
		_, err := w.App.DB().Update("users", dbx.Params{"name": f.studentName}, dbx.HashExp{"id": w.S1.Id}).Execute()
		apptest.Must(t, err)
	}
	if f.title != "" {
		_, err := w.App.DB().Update("internships", dbx.Params{"title": f.title}, dbx.HashExp{"id": w.Internship.Id}).Execute()
		apptest.Must(t, err)
	}
	_, err := w.App.DB().Update("placements", dbx.Params{"approved_hours": f.hours, "credits_earned": 2, "marks": f.marks,
		"percent": 81, "grade": "A+", "grade_point": 9, "status": "completed", "completed_on": w.Today.String()}, dbx.HashExp{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	p, err := w.App.FindRecordById("placements", w.Placement.Id)
	apptest.Must(t, err)
	apptest.Must(t, certificates.Issue(w.App, p))
	c, err := w.App.FindFirstRecordByFilter("certificates", "placement = {:p} && status = 'valid' && id != {:old}",
		dbx.Params{"p": p.Id, "old": w.Certificate.Id})
	apptest.Must(t, err)
	return c
}

// Every credential the service can issue validates against 1EdTech's
// AchievementCredential schema (VC 2.0 names) and expands as JSON-LD in safe
// mode with the published contexts: valid, revoked, superseded and its
// reissue, fractional hours and marks, and non-Latin names and titles.
func TestCredentialsMeetOB3Schema(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		facts ob3Facts
	}{
		{"valid", ob3Facts{hours: 64, marks: 40}},
		{"fractional", ob3Facts{hours: 62.5, marks: 38.75}},
		{"malayalam", ob3Facts{studentName: "അനന്യ കൃഷ്ണൻ", title: "ഡാറ്റ വിശകലന ഇന്റേൺഷിപ്പ്", hours: 64, marks: 40}},
		{"arabic", ob3Facts{studentName: "فاطمة الزهراء", title: "تدريب تحليل البيانات", hours: 64, marks: 40}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, c := issueOB3(t, tc.facts)
			assertOB3(t, tc.name, publicCredential(t, apptest.NewClient(t, w.App), c.GetString("number")))
		})
	}

	t.Run("lifecycle", func(t *testing.T) {
		t.Parallel()
		w, c := issueOB3(t, ob3Facts{hours: 64, marks: 40})
		client := apptest.NewClient(t, w.App)
		fresh, err := certificates.ReissueBetween(w.App, c, w.CoordA.Record, nil)
		apptest.Must(t, err)
		superseded := publicCredential(t, client, c.GetString("number"))
		reissue := publicCredential(t, client, fresh.GetString("number"))
		r := client.Do(http.MethodPatch, "/api/collections/certificates/records/"+fresh.Id, w.CoordA.Token,
			map[string]any{"status": "revoked", "revoke_reason": "Marks entered wrongly."})
		if r.Status != 200 {
			t.Fatalf("revoke: %d %s", r.Status, r.String())
		}
		revoked := publicCredential(t, client, fresh.GetString("number"))
		for _, k := range []struct {
			name string
			raw  []byte
		}{{"superseded", superseded}, {"reissue", reissue}, {"revoked", revoked}} {
			t.Run(k.name, func(t *testing.T) { assertOB3(t, k.name, k.raw) })
		}
	})
}

// The checks themselves catch what they exist to catch: a credential
// without validFrom, a malformed date-time, and what JSON-LD safe mode
// refuses (a dropped keyword-like term, an unvendored context).
// (An undefined plain term is not among them: VC 2.0's @vocab maps it.)
func TestOB3ChecksRejectBrokenCredentials(t *testing.T) {
	t.Parallel()
	good := map[string]any{
		"@context":  []any{vc2Context, ob3Context},
		"id":        "https://example.edu/credentials/1",
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      "Example",
		"issuer":    map[string]any{"id": "https://example.edu/issuers/1", "type": []any{"Profile"}, "name": "Example College"},
		"validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{
				"id": "https://example.edu/achievements/1", "type": []any{"Achievement"}, "name": "Example",
				"description": "Example.", "criteria": map[string]any{"narrative": "Do it."},
			},
		},
	}
	raw := func(edit func(m map[string]any)) []byte {
		b, _ := json.Marshal(good)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		edit(m)
		b, _ = json.Marshal(m)
		return b
	}
	if f := checkOB3(raw(func(map[string]any) {})); len(f) != 0 {
		t.Fatalf("a minimal good credential fails: %v", f)
	}
	for name, edit := range map[string]func(m map[string]any){
		"no validFrom":       func(m map[string]any) { delete(m, "validFrom") },
		"bad date-time":      func(m map[string]any) { m["validFrom"] = "2026-01-01" },
		"keyword-like term":  func(m map[string]any) { m["@nickname"] = "x" },
		"unvendored context": func(m map[string]any) { m["@context"] = append(m["@context"].([]any), "https://example.org/ctx") },
	} {
		if f := checkOB3(raw(edit)); len(f) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}
