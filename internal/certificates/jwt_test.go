package certificates_test

import (
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
)

// publishedKey dereferences a JWS kid the way a verifier does: the kid is
// a URI of the app's key set with the key id as its fragment; the key is
// fetched from the public /.well-known/jwks.json and must be of alg.
func publishedKey(t *testing.T, app core.App, client *apptest.Client, kidURI, alg string) any {
	t.Helper()
	prefix := strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/.well-known/jwks.json#"
	kid, ok := strings.CutPrefix(kidURI, prefix)
	if !ok || kid == "" {
		t.Fatalf("kid %q is not a URI of %s…", kidURI, prefix)
	}
	res := client.Do(http.MethodGet, "/.well-known/jwks.json", "", nil)
	keys, _ := res.JSON()["keys"].([]any)
	for _, k := range keys {
		m := k.(map[string]any)
		if m["kid"] != kid {
			continue
		}
		for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
			if _, leaked := m[private]; leaked {
				t.Fatalf("JWKS publishes the private %s of %s", private, kid)
			}
		}
		if m["alg"] != alg || m["use"] != "sig" {
			t.Fatalf("key %s: %v", kid, m)
		}
		switch alg {
		case "EdDSA":
			x, err := base64.RawURLEncoding.DecodeString(m["x"].(string))
			apptest.Must(t, err)
			if m["kty"] != "OKP" || m["crv"] != "Ed25519" {
				t.Fatalf("key %s: %v", kid, m)
			}
			return ed25519.PublicKey(x)
		case "RS256":
			n, err := base64.RawURLEncoding.DecodeString(m["n"].(string))
			apptest.Must(t, err)
			e, err := base64.RawURLEncoding.DecodeString(m["e"].(string))
			apptest.Must(t, err)
			pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
			if m["kty"] != "RSA" || pub.N.BitLen() < 2048 {
				t.Fatalf("key %s: %v (%d bits)", kid, m["kty"], pub.N.BitLen())
			}
			return pub
		}
	}
	t.Fatalf("kid %s not in %s", kid, res.String())
	return nil
}

// verified checks a VC-JWT with golang-jwt and the published key its kid
// names, and returns its header and claims.
func verified(t *testing.T, app core.App, client *apptest.Client, token, alg string) (map[string]any, jwt.MapClaims) {
	t.Helper()
	tok, err := jwt.Parse(token, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		return publishedKey(t, app, client, kid, alg), nil
	}, jwt.WithValidMethods([]string{alg}), jwt.WithTimeFunc(func() time.Time { return clock.Now(app) }))
	if err != nil || !tok.Valid {
		t.Fatalf("%s credential does not verify: %v", alg, err)
	}
	return tok.Header, tok.Claims.(jwt.MapClaims)
}

func credentialToken(t *testing.T, client *apptest.Client, number, query string) string {
	t.Helper()
	res := client.Do(http.MethodGet, "/api/ib/credentials/"+number+query, "", nil)
	if res.Status != 200 || res.JSON()["format"] != "vc+jwt" {
		t.Fatalf("credential%s: %d %s", query, res.Status, res.String())
	}
	return res.JSON()["credential"].(string)
}

