package certificates_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/i18n"
)

// issued returns a world whose placement was completed and certified.
func issued(t testing.TB) (*apptest.World, *core.Record) {
	t.Helper()
	w := apptest.NewWorld(t)
	// The result as the completion computes it (written directly: the
	// placements domain computes results only in its completion path).
	_, err := w.App.DB().Update("placements", dbx.Params{"approved_hours": 64.5, "credits_earned": 2, "marks": 40.5,
		"percent": 81, "grade": "A+", "grade_point": 9, "status": "completed", "completed_on": w.Today.String()}, dbx.HashExp{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	p, err := w.App.FindRecordById("placements", w.Placement.Id)
	apptest.Must(t, err)
	w.Placement = p
	start := time.Now()
	apptest.Must(t, certificates.Issue(w.App, p))
	t.Logf("issued one certificate in %v", time.Since(start))
	c, err := w.App.FindFirstRecordByFilter("certificates", "placement = {:p} && status = 'valid' && id != {:old}",
		dbx.Params{"p": p.Id, "old": w.Certificate.Id})
	apptest.Must(t, err)
	return w, c
}

func TestIssuedCertificate(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	if !regexp.MustCompile(`^IB-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$`).MatchString(c.GetString("number")) {
		t.Errorf("number %q", c.GetString("number"))
	}
	want := map[string]any{"student_name": w.S1.GetString("name"), "register_no": w.S1.GetString("register_no"),
		"institution_name": w.InstA.GetString("name"), "organization_name": w.OrgX.GetString("name"),
		"title": "Backend intern", "hours": 64.5, "credits": 2.0, "marks": 40.5, "max_marks": 50.0, "grade": "A+",
		"starts_on": w.Start.Time().Format(time.DateOnly), "status": "valid",
		// Completed today, before the internship's end: the period ends today.
		"ends_on": w.Today.Time().Format(time.DateOnly)}
	for k, v := range want {
		if fmt.Sprint(c.Get(k)) != fmt.Sprint(v) {
			t.Errorf("%s = %v, want %v", k, c.Get(k), v)
		}
	}
	if res := certificates.VerifyRecord(w.App, c); !res.OK() {
		t.Fatalf("fresh certificate does not verify: %+v", res)
	}
	pdf := readPDF(t, w.App, c)
	if len(pdf) > 200<<10 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("pdf: %d bytes", len(pdf))
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": c.Id, "action": "certificates.issue"}); n != 1 {
		t.Errorf("issue not audited")
	}
	if n, _ := w.App.CountRecords("notifications", dbx.HashExp{"user": w.S1.Id, "kind": "certificate.issued"}); n != 1 {
		t.Errorf("student not told")
	}
}

func readPDF(t *testing.T, app core.App, c *core.Record) []byte {
	t.Helper()
	fsys, err := app.NewFilesystem()
	apptest.Must(t, err)
	defer fsys.Close()
	r, err := fsys.GetReader(c.BaseFilesPath() + "/" + c.GetString("pdf"))
	apptest.Must(t, err)
	defer r.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(r)
	apptest.Must(t, err)
	return b.Bytes()
}

// jwksKey fetches the published key of kid through the public route.
func jwksKey(t *testing.T, c *apptest.Client, kid string) ed25519.PublicKey {
	t.Helper()
	res := c.Do(http.MethodGet, "/.well-known/jwks.json", "", nil)
	keys, _ := res.JSON()["keys"].([]any)
	for _, k := range keys {
		m := k.(map[string]any)
		if m["kid"] == kid && m["kty"] == "OKP" && m["crv"] == "Ed25519" {
			x, err := base64.RawURLEncoding.DecodeString(m["x"].(string))
			apptest.Must(t, err)
			if _, leaked := m["d"]; leaked {
				t.Fatal("JWKS publishes a private key")
			}
			return x
		}
	}
	t.Fatalf("kid %s not in %s", kid, res.String())
	return nil
}

// The signature verifies with the published key; changing any signed field
// or one byte of the PDF makes verification fail.
func TestTamperingIsDetected(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	pub := jwksKey(t, client, c.GetString("key_id"))
	payload, err := certificates.PayloadOf(c)
	apptest.Must(t, err)
	msg, err := payload.Canonical()
	apptest.Must(t, err)
	if !certificates.Verify(pub, msg, c.GetString("signature")) {
		t.Fatal("signature does not verify with the JWKS key")
	}

	changes := map[string]any{"number": "IB-2026-0000ABCD", "student_name": "Someone Else", "register_no": "X1",
		"institution_name": "Other College", "organization_name": "Other Host", "title": "Other", "starts_on": "2020-01-01",
		"ends_on": "2020-12-31", "hours": 999, "credits": 4, "marks": 50, "max_marks": 100, "grade": "O",
		"issued_at": "2020-01-01 00:00:00.000Z", "sha256": strings.Repeat("0", 64)}
	for field, v := range changes {
		t.Run(field, func(t *testing.T) {
			tampered := c.Fresh()
			tampered.Set(field, v)
			p, err := certificates.PayloadOf(tampered)
			apptest.Must(t, err)
			m, err := p.Canonical()
			apptest.Must(t, err)
			if certificates.Verify(pub, m, c.GetString("signature")) {
				t.Fatalf("signature still verifies with %s changed", field)
			}
			// The same change written behind the hooks' back is caught by the check.
			col := map[string]bool{"hours": true, "credits": true, "marks": true, "max_marks": true}[field]
			_ = col
			_, err = w.App.DB().Update("certificates", dbx.Params{field: v}, dbx.HashExp{"id": c.Id}).Execute()
			apptest.Must(t, err)
			defer func() {
				_, err := w.App.DB().Update("certificates", dbx.Params{field: c.Get(field)}, dbx.HashExp{"id": c.Id}).Execute()
				apptest.Must(t, err)
			}()
			stored, err := w.App.FindRecordById("certificates", c.Id)
			apptest.Must(t, err)
			if res := certificates.VerifyRecord(w.App, stored); res.SignatureOK || res.OK() {
				t.Fatalf("stored tampering with %s not detected: %+v", field, res)
			}
		})
	}

	t.Run("one byte of the PDF", func(t *testing.T) {
		pdf := readPDF(t, w.App, c)
		pdf[len(pdf)/2] ^= 0x01
		fsys, err := w.App.NewFilesystem()
		apptest.Must(t, err)
		defer fsys.Close()
		f, err := filesystem.NewFileFromBytes(pdf, "x.pdf")
		apptest.Must(t, err)
		apptest.Must(t, fsys.UploadFile(f, c.BaseFilesPath()+"/"+c.GetString("pdf")))
		res := certificates.VerifyRecord(w.App, c)
		if res.PDFOK || !res.SignatureOK || res.OK() {
			t.Fatalf("changed PDF not detected: %+v", res)
		}
	})
}

func TestCredentialJWT(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	res := client.Do(http.MethodGet, "/api/ib/credentials/"+c.GetString("number"), "", nil)
	if res.Status != 200 || res.JSON()["format"] != "vc+jwt" {
		t.Fatalf("credential: %d %s", res.Status, res.String())
	}
	pub := jwksKey(t, client, c.GetString("key_id"))
	tok, err := jwt.Parse(res.JSON()["credential"].(string), func(tok *jwt.Token) (any, error) {
		if tok.Header["kid"] != certificates.KeyURI(w.App, c.GetString("key_id")) {
			return nil, fmt.Errorf("kid %v", tok.Header["kid"])
		}
		return pub, nil
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithTimeFunc(func() time.Time { return clock.Now(w.App) }))
	if err != nil || !tok.Valid {
		t.Fatalf("credential JWT does not verify: %v", err)
	}
	claims := tok.Claims.(jwt.MapClaims)
	types := fmt.Sprint(claims["type"])
	if !strings.Contains(types, "VerifiableCredential") || !strings.Contains(types, "OpenBadgeCredential") {
		t.Errorf("type %v", claims["type"])
	}
	if ctx := fmt.Sprint(claims["@context"]); !strings.Contains(ctx, "https://www.w3.org/ns/credentials/v2") || !strings.Contains(ctx, "ob/v3p0") {
		t.Errorf("@context %v", ctx)
	}
	issuer := claims["issuer"].(map[string]any)
	if issuer["name"] != w.InstA.GetString("name") || claims["iss"] != issuer["id"] {
		t.Errorf("issuer %v iss %v", issuer, claims["iss"])
	}
	subject := claims["credentialSubject"].(map[string]any)
	ach := subject["achievement"].(map[string]any)
	if fmt.Sprint(subject["type"]) != "[AchievementSubject]" || ach["creditsAvailable"] != 2.0 || !strings.Contains(ach["description"].(string), "64.5 approved hours") {
		t.Errorf("subject %v", subject)
	}
	if strings.Contains(res.String(), w.S1.GetString("name")) {
		t.Error("the public credential shows the student's name")
	}
	// Tampered token fails.
	parts := strings.Split(res.JSON()["credential"].(string), ".")
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(`{"type":["VerifiableCredential"]}`))
	if _, err := jwt.Parse(strings.Join(parts, "."), func(*jwt.Token) (any, error) { return pub, nil }); err == nil {
		t.Fatal("tampered credential verified")
	}
	if res := client.Do(http.MethodGet, "/api/ib/credentials/IB-2026-ZZZZZZZZ", "", nil); res.Status != 404 {
		t.Fatalf("unknown credential: %d", res.Status)
	}
}

func TestVerifyRoutes(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	number := c.GetString("number")
	name := w.S1.GetString("name")

	res := client.Do(http.MethodGet, "/api/ib/verify/"+strings.ToLower(number), "", nil)
	v := res.JSON()
	if res.Status != 200 || v["status"] != "valid" || v["number"] != number || v["superseded_by"] != "" || v["hours"] != 64.5 {
		t.Fatalf("verify valid: %d %s", res.Status, res.String())
	}
	for _, k := range []string{"student_name_masked", "register_no_masked"} {
		full := map[string]string{"student_name_masked": name, "register_no_masked": w.S1.GetString("register_no")}[k]
		if s := v[k].(string); s == "" || strings.Contains(s, full) {
			t.Errorf("%s = %q", k, s)
		}
	}
	if strings.Contains(res.String(), name) || strings.Contains(res.String(), w.S1.GetString("register_no")) {
		t.Error("verify JSON contains a full personal value")
	}
	html := client.Do(http.MethodGet, "/verify/"+number, "", nil)
	if html.Status != 200 || !strings.Contains(html.String(), ">VALID<") || strings.Contains(html.String(), name) ||
		strings.Contains(html.String(), "<script") || !strings.Contains(html.String(), w.OrgX.GetString("name")) {
		t.Fatalf("verify page valid: %d %s", html.Status, html.String())
	}

	// Dates as people read them: the period as days, the issue moment in
	// the platform's zone, named; no raw ISO value on the page.
	cert, err := w.App.FindFirstRecordByData("certificates", "number", number)
	apptest.Must(t, err)
	loc := clock.Location(w.App)
	// The period as days, read straight from the stored values' calendar
	// dates (independently of the code's own day helpers).
	asDay := func(field string) string {
		d, err := time.Parse(time.DateOnly, cert.GetString(field)[:10])
		apptest.Must(t, err)
		return d.Format("2 January 2006")
	}
	for _, want := range []string{
		asDay("starts_on") + " to " + asDay("ends_on"),
		">" + i18n.FormatTime(i18n.EN, cert.GetDateTime("issued_at").Time(), loc) + "</time>",
	} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("verify page lacks %q", want)
		}
	}
	if !strings.Contains(html.String(), `<a href="/">`) {
		t.Error("the verify page has no way back to the portal")
	}
	if iso := regexp.MustCompile(`>[^<]*\d{4}-\d{2}-\d{2}[^<]*<`).FindString(html.String()); iso != "" {
		t.Errorf("verify page prints a raw date: %s", iso)
	}

	// A CDN may keep an answer a minute, never a miss.
	if res.Header.Get("Cache-Control") != certificates.VerifyCache || html.Header.Get("Cache-Control") != certificates.VerifyCache {
		t.Errorf("verify caching: %q, %q", res.Header.Get("Cache-Control"), html.Header.Get("Cache-Control"))
	}

	// Unknown numbers.
	for _, n := range []string{"IB-2026-ZZZZZZZZ", "not-a-number", "IB-2026-7K3F9QX"} {
		if r := client.Do(http.MethodGet, "/api/ib/verify/"+n, "", nil); r.Status != 404 || r.JSON()["message"] != "Certificate not found." || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("verify %s: %d %s %q", n, r.Status, r.String(), r.Header.Get("Cache-Control"))
		}
		if r := client.Do(http.MethodGet, "/verify/"+n, "", nil); r.Status != 404 || !strings.Contains(r.String(), "NOT FOUND") || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("verify page %s: %d %q", n, r.Status, r.Header.Get("Cache-Control"))
		}
	}

	// Reissue: the old one says SUPERSEDED and names the new one.
	r := client.Do(http.MethodPost, "/api/ib/certificates/"+c.Id+"/reissue", w.CoordA.Token, nil)
	if r.Status != 200 || r.JSON()["replaces"] != c.Id || r.JSON()["status"] != "valid" {
		t.Fatalf("reissue: %d %s", r.Status, r.String())
	}
	newNumber := r.JSON()["number"].(string)
	old := client.Do(http.MethodGet, "/api/ib/verify/"+number, "", nil).JSON()
	if old["status"] != "superseded" || old["superseded_by"] != newNumber {
		t.Fatalf("old after reissue: %v", old)
	}
	if p := client.Do(http.MethodGet, "/verify/"+number, "", nil).String(); !strings.Contains(p, ">SUPERSEDED<") || !strings.Contains(p, newNumber) {
		t.Fatalf("old page after reissue: %s", p)
	}
	if r := client.Do(http.MethodPost, "/api/ib/certificates/"+c.Id+"/reissue", w.CoordA.Token, nil); r.Status != 400 || r.Code("status") != "ib_locked" {
		t.Fatalf("reissue superseded: %d %s", r.Status, r.String())
	}

	// Revoke the new one: REVOKED everywhere, with the reason.
	newID := r.JSON()["id"]
	_ = newID
	fresh, err := w.App.FindFirstRecordByData("certificates", "number", newNumber)
	apptest.Must(t, err)
	rv := client.Do(http.MethodPatch, "/api/collections/certificates/records/"+fresh.Id, w.CoordA.Token, map[string]any{"status": "revoked", "revoke_reason": "Marks entered wrongly."})
	if rv.Status != 200 {
		t.Fatalf("revoke: %d %s", rv.Status, rv.String())
	}
	nv := client.Do(http.MethodGet, "/api/ib/verify/"+newNumber, "", nil).JSON()
	if nv["status"] != "revoked" || nv["revoke_reason"] != "Marks entered wrongly." || nv["revoked_at"] == "" {
		t.Fatalf("verify revoked: %v", nv)
	}
	revokedAt, err := time.Parse(time.RFC3339, nv["revoked_at"].(string))
	apptest.Must(t, err)
	if p := client.Do(http.MethodGet, "/verify/"+newNumber, "", nil).String(); !strings.Contains(p, ">REVOKED<") || !strings.Contains(p, "Marks entered wrongly.") ||
		!strings.Contains(p, ">"+i18n.FormatTime(i18n.EN, revokedAt, clock.Location(w.App))+"</time>") {
		t.Fatalf("revoked page: %s", p)
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": fresh.Id, "action": "certificates.revoke", "actor": w.CoordA.Id}); n != 1 {
		t.Error("revocation not audited")
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": c.Id, "to": "superseded"}); n != 1 {
		t.Error("supersession not audited")
	}
	// Revoked is final, superusers included.
	for _, body := range []map[string]any{{"status": "valid"}, {"revoke_reason": "Changed my mind."}} {
		if r := client.Do(http.MethodPatch, "/api/collections/certificates/records/"+fresh.Id, w.Admin.Token, body); r.Status != 400 || r.Code("status") != "ib_locked" {
			t.Fatalf("change a revoked certificate %v: %d %s", body, r.Status, r.String())
		}
	}
}

