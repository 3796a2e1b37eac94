package certificates_test

import (
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
)

// decodeList reads an encodedList as Bitstring Status List v1.0 defines
// it, independently of the encoder: the Multibase prefix "u" (base64url,
// no padding), GZIP, and at least 131,072 bits.
func decodeList(t testing.TB, encoded string) []byte {
	t.Helper()
	if !strings.HasPrefix(encoded, "u") {
		t.Fatalf("encodedList %.20q… has no Multibase base64url prefix", encoded)
	}
	gz, err := base64.RawURLEncoding.Strict().DecodeString(encoded[1:])
	if err != nil {
		t.Fatalf("encodedList is not base64url without padding: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatalf("encodedList is not GZIP: %v", err)
	}
	bits, err := io.ReadAll(zr)
	apptest.Must(t, err)
	if len(bits)*8 < 131072 {
		t.Fatalf("bitstring of %d bits, below the minimum 131,072", len(bits)*8)
	}
	return bits
}

// bit is the status of index i: index 0 is the left-most bit of the
// bitstring (the most significant bit of its first byte).
func bit(bits []byte, i int) bool { return bits[i/8]>>(7-i%8)&1 == 1 }

// fetchList GETs a status list and verifies its VC-JWT with the public key
// the JWKS publishes for its kid, at the time of app's clock (the list is
// dated by it); it returns the response and the claims.
func fetchList(t testing.TB, app core.App, client *apptest.Client, url string) (*apptest.Response, jwt.MapClaims) {
	t.Helper()
	r := client.Do(http.MethodGet, url, "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, r.Status, r.Body)
	}
	jwks := client.Do(http.MethodGet, "/.well-known/jwks.json", "", nil)
	var set struct {
		Keys []struct{ Kid, Kty, X string }
	}
	apptest.Must(t, json.Unmarshal(jwks.Body, &set))
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(string(r.Body), claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		kid = kid[strings.LastIndex(kid, "#")+1:]
		for _, k := range set.Keys {
			if k.Kid == kid && k.Kty == "OKP" {
				x, err := base64.RawURLEncoding.DecodeString(k.X)
				return ed25519.PublicKey(x), err
			}
		}
		return nil, fmt.Errorf("kid %q not in the JWKS", kid)
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithTimeFunc(func() time.Time { return clock.Now(app) }))
	if err != nil {
		t.Fatalf("status list JWT does not verify with the JWKS: %v", err)
	}
	return r, claims
}

func subjectOf(t testing.TB, claims jwt.MapClaims) map[string]any {
	t.Helper()
	s, _ := claims["credentialSubject"].(map[string]any)
	if s == nil {
		t.Fatalf("no credentialSubject: %v", claims)
	}
	return s
}

func entryOf(t testing.TB, app core.App, c *core.Record) map[string]any {
	t.Helper()
	cred, err := certificates.Credential(app, c)
	apptest.Must(t, err)
	e, _ := cred["credentialStatus"].(map[string]any)
	if e == nil {
		t.Fatalf("credential of %s has no credentialStatus", c.GetString("number"))
	}
	return e
}

// TestStatusListFollowsRevocation revokes and reissues through the API
// and fetches the list at once: the revoked and the superseded
// certificates' bits are set, the valid ones' are not.
func TestStatusListFollowsRevocation(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	base := strings.TrimRight(w.App.Settings().Meta.AppURL, "/")

	entry := entryOf(t, w.App, c)
	idx := c.GetInt("status_index")
	want := map[string]any{
		"id":                   base + "/api/ib/status/1#" + strconv.Itoa(idx),
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        "revocation",
		"statusListIndex":      strconv.Itoa(idx),
		"statusListCredential": base + "/api/ib/status/1",
	}
	if fmt.Sprint(entry) != fmt.Sprint(want) {
		t.Errorf("credentialStatus = %v, want %v", entry, want)
	}
	if idx == w.Certificate.GetInt("status_index") {
		t.Fatalf("two certificates share status index %d", idx)
	}

	r, claims := fetchList(t, w.App, client, "/api/ib/status/1")
	if ct := r.Header.Get("Content-Type"); ct != "application/vc+jwt" {
		t.Errorf("Content-Type %q", ct)
	}
	cc := r.Header.Get("Cache-Control")
	age, err := strconv.Atoi(strings.TrimPrefix(cc, "public, max-age="))
	if err != nil || age <= 0 || age > 300 {
		t.Errorf("Cache-Control %q: want public, at most five minutes", cc)
	}
	if claims["id"] != base+"/api/ib/status/1" || claims["jti"] != claims["id"] || claims["iss"] != claims["issuer"] ||
		fmt.Sprint(claims["type"]) != "[VerifiableCredential BitstringStatusListCredential]" ||
		fmt.Sprint(claims["@context"]) != "[https://www.w3.org/ns/credentials/v2]" {
		t.Errorf("status list credential: %v", claims)
	}
	sub := subjectOf(t, claims)
	if sub["type"] != "BitstringStatusList" || sub["statusPurpose"] != "revocation" || sub["id"] == "" {
		t.Errorf("credentialSubject: %v", sub)
	}
	bits := decodeList(t, sub["encodedList"].(string))
	if bit(bits, idx) || bit(bits, w.Certificate.GetInt("status_index")) {
		t.Fatal("a valid certificate's bit is set")
	}

	// Revoke c and fetch at once.
	rev := client.Do(http.MethodPatch, "/api/collections/certificates/records/"+c.Id, w.CoordA.Token,
		map[string]any{"status": "revoked", "revoke_reason": "Marks entered against the wrong student."})
	if rev.Status != 200 {
		t.Fatalf("revoke: %d %s", rev.Status, rev.Body)
	}
	_, claims = fetchList(t, w.App, client, "/api/ib/status/1")
	bits = decodeList(t, subjectOf(t, claims)["encodedList"].(string))
	if !bit(bits, idx) {
		t.Error("the revoked certificate's bit is not set")
	}
	if bit(bits, w.Certificate.GetInt("status_index")) {
		t.Error("the valid certificate's bit is set")
	}

	// Reissue the other: the superseded bit is set, the new one's is not.
	re := client.Do(http.MethodPost, "/api/ib/certificates/"+w.Certificate.Id+"/reissue", w.CoordA.Token, nil)
	if re.Status != 200 {
		t.Fatalf("reissue: %d %s", re.Status, re.Body)
	}
	fresh, err := w.App.FindFirstRecordByData("certificates", "replaces", w.Certificate.Id)
	apptest.Must(t, err)
	_, claims = fetchList(t, w.App, client, "/api/ib/status/1")
	bits = decodeList(t, subjectOf(t, claims)["encodedList"].(string))
	if !bit(bits, w.Certificate.GetInt("status_index")) || !bit(bits, idx) {
		t.Error("the superseded or the revoked certificate's bit is not set")
	}
	if bit(bits, fresh.GetInt("status_index")) {
		t.Error("the reissued certificate's bit is set")
	}
	set := 0
	for i := range len(bits) * 8 {
		if bit(bits, i) {
			set++
		}
	}
	if set != 2 {
		t.Errorf("%d bits set, want 2", set)
	}
}

func TestStatusListUnknown(t *testing.T) {
	t.Parallel()
	w, _ := issued(t)
	client := apptest.NewClient(t, w.App)
	for _, list := range []string{"2", "0", "-1", "01", "1.0", "x", "99999999999999999999"} {
		r := client.Do(http.MethodGet, "/api/ib/status/"+list, "", nil)
		if r.Status != http.StatusNotFound || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("list %q: %d %q %s", list, r.Status, r.Header.Get("Cache-Control"), r.Body)
		}
	}
	// A certificate past the first 131,072 opens list 2 (its index is
	// set directly: issuing 131,072 certificates takes too long here).
	_, err := w.App.DB().Update("certificates", dbx.Params{"status_index": certificates.ListSize + 5, "status": "revoked"},
		dbx.HashExp{"id": w.Certificate.Id}).Execute()
	apptest.Must(t, err)
	c, err := w.App.FindRecordById("certificates", w.Certificate.Id)
	apptest.Must(t, err)
	entry := entryOf(t, w.App, c)
	if entry["statusListIndex"] != "5" || !strings.HasSuffix(entry["statusListCredential"].(string), "/api/ib/status/2") {
		t.Errorf("entry in list 2: %v", entry)
	}
	_, claims := fetchList(t, w.App, client, "/api/ib/status/2")
	bits := decodeList(t, subjectOf(t, claims)["encodedList"].(string))
	if !bit(bits, 5) || bit(bits, 4) || bit(bits, 6) {
		t.Error("list 2 does not have exactly entry 5 set around it")
	}
}