// The VC-JWT follows Open Badges 3.0's JSON Web Token Proof Format, with
// EdDSA by default and RS256 on request: header alg, typ JWT and a kid URI
// that dereferences to the published key; claims iss = issuer.id, jti = id,
// sub = credentialSubject.id, nbf = iat = validFrom.
func TestVCJWTProofFormat(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	base := strings.TrimRight(w.App.Settings().Meta.AppURL, "/")
	for _, tc := range []struct{ query, alg string }{{"", "EdDSA"}, {"?alg=EdDSA", "EdDSA"}, {"?alg=RS256", "RS256"}} {
		t.Run(tc.alg+tc.query, func(t *testing.T) {
			header, claims := verified(t, w.App, client, credentialToken(t, client, c.GetString("number"), tc.query), tc.alg)
			if header["alg"] != tc.alg || header["typ"] != "JWT" {
				t.Errorf("header %v", header)
			}
			if tc.alg == "EdDSA" && header["kid"] != base+"/.well-known/jwks.json#"+c.GetString("key_id") {
				t.Errorf("EdDSA kid %v, want the key that signed the certificate", header["kid"])
			}
			issuer := claims["issuer"].(map[string]any)
			subject := claims["credentialSubject"].(map[string]any)
			if claims["iss"] != issuer["id"] || issuer["id"] != base+"/api/ib/issuers/"+w.InstA.Id {
				t.Errorf("iss %v, issuer.id %v", claims["iss"], issuer["id"])
			}
			if claims["jti"] != claims["id"] || claims["id"] != base+"/api/ib/credentials/"+c.GetString("number") {
				t.Errorf("jti %v, id %v", claims["jti"], claims["id"])
			}
			if claims["sub"] != subject["id"] || subject["id"] != certificates.SubjectID(c) {
				t.Errorf("sub %v, credentialSubject.id %v", claims["sub"], subject["id"])
			}
			from, err := time.Parse(time.RFC3339, claims["validFrom"].(string))
			apptest.Must(t, err)
			if claims["nbf"] != float64(from.Unix()) || claims["iat"] != float64(from.Unix()) {
				t.Errorf("nbf %v, iat %v, validFrom %v", claims["nbf"], claims["iat"], claims["validFrom"])
			}
			if _, ok := claims["exp"]; ok {
				t.Error("exp without a validUntil")
			}
			ident := subject["identifier"].([]any)[0].(map[string]any)
			if ident["identityType"] != "emailAddress" || ident["hashed"] != true ||
				ident["identityHash"] != certificates.IdentityHash(c.GetString("student_email"), ident["salt"].(string)) {
				t.Errorf("identifier %v", ident)
			}
		})
	}
	// Tampering with the RS256 token fails like with the EdDSA one.
	parts := strings.Split(credentialToken(t, client, c.GetString("number"), "?alg=RS256"), ".")
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"https://evil.example"}`))
	if _, err := jwt.Parse(strings.Join(parts, "."), func(tok *jwt.Token) (any, error) {
		return publishedKey(t, w.App, client, tok.Header["kid"].(string), "RS256"), nil
	}); err == nil {
		t.Fatal("tampered RS256 credential verified")
	}
	if res := client.Do(http.MethodGet, "/api/ib/credentials/"+c.GetString("number")+"?alg=HS256", "", nil); res.Status != 400 || !strings.Contains(res.String(), "RS256") {
		t.Fatalf("unknown alg: %d %s", res.Status, res.String())
	}
}

// The credentialSubject.id is a urn:uuid: that stays the same for a
// certificate, differs between certificates, and carries nothing of the
// student.
func TestCredentialSubjectID(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	id := certificates.SubjectID(c)
	if !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Fatalf("subject id %q is not a name-based urn:uuid", id)
	}
	again, err := w.App.FindRecordById("certificates", c.Id)
	apptest.Must(t, err)
	if certificates.SubjectID(again) != id {
		t.Error("subject id not stable")
	}
	if certificates.SubjectID(w.Certificate) == id {
		t.Error("two certificates share a subject id")
	}
	for _, personal := range []string{w.S1.Id, w.S1.GetString("email"), w.S1.GetString("register_no"), w.S1.GetString("name"), c.Id} {
		if personal != "" && strings.Contains(strings.ToLower(id), strings.ToLower(personal)) {
			t.Errorf("subject id %s shows %q", id, personal)
		}
	}
}

// The credential's id answers a client that asks for a JWT with the bare
// compact JWS, and any other with the JSON wrapper.
func TestCredentialContentNegotiation(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	url := "/api/ib/credentials/" + c.GetString("number")
	for _, tc := range []struct{ accept, query, want, alg string }{
		{"application/vc+jwt", "", "application/vc+jwt", "EdDSA"},
		{"application/jwt", "", "application/jwt", "EdDSA"},
		{"application/vc+jwt", "?alg=RS256", "application/vc+jwt", "RS256"},
		{"text/html, application/jwt;q=0.5", "", "application/jwt", "EdDSA"},
		{"application/jwt;q=0.4, application/vc+jwt;q=0.9", "", "application/vc+jwt", "EdDSA"},
		{"application/json", "", "", ""},
		{"*/*", "", "", ""},
		{"", "", "", ""},
		{"application/vc+jwt;q=0", "", "", ""},
	} {
		res := client.Do(http.MethodGet, url+tc.query, "", nil, "Accept", tc.accept)
		if res.Status != 200 || !strings.Contains(res.Header.Get("Vary"), "Accept") {
			t.Fatalf("Accept %q: %d, Vary %q", tc.accept, res.Status, res.Header.Get("Vary"))
		}
		ct := res.Header.Get("Content-Type")
		if tc.want == "" {
			if !strings.HasPrefix(ct, "application/json") || res.JSON()["format"] != "vc+jwt" {
				t.Errorf("Accept %q: %s %s", tc.accept, ct, res.String())
			}
			continue
		}
		if ct != tc.want {
			t.Errorf("Accept %q: Content-Type %q, want %q", tc.accept, ct, tc.want)
		}
		verified(t, w.App, client, res.String(), tc.alg)
	}
}

func TestJWTMedia(t *testing.T) {
	t.Parallel()
	for accept, want := range map[string]string{
		"application/vc+jwt":                           "application/vc+jwt",
		"application/jwt":                              "application/jwt",
		"application/jwt, application/vc+jwt":          "application/vc+jwt",
		"application/jwt;q=1, application/vc+jwt;q=.5": "application/jwt",
		"application/vc+jwt;q=0":                       "",
		"application/vc+jwt;q=oops":                    "",
		"application/json":                             "",
		"application/*":                                "",
		"":                                             "",
		";;;":                                          "",
	} {
		if got := certificates.JWTMedia(accept); got != want {
			t.Errorf("JWTMedia(%q) = %q, want %q", accept, got, want)
		}
	}
}

// issuer.id dereferences to the institution's issuer Profile.
func TestIssuerProfile(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	base := strings.TrimRight(w.App.Settings().Meta.AppURL, "/")
	_, claims := verified(t, w.App, client, credentialToken(t, client, c.GetString("number"), ""), "EdDSA")
	issuerID := claims["issuer"].(map[string]any)["id"].(string)
	path, ok := strings.CutPrefix(issuerID, base)
	if !ok {
		t.Fatalf("issuer.id %s is not on %s", issuerID, base)
	}
	res := client.Do(http.MethodGet, path, "", nil)
	p := res.JSON()
	if res.Status != 200 || p["id"] != issuerID || p["name"] != w.InstA.GetString("name") ||
		fmt.Sprint(p["type"]) != "[Profile]" || p["url"] == nil || !strings.Contains(fmt.Sprint(p["@context"]), "ob/v3p0") {
		t.Fatalf("issuer profile: %d %s", res.Status, res.String())
	}
	if _, ok := p["email"]; ok {
		t.Error("the profile shows an email the institution never published")
	}
	res = client.Do(http.MethodGet, "/api/ib/issuers/nosuchinstitut", "", nil)
	if res.Status != 404 || !strings.Contains(res.String(), "Issuer not found") {
		t.Fatalf("unknown issuer: %d %s", res.Status, res.String())
	}
}

// A rotated RSA key stays published: a credential signed before the
// rotation still verifies, and new ones are signed with the new key.
func TestRSAKeyRotation(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	before := credentialToken(t, client, c.GetString("number"), "?alg=RS256")
	oldHeader, _ := verified(t, w.App, client, before, "RS256")
	k, err := certificates.RotateKey(w.App, certificates.AlgRS256)
	apptest.Must(t, err)
	if k.Alg != "RS256" || certificates.KeyURI(w.App, k.ID) == oldHeader["kid"] {
		t.Fatalf("rotation made %s %s", k.Alg, k.ID)
	}
	verified(t, w.App, client, before, "RS256")
	newHeader, _ := verified(t, w.App, client, credentialToken(t, client, c.GetString("number"), "?alg=RS256"), "RS256")
	if newHeader["kid"] != certificates.KeyURI(w.App, k.ID) {
		t.Fatalf("signed with %v after rotation to %s", newHeader["kid"], k.ID)
	}
	// The Ed25519 key that signs certificates did not change.
	if active, err := certificates.ActiveKey(w.App); err != nil || active.ID != c.GetString("key_id") {
		t.Fatalf("Ed25519 key after an RSA rotation: %v %v", active, err)
	}
	if _, err := certificates.RotateKey(w.App, "HS256"); err == nil {
		t.Fatal("rotated an unknown algorithm")
	}
}