func TestVerifyIsRateLimited(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	apptest.RateLimits(t, w.App, true)
	client := apptest.NewClient(t, w.App)
	var last int
	ok := 0
	for i := 0; i < 61; i++ {
		last = client.Do(http.MethodGet, "/api/ib/verify/"+c.GetString("number"), "", nil).Status
		if last == 200 {
			ok++
		}
	}
	if ok != 60 || last != http.StatusTooManyRequests {
		t.Fatalf("%d answered, last %d; want 60 and then 429", ok, last)
	}
}

func TestRevokeAndReissueAccess(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	url := "/api/collections/certificates/records/" + c.Id
	for _, tc := range []struct {
		name   string
		who    apptest.User
		status int
	}{
		{"student", w.S1, 404}, {"other student", w.S3, 404}, {"supervisor", w.SupX, 404}, {"other supervisor", w.SupY, 404},
		{"mentor", w.MentorA, 404}, {"other coordinator", w.CoordB, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := client.Do(http.MethodPatch, url, tc.who.Token, map[string]any{"status": "revoked", "revoke_reason": "x"}); r.Status != tc.status {
				t.Fatalf("revoke: %d %s", r.Status, r.String())
			}
			r := client.Do(http.MethodPost, "/api/ib/certificates/"+c.Id+"/reissue", tc.who.Token, nil)
			want := 404
			if tc.who.Id == w.S1.Id || tc.who.Id == w.SupX.Id || tc.who.Id == w.MentorA.Id {
				want = 403 // they can see it, but not reissue it
			}
			if r.Status != want {
				t.Fatalf("reissue: %d %s, want %d", r.Status, r.String(), want)
			}
		})
	}
	if r := client.Do(http.MethodPost, "/api/ib/certificates/"+c.Id+"/reissue", "", nil); r.Status != 401 {
		t.Fatalf("anonymous reissue: %d", r.Status)
	}
	if r := client.Do(http.MethodPatch, url, w.CoordA.Token, map[string]any{"status": "revoked"}); r.Status != 400 || r.Code("revoke_reason") != "validation_required" {
		t.Fatalf("revoke without reason: %d %s", r.Status, r.String())
	}
	if r := client.Do(http.MethodPatch, url, w.CoordA.Token, map[string]any{"status": "superseded"}); r.Status != 400 {
		t.Fatalf("supersede by PATCH: %d %s", r.Status, r.String())
	}
	still, _ := w.App.FindRecordById("certificates", c.Id)
	if still.GetString("status") != "valid" {
		t.Fatalf("status %s after refused changes", still.GetString("status"))
	}
	if r := client.Do(http.MethodPost, "/api/ib/certificates/"+c.Id+"/reissue", w.Admin.Token, nil); r.Status != 200 {
		t.Fatalf("superuser reissue: %d %s", r.Status, r.String())
	}
}