// TestStatusIndexConcurrent issues 20 certificates at once: each gets its
// own index.
func TestStatusIndexConcurrent(t *testing.T) {
	t.Parallel()
	w, _ := issued(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- w.App.RunInTransaction(func(tx core.App) error { return certificates.Issue(tx, w.Placement) })
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		apptest.Must(t, err)
	}
	recs, err := w.App.FindAllRecords("certificates")
	apptest.Must(t, err)
	if len(recs) != 22 {
		t.Fatalf("%d certificates, want 22", len(recs))
	}
	seen := map[int]string{}
	for _, r := range recs {
		i := r.GetInt("status_index")
		if other, dup := seen[i]; dup {
			t.Errorf("status index %d of %s and %s", i, other, r.Id)
		}
		seen[i] = r.Id
	}
	for i := range 22 {
		if _, ok := seen[i]; !ok {
			t.Errorf("index %d unused: the indexes are not 0…21 (%v)", i, seen)
		}
	}
}

// TestStatusListBuildTime measures the list at its full size: 131,072
// certificates, 20,000 of them revoked, built and signed per request.
func TestStatusListBuildTime(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("fills a list of 131,072 certificates")
	}
	app := apptest.NewApp(t)
	// Rows written directly (issuing 131,072 PDFs is not the point): the
	// status list reads only status_index and status.
	_, err := app.DB().NewQuery(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 131071)
		INSERT INTO certificates (id, number, status, status_index)
		SELECT printf('st%013d', i), printf('IB-2026-%08d', i),
			CASE WHEN i % 6 = 1 AND i < 120000 THEN 'revoked' ELSE 'valid' END, i FROM s`).Execute()
	apptest.Must(t, err)
	client := apptest.NewClient(t, app)
	var took []time.Duration
	for range 5 {
		start := time.Now()
		_, err := certificates.StatusListJWT(app, 1)
		apptest.Must(t, err)
		took = append(took, time.Since(start))
	}
	t.Logf("status list of 131,072 entries, 20,000 revoked: built and signed in %v (5 requests, the first cold)", took)
	if slices.Max(took) > time.Second {
		t.Errorf("building the list takes up to %v, over the one second a revocation may take to show", slices.Max(took))
	}
	r, claims := fetchList(t, app, client, "/api/ib/status/1")
	t.Logf("response: %d bytes", len(r.Body))
	bits := decodeList(t, subjectOf(t, claims)["encodedList"].(string))
	set := 0
	for i := range certificates.ListSize {
		if bit(bits, i) != (i%6 == 1 && i < 120000) {
			t.Fatalf("bit %d is %v", i, bit(bits, i))
		}
		if bit(bits, i) {
			set++
		}
	}
	if set != 20000 {
		t.Errorf("%d bits set, want 20,000", set)
	}
	if r := client.Do(http.MethodGet, "/api/ib/status/2", "", nil); r.Status != 404 {
		t.Errorf("list 2 of a full list 1: %d", r.Status)
	}
}
