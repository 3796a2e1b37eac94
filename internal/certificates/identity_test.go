package certificates_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/dbx"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
)

// identityOf fetches the public credential of number and returns its
// subject's one IdentityObject.
func identityOf(t *testing.T, client *apptest.Client, number string) map[string]any {
	t.Helper()
	res := client.Do(http.MethodGet, "/api/ib/credentials/"+number, "", nil)
	if res.Status != 200 {
		t.Fatalf("credential %s: %d %s", number, res.Status, res.String())
	}
	tok, _, err := jwt.NewParser().ParseUnverified(res.JSON()["credential"].(string), jwt.MapClaims{})
	apptest.Must(t, err)
	subject := tok.Claims.(jwt.MapClaims)["credentialSubject"].(map[string]any)
	ids, _ := subject["identifier"].([]any)
	if len(ids) != 1 {
		t.Fatalf("identifier %v", subject["identifier"])
	}
	return ids[0].(map[string]any)
}

func sha256Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// The credential identifies the student by a salted hash of their email
// address, with a random salt of its own, never by a hash of the register
// number (which the verify mask and the published salt would let anyone
// recover).
func TestCredentialIdentityIsTheSaltedEmail(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	id := identityOf(t, client, c.GetString("number"))
	salt, _ := id["salt"].(string)
	if id["type"] != "IdentityObject" || id["identityType"] != "emailAddress" || id["hashed"] != true || len(salt) < 16 {
		t.Fatalf("identifier %v", id)
	}
	email, regNo := w.S1.Email(), w.S1.GetString("register_no")
	if id["identityHash"] != sha256Hash(email+salt) {
		t.Fatalf("identityHash %v is not sha256(email + salt)", id["identityHash"])
	}
	if id["identityHash"] == sha256Hash(regNo+salt) {
		t.Fatal("identityHash is the hash of the register number")
	}
	if strings.HasPrefix(c.GetString("sha256"), salt) {
		t.Fatal("the salt is derived from the published PDF hash")
	}
	// The email is kept server-side only, never in the public credential.
	if res := client.Do(http.MethodGet, "/api/ib/credentials/"+c.GetString("number"), "", nil); strings.Contains(res.String(), email) {
		t.Fatal("the credential shows the email")
	}

	// A reissued certificate gets a salt of its own, and still the email
	// of issue time.
	r := client.Do(http.MethodPost, "/api/ib/certificates/"+c.Id+"/reissue", w.CoordA.Token, nil)
	if r.Status != 200 {
		t.Fatalf("reissue: %d %s", r.Status, r.String())
	}
	if strings.Contains(r.String(), email) || strings.Contains(r.String(), salt) {
		t.Fatal("the certificate record shows the server-only identity fields")
	}
	next := identityOf(t, client, r.JSON()["number"].(string))
	if next["salt"] == salt || next["identityHash"] != sha256Hash(email+next["salt"].(string)) {
		t.Fatalf("reissued identifier %v (first salt %s)", next, salt)
	}
	// The salt and the email are fixed at issue: the credential answers the
	// same identity every time, even after the student changes their email.
	w.S1.SetEmail("renamed@example.test")
	apptest.Must(t, w.App.Save(w.S1.Record))
	if again := identityOf(t, client, c.GetString("number")); again["salt"] != salt || again["identityHash"] != id["identityHash"] {
		t.Fatalf("identity changed: %v, was %v", again, id)
	}
}

// A certificate without stored identity fields (the migration backfills
// them; this one had them wiped) is still identified by a salted hash of the
// student's email, never by the register number.
func TestCredentialIdentityWithoutStoredSalt(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	_, err := w.App.DB().Update("certificates", dbx.Params{"identity_salt": "", "student_email": ""}, dbx.HashExp{"id": c.Id}).Execute()
	apptest.Must(t, err)
	client := apptest.NewClient(t, w.App)
	id := identityOf(t, client, c.GetString("number"))
	salt, _ := id["salt"].(string)
	if id["identityType"] != "emailAddress" || id["identityHash"] == sha256Hash(w.S1.GetString("register_no")+salt) ||
		id["identityHash"] != sha256Hash(w.S1.Email()+salt) {
		t.Fatalf("identifier %v", id)
	}
}

// The register number is masked to its last two characters behind a fixed
// run of mask characters: neither its length nor its prefix shows.
func TestRegisterNumberMask(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"MCP23CS00142", "••••••42"},
		{"REG00042", "••••••42"},
		{"AB1234", "••••••34"},
		{"A1234", "••••••••"},
		{"12", "••••••••"},
		{"", ""},
	} {
		if got := certificates.MaskCode(tc.in); got != tc.want {
			t.Errorf("MaskCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}

	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	regNo := c.GetString("register_no")
	want := "••••••" + regNo[len(regNo)-2:]
	v := client.Do(http.MethodGet, "/api/ib/verify/"+c.GetString("number"), "", nil).JSON()
	if v["register_no_masked"] != want {
		t.Fatalf("register_no_masked = %q, want %q", v["register_no_masked"], want)
	}
	page := client.Do(http.MethodGet, "/verify/"+c.GetString("number"), "", nil).String()
	if !strings.Contains(page, "(register no. "+want+")") || strings.Contains(page, regNo[:2]+"*") {
		t.Fatalf("verify page does not show %q: %s", want, page)
	}
}

// The credential route is rate-limited like verify: 60 a minute per IP.
func TestCredentialsAreRateLimited(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	apptest.RateLimits(t, w.App, true)
	client := apptest.NewClient(t, w.App)
	var last int
	ok := 0
	for range 61 {
		last = client.Do(http.MethodGet, "/api/ib/credentials/"+c.GetString("number"), "", nil).Status
		if last == 200 {
			ok++
		}
	}
	if ok != 60 || last != http.StatusTooManyRequests {
		t.Fatalf("%d answered, last %d; want 60 and then 429", ok, last)
	}
}