func TestNoCreateOrDeleteThroughTheAPI(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	for _, who := range []apptest.User{w.Admin, w.CoordA} {
		if r := client.Do(http.MethodPost, "/api/collections/certificates/records", who.Token, map[string]any{"number": "IB-2026-AAAAAAAA"}); r.Status != 403 && r.Status != 400 {
			t.Fatalf("create: %d", r.Status)
		}
		if r := client.Do(http.MethodDelete, "/api/collections/certificates/records/"+c.Id, who.Token, nil); r.Status != 403 && r.Status != 404 {
			t.Fatalf("delete: %d", r.Status)
		}
	}
	if r := client.Do(http.MethodPost, "/api/collections/certificates/records", w.Admin.Token, map[string]any{"number": "IB-2026-AAAAAAAA"}); r.Status != 403 {
		t.Fatalf("superuser create: %d", r.Status)
	}
	if r := client.Do(http.MethodDelete, "/api/collections/certificates/records/"+c.Id, w.Admin.Token, nil); r.Status != 403 {
		t.Fatalf("superuser delete: %d", r.Status)
	}
	// Internal deletes are refused too (the model invariant).
	if err := w.App.Delete(c); err == nil {
		t.Fatal("a certificate was deleted")
	}
	// Internal edits of the facts are refused.
	c.Set("hours", 500)
	if err := w.App.Save(c); err == nil {
		t.Fatal("a certificate's facts were changed")
	}
}

