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
	"net/url"
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

// listPath is the path of list n of an institution.
func listPath(inst *core.Record, n int) string {
	return "/api/ib/status/" + inst.Id + "-" + strconv.Itoa(n)
}

// saveCertificate stores a certificate of inst for student through the
// model hooks (as an issue saves one, without rendering a PDF), signed by
// the active key.
func saveCertificate(t testing.TB, w *apptest.World, inst *core.Record, student apptest.User, number string) *core.Record {
	t.Helper()
	key, err := certificates.ActiveKey(w.App)
	apptest.Must(t, err)
	return apptest.Save(t, w.App, "certificates", map[string]any{
		"number": number, "placement": w.Placement.Id, "student": student.Id, "institution": inst.Id,
		"organization": w.OrgX.Id, "student_name": student.GetString("name"), "register_no": student.GetString("register_no"),
		"institution_name": inst.GetString("name"), "organization_name": w.OrgX.GetString("name"), "title": "Backend intern",
		"starts_on": "2026-01-01", "ends_on": "2026-02-28", "hours": 64, "credits": 2, "marks": 40.5, "max_marks": 50,
		"grade": "A+", "issued_at": clock.Now(w.App).UTC(), "status": "valid", "key_id": key.ID,
	})
}

// credentialClaims GETs a certificate's credential and returns its VC-JWT
// claims (the signature is checked by the credential tests).
func credentialClaims(t testing.TB, client *apptest.Client, number string) jwt.MapClaims {
	t.Helper()
	r := client.Do(http.MethodGet, "/api/ib/credentials/"+number, "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("credential %s: %d %s", number, r.Status, r.Body)
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(r.JSON()["credential"].(string), claims); err != nil {
		t.Fatal(err)
	}
	return claims
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
	listA := listPath(w.InstA, 1)
	want := map[string]any{
		"id":                   base + listA + "#" + strconv.Itoa(idx),
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        "revocation",
		"statusListIndex":      strconv.Itoa(idx),
		"statusListCredential": base + listA,
	}
	if fmt.Sprint(entry) != fmt.Sprint(want) {
		t.Errorf("credentialStatus = %v, want %v", entry, want)
	}
	if idx == w.Certificate.GetInt("status_index") {
		t.Fatalf("two certificates share status index %d", idx)
	}

	r, claims := fetchList(t, w.App, client, listA)
	if ct := r.Header.Get("Content-Type"); ct != "application/vc+jwt" {
		t.Errorf("Content-Type %q", ct)
	}
	cc := r.Header.Get("Cache-Control")
	age, err := strconv.Atoi(strings.TrimPrefix(cc, "public, max-age="))
	if err != nil || age <= 0 || age > 300 {
		t.Errorf("Cache-Control %q: want public, at most five minutes", cc)
	}
	if claims["id"] != base+listA || claims["jti"] != claims["id"] || claims["iss"] != claims["issuer"] ||
		claims["issuer"] != base+"/api/ib/issuers/"+w.InstA.Id ||
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
	_, claims = fetchList(t, w.App, client, listA)
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
	_, claims = fetchList(t, w.App, client, listA)
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

// TestStatusListUnknown: a malformed list name, a list of an unknown
// institution or one no certificate is in is 404 (never a 5xx), not
// cacheable, with a message; a certificate past an institution's first
// 131,072 entries is in its list 2.
func TestStatusListUnknown(t *testing.T) {
	t.Parallel()
	w, _ := issued(t)
	client := apptest.NewClient(t, w.App)
	a := w.InstA.Id
	for _, list := range []string{"1", "2", "0", "-1", "01", "x", "99999999999999999999", a, a + "-", a + "-0", a + "-2",
		a + "-01", a + "-1.0", a + "-+1", a + "--1", a + "-1-1", a + "- 1", strings.ToUpper(a) + "-1", a + "-99999999999999999999",
		w.InstB.Id + "-1", "nosuchinstitut-1", "-" + a, strings.Repeat("a", 70) + "-1", "%00-1", "é-1"} {
		r := client.Do(http.MethodGet, "/api/ib/status/"+url.PathEscape(list), "", nil)
		msg, _ := r.JSON()["message"].(string)
		if r.Status != http.StatusNotFound || r.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(msg, "Status list not found") {
			t.Errorf("list %q: %d %q %s", list, r.Status, r.Header.Get("Cache-Control"), r.Body)
		}
	}
	// A certificate past the first 131,072 of its institution is in list 2
	// (its index is set directly: issuing 131,072 certificates takes too
	// long here; TestStatusListFull fills a list).
	_, err := w.App.DB().Update("certificates", dbx.Params{"status_index": certificates.ListSize + 5, "status": "revoked"},
		dbx.HashExp{"id": w.Certificate.Id}).Execute()
	apptest.Must(t, err)
	c, err := w.App.FindRecordById("certificates", w.Certificate.Id)
	apptest.Must(t, err)
	entry := entryOf(t, w.App, c)
	if entry["statusListIndex"] != "5" || !strings.HasSuffix(entry["statusListCredential"].(string), listPath(w.InstA, 2)) {
		t.Errorf("entry in list 2: %v", entry)
	}
	_, claims := fetchList(t, w.App, client, listPath(w.InstA, 2))
	bits := decodeList(t, subjectOf(t, claims)["encodedList"].(string))
	if !bit(bits, 5) || bit(bits, 4) || bit(bits, 6) {
		t.Error("list 2 does not have exactly entry 5 set around it")
	}
}

// TestStatusListsPerInstitution: each college's credentials point to its
// own list, whose issuer (iss and issuer) is exactly their issuer.id; a
// certificate of B may share A's certificate's index, and A's revocation
// sets the bit in A's list only.
func TestStatusListsPerInstitution(t *testing.T) {
	t.Parallel()
	w, a := issued(t)
	client := apptest.NewClient(t, w.App)
	base := strings.TrimRight(w.App.Settings().Meta.AppURL, "/")
	b := saveCertificate(t, w, w.InstB, w.S3, "IB-2026-B0000001")
	// The same index in both colleges (unique per institution only).
	idx := a.GetInt("status_index")
	_, err := w.App.DB().Update("certificates", dbx.Params{"status_index": idx}, dbx.HashExp{"id": b.Id}).Execute()
	apptest.Must(t, err)

	lists := map[string]string{}
	for _, c := range []struct {
		number string
		inst   *core.Record
	}{{a.GetString("number"), w.InstA}, {b.GetString("number"), w.InstB}} {
		cred := credentialClaims(t, client, c.number)
		issuer := cred["issuer"].(map[string]any)["id"]
		entry := cred["credentialStatus"].(map[string]any)
		list := entry["statusListCredential"].(string)
		if list != base+listPath(c.inst, 1) || entry["statusListIndex"] != strconv.Itoa(idx) {
			t.Errorf("%s: credentialStatus %v, want entry %d of %s", c.number, entry, idx, listPath(c.inst, 1))
		}
		_, claims := fetchList(t, w.App, client, strings.TrimPrefix(list, base))
		if claims["iss"] != issuer || claims["issuer"] != issuer || cred["iss"] != issuer {
			t.Errorf("%s: list iss %v, issuer %v; credential iss %v, issuer.id %v", c.number, claims["iss"], claims["issuer"], cred["iss"], issuer)
		}
		lists[c.number] = list
	}
	if lists[a.GetString("number")] == lists[b.GetString("number")] {
		t.Fatalf("both colleges' credentials point to %s", lists[a.GetString("number")])
	}

	rev := client.Do(http.MethodPatch, "/api/collections/certificates/records/"+a.Id, w.CoordA.Token,
		map[string]any{"status": "revoked", "revoke_reason": "Marks entered against the wrong student."})
	if rev.Status != 200 {
		t.Fatalf("revoke: %d %s", rev.Status, rev.Body)
	}
	_, claims := fetchList(t, w.App, client, listPath(w.InstA, 1))
	if !bit(decodeList(t, subjectOf(t, claims)["encodedList"].(string)), idx) {
		t.Error("A's revocation is not in A's list")
	}
	_, claims = fetchList(t, w.App, client, listPath(w.InstB, 1))
	bitsB := decodeList(t, subjectOf(t, claims)["encodedList"].(string))
	for i := range len(bitsB) * 8 {
		if bit(bitsB, i) {
			t.Errorf("B's list has bit %d set (A revoked entry %d)", i, idx)
		}
	}
}

// indexesOf returns the status indexes of an institution's certificates,
// in the order they were created.
func indexesOf(t testing.TB, app core.App, inst string) []int {
	t.Helper()
	var idx []int
	err := app.DB().Select("status_index").From("certificates").Where(dbx.HashExp{"institution": inst}).
		OrderBy("rowid").Column(&idx)
	apptest.Must(t, err)
	return idx
}

// TestStatusIndexRandom: the indexes of 50 certificates of one college,
// in issue order, are distinct entries of its list, not sorted, not a run
// of consecutive numbers, and spread over the list, so that they reveal
// neither the issue order nor the number issued.
func TestStatusIndexRandom(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	for i := range 49 {
		saveCertificate(t, w, w.InstA, w.S1, fmt.Sprintf("IB-2026-R%07d", i))
	}
	idx := indexesOf(t, w.App, w.InstA.Id)
	if len(idx) != 50 {
		t.Fatalf("%d certificates, want 50", len(idx))
	}
	distinctInFirstList(t, idx)
	// Each holds by chance with a probability below 10^-14.
	if slices.IsSorted(idx) {
		t.Errorf("indexes in issue order: %v", idx)
	}
	if lo, hi := slices.Min(idx), slices.Max(idx); hi-lo < certificates.ListSize/2 {
		t.Errorf("indexes within %d..%d of a list of %d: %v", lo, hi, certificates.ListSize, idx)
	}
}

// TestStatusIndexConcurrent issues 20 certificates at once: each gets its
// own random index of the college's list.
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
	idx := indexesOf(t, w.App, w.InstA.Id)
	if len(idx) != 22 {
		t.Fatalf("%d certificates, want 22", len(idx))
	}
	distinctInFirstList(t, idx)
	if slices.IsSorted(idx) {
		t.Errorf("indexes in issue order: %v", idx)
	}
}

// fillList writes certificates of inst (rows only: the list reads
// status_index and status) into every entry of its list 1 but those
// already taken and the free ones; every sixth is revoked. It returns the
// entries it left out.
func fillList(t testing.TB, app core.App, inst string, free ...int) []int {
	t.Helper()
	skip := append(indexesOf(t, app, inst), free...)
	js, err := json.Marshal(skip)
	apptest.Must(t, err)
	_, err = app.DB().NewQuery(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {:last})
		INSERT INTO certificates (id, number, status, institution, status_index)
		SELECT printf('fl%013d', i), printf('IB-2026-F%07d', i), CASE WHEN i % 6 = 1 THEN 'revoked' ELSE 'valid' END, {:inst}, i
		FROM s WHERE i NOT IN (SELECT value FROM json_each({:skip}))`).
		Bind(dbx.Params{"last": certificates.ListSize - 1, "inst": inst, "skip": string(js)}).Execute()
	apptest.Must(t, err)
	return skip
}

// TestStatusListFull: when one entry of a college's list is left, the
// next certificate takes it; the one after starts the college's list 2,
// while another college still issues into its list 1.
func TestStatusListFull(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("fills a list of 131,072 certificates")
	}
	w, _ := issued(t)
	client := apptest.NewClient(t, w.App)
	const free = 77777
	skipped := fillList(t, w.App, w.InstA.Id, free)
	if n := len(indexesOf(t, w.App, w.InstA.Id)); n != certificates.ListSize-1 {
		t.Fatalf("%d entries of list 1 taken, want all but one", n)
	}
	issue := func() *core.Record {
		t.Helper()
		apptest.Must(t, certificates.Issue(w.App, w.Placement))
		var ids []string
		apptest.Must(t, w.App.DB().Select("id").From("certificates").OrderBy("rowid DESC").Limit(1).Column(&ids))
		c, err := w.App.FindRecordById("certificates", ids[0])
		apptest.Must(t, err)
		return c
	}
	last := issue()
	if last.GetInt("status_index") != free {
		t.Fatalf("the last free entry is %d, the certificate took %d", free, last.GetInt("status_index"))
	}
	next := issue()
	if i := next.GetInt("status_index"); i < certificates.ListSize || i >= 2*certificates.ListSize {
		t.Fatalf("a full list 1: the next certificate has index %d, not in list 2", i)
	}
	entry := entryOf(t, w.App, next)
	if !strings.HasSuffix(entry["statusListCredential"].(string), listPath(w.InstA, 2)) {
		t.Errorf("entry %v, want list 2", entry)
	}
	_, claims := fetchList(t, w.App, client, listPath(w.InstA, 1))
	bits := decodeList(t, subjectOf(t, claims)["encodedList"].(string))
	for i := range certificates.ListSize {
		if want := i%6 == 1 && !slices.Contains(skipped, i); bit(bits, i) != want {
			t.Fatalf("bit %d of the full list 1 is %v", i, !want)
		}
	}
	fetchList(t, w.App, client, listPath(w.InstA, 2))
	if i := saveCertificate(t, w, w.InstB, w.S3, "IB-2026-B0000001").GetInt("status_index"); i >= certificates.ListSize {
		t.Errorf("college B's first certificate has index %d, past its list 1", i)
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
	const inst = "collegeofbuild"
	// Rows written directly (issuing 131,072 PDFs is not the point): the
	// status list reads only status_index and status.
	_, err := app.DB().NewQuery(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 131071)
		INSERT INTO certificates (id, number, status, institution, status_index)
		SELECT printf('st%013d', i), printf('IB-2026-%08d', i),
			CASE WHEN i % 6 = 1 AND i < 120000 THEN 'revoked' ELSE 'valid' END, '` + inst + `', i FROM s`).Execute()
	apptest.Must(t, err)
	client := apptest.NewClient(t, app)
	var took []time.Duration
	for range 5 {
		start := time.Now()
		_, err := certificates.StatusListJWT(app, inst, 1)
		apptest.Must(t, err)
		took = append(took, time.Since(start))
	}
	t.Logf("status list of 131,072 entries, 20,000 revoked: built and signed in %v (5 requests, the first cold)", took)
	if slices.Max(took) > time.Second {
		t.Errorf("building the list takes up to %v, over the one second a revocation may take to show", slices.Max(took))
	}
	r, claims := fetchList(t, app, client, "/api/ib/status/"+inst+"-1")
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
	if r := client.Do(http.MethodGet, "/api/ib/status/"+inst+"-2", "", nil); r.Status != 404 {
		t.Errorf("list 2 of a full list 1: %d", r.Status)
	}
}

// distinctInFirstList fails t unless every index is in list 1 and none is
// taken twice.
func distinctInFirstList(t *testing.T, idx []int) {
	t.Helper()
	seen := map[int]bool{}
	for _, i := range idx {
		if i < 0 || i >= certificates.ListSize || seen[i] {
			t.Errorf("index %d out of list 1 or taken twice: %v", i, idx)
		}
		seen[i] = true
	}
}