func TestKeyRotationKeepsOldKeysPublished(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	oldKid := c.GetString("key_id")
	k, err := certificates.RotateKey(w.App, certificates.AlgEdDSA)
	apptest.Must(t, err)
	if k.ID == oldKid {
		t.Fatal("same kid after rotation")
	}
	jwksKey(t, client, oldKid)
	jwksKey(t, client, k.ID)
	if res := certificates.VerifyRecord(w.App, c); !res.OK() {
		t.Fatalf("old certificate after rotation: %+v", res)
	}
	apptest.Must(t, certificates.Issue(w.App, w.Placement))
	latest, err := w.App.FindRecordsByFilter("certificates", "placement = {:p}", "-created", 1, 0, dbx.Params{"p": w.Placement.Id})
	apptest.Must(t, err)
	if latest[0].GetString("key_id") != k.ID {
		t.Fatalf("new certificate signed with %s", latest[0].GetString("key_id"))
	}
	// Private keys never leave the server.
	if r := client.Do(http.MethodGet, "/api/collections/signing_keys/records", w.CoordA.Token, nil); r.Status != 403 {
		t.Fatalf("signing keys listed by a coordinator: %d", r.Status)
	}
	if r := client.Do(http.MethodGet, "/api/collections/signing_keys/records", w.Admin.Token, nil); r.Status != 200 || strings.Contains(r.String(), "private_key") {
		t.Fatalf("superuser listing shows private keys: %s", r.String())
	}
}

// A reissue renders its certificate before its transaction; facts that
// change in between are not lost: the transaction reads them again and
// renders the certificate again (with their new values, its hash matching
// its PDF), and a certificate superseded in between is not reissued twice.
func TestReissueSeesChangesAfterItsRendering(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	fresh, err := certificates.ReissueBetween(w.App, c, w.CoordA.Record, func() {
		s, err := w.App.FindRecordById("users", w.S1.Id)
		apptest.Must(t, err)
		s.Set("name", "Renamed Meanwhile")
		apptest.Must(t, w.App.UnsafeWithoutHooks().Save(s))
	})
	apptest.Must(t, err)
	if got := fresh.GetString("student_name"); got != "Renamed Meanwhile" {
		t.Fatalf("student_name = %q, want the name changed before the transaction", got)
	}
	sum := sha256.Sum256(readPDF(t, w.App, fresh))
	if hex.EncodeToString(sum[:]) != fresh.GetString("sha256") {
		t.Fatal("the stored hash is not the PDF's")
	}
	again, err := certificates.ReissueBetween(w.App, c, w.CoordA.Record, nil)
	if err == nil || again != nil {
		t.Fatalf("a superseded certificate was reissued: %v", again)
	}
	stale := c.Fresh() // still says valid
	_, err = certificates.ReissueBetween(w.App, stale, w.CoordA.Record, nil)
	if err == nil {
		t.Fatal("a stale copy of a superseded certificate was reissued")
	}
}
