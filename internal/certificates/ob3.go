package certificates

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
)

// Open Badges 3.0 on the W3C VC data model 2.0.
const (
	contextVC2 = "https://www.w3.org/ns/credentials/v2"
	contextOB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// NewIdentitySalt returns a fresh random salt for a credential's identity
// hash: 128 bits from crypto/rand, as 32 hex digits.
func NewIdentitySalt() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("certificates: identity salt: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// IdentityHash is the OB 3.0 IdentityObject hash of an email address:
// "sha256$" + hex(SHA-256(email + salt)).
func IdentityHash(email, salt string) string {
	sum := sha256.Sum256([]byte(email + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// identity returns the email and salt that identify the student of a
// certificate: those stored at issue time. A certificate without them (its
// fields wiped; the migration backfills older ones) gets the student's
// current email and a salt drawn for this answer only.
func identity(app core.App, c *core.Record) (email, salt string, err error) {
	email, salt = c.GetString("student_email"), c.GetString("identity_salt")
	if email == "" {
		if s, err := app.FindRecordById(access.Users, c.GetString("student")); err == nil {
			email = s.Email()
		}
	}
	if salt == "" {
		if salt, err = NewIdentitySalt(); err != nil {
			return "", "", err
		}
	}
	return email, salt, nil
}

// Credential returns the OpenBadgeCredential of a certificate. The student is
// identified by an OB 3.0 IdentityObject: the salted SHA-256 of their email
// address at issue time, with a random salt of the certificate's own — never
// a hash of a short or guessable identifier such as the register number — so
// the public credential carries no personal value in clear, yet a verifier
// told the email can match it.
func Credential(app core.App, c *core.Record) (map[string]any, error) {
	base := strings.TrimRight(app.Settings().Meta.AppURL, "/")
	number := c.GetString("number")
	issued := c.GetDateTime("issued_at").Time().UTC().Format(time.RFC3339)
	email, salt, err := identity(app, c)
	if err != nil {
		return nil, err
	}
	if email == "" {
		return nil, fmt.Errorf("credential %s: the student has no email address", number)
	}
	issuer := IssuerProfile(base, c.GetString("institution"), c.GetString("institution_name"))
	delete(issuer, "@context")
	cred := map[string]any{
		"@context":  []string{contextVC2, contextOB3},
		"id":        base + "/api/ib/credentials/" + number,
		"type":      []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      "Internship credit: " + c.GetString("title"),
		"validFrom": issued,
		"issuer":    issuer,
		"credentialSubject": map[string]any{
			"id":   SubjectID(c),
			"type": []string{"AchievementSubject"},
			"identifier": []map[string]any{{
				"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": salt,
				"identityHash": IdentityHash(email, salt),
			}},
			"creditsEarned":     c.GetFloat("credits"),
			"activityStartDate": c.GetString("starts_on") + "T00:00:00Z",
			"activityEndDate":   c.GetString("ends_on") + "T00:00:00Z",
			"result": []map[string]any{{
				"type": []string{"Result"}, "value": fmt.Sprintf("%s/%s", num(c.GetFloat("marks")), num(c.GetFloat("max_marks"))),
			}, {
				"type": []string{"Result"}, "value": c.GetString("grade"),
			}},
			"achievement": map[string]any{
				"id":               base + "/verify/" + number + "#achievement",
				"type":             []string{"Achievement"},
				"achievementType":  "Course",
				"name":             c.GetString("title"),
				"description":      fmt.Sprintf("Credited internship at %s: %s approved hours, %s credits.", c.GetString("organization_name"), num(c.GetFloat("hours")), num(c.GetFloat("credits"))),
				"criteria":         map[string]any{"narrative": "Completed the internship with the required approved hours, project work and evaluations under the institution's regulation."},
				"creditsAvailable": c.GetFloat("credits"),
				"fieldOfStudy":     "Internship",
				"humanCode":        number,
				"tag":              []string{"internship", "hours:" + num(c.GetFloat("hours"))},
			},
		},
		"evidence": []map[string]any{{
			"id": base + "/verify/" + number, "type": []string{"Evidence"}, "name": "Certificate " + number,
			"description": "Printed certificate, SHA-256 " + c.GetString("sha256"),
		}},
	}
	cred["credentialStatus"] = StatusEntry(app, c.GetString("institution"), c.GetInt("status_index"))
	return cred, nil
}

// subjectSpace is the UUID namespace of the credential subjects' ids.
var subjectSpace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://internbase.app/ns/credential-subject"))

// SubjectID is the credentialSubject.id of a certificate's credential (and
// the sub claim of its VC-JWT): a name-based UUID (RFC 9562 version 5) of
// the certificate's record id, as a urn:uuid: URI. It is stable — the same
// for every answer, whatever the app URL — yet says nothing about the
// student: it is drawn from the certificate, not the person, so it is no
// handle that links a student's credentials to each other, and it encodes
// no name, email or register number. Who the student is stays in the
// salted identityHash.
func SubjectID(c *core.Record) string {
	return uuid.NewSHA1(subjectSpace, []byte(c.Id)).URN()
}

// IssuerID is the URL of an institution's issuer Profile, the issuer.id of
// its credentials.
func IssuerID(base, institution string) string {
	return base + "/api/ib/issuers/" + institution
}

// IssuerProfile is an institution's Open Badges 3.0 issuer Profile (the
// document at IssuerID): no email, as institutions publish none.
func IssuerProfile(base, institution, name string) map[string]any {
	id := IssuerID(base, institution)
	return map[string]any{
		"@context": []string{contextVC2, contextOB3},
		"id":       id,
		"type":     []string{"Profile"},
		"name":     name,
		"url":      id,
	}
}

// KeyURI is the kid of a JWS header: a URI that dereferences to the key in
// the published key set.
func KeyURI(app core.App, kid string) string {
	return KeysURL(app) + "#" + kid
}

// CredentialJWT signs the credential as a VC-JWT per Open Badges 3.0's
// "JSON Web Token Proof Format": a JWS compact serialization whose header
// has alg (EdDSA with the Ed25519 key that signed the certificate, or RS256
// with the active RSA key), typ JWT and kid the URI of the key in the JWKS;
// its claims are the credential itself plus iss (issuer.id), jti (id), sub
// (credentialSubject.id), and nbf and iat (validFrom).
func CredentialJWT(app core.App, c *core.Record, alg string) (string, error) {
	var key *Key
	var method jwt.SigningMethod
	switch alg {
	case AlgEdDSA:
		r, err := app.FindFirstRecordByData(SigningKeys, "kid", c.GetString("key_id"))
		if err != nil {
			return "", fmt.Errorf("credential: signing key %s: %w", c.GetString("key_id"), err)
		}
		if key, err = keyFromRecord(r); err != nil {
			return "", err
		}
		method = jwt.SigningMethodEdDSA
	case AlgRS256:
		var err error
		if key, err = ActiveKeyOf(app, AlgRS256); err != nil {
			return "", fmt.Errorf("credential: RSA signing key: %w", err)
		}
		method = jwt.SigningMethodRS256
	default:
		return "", fmt.Errorf("credential: unknown algorithm %q", alg)
	}
	cred, err := Credential(app, c)
	if err != nil {
		return "", err
	}
	return signCredential(app, key, method, cred, cred["issuer"].(map[string]any)["id"], c.GetDateTime("issued_at").Time().Unix())
}

// signCredential signs a credential as a VC-JWT with key and method: the
// claims are the credential itself plus iss, jti (its id), sub (its
// credentialSubject.id, when it has one), and iat and nbf (at); the header
// has typ JWT and kid the key's URI in the JWKS. The certificates'
// credentials and the status lists are signed by it.
func signCredential(app core.App, key *Key, method jwt.SigningMethod, cred map[string]any, iss any, at int64) (string, error) {
	claims := jwt.MapClaims{}
	for k, v := range cred {
		claims[k] = v
	}
	claims["iss"] = iss
	claims["jti"] = cred["id"]
	if subject, ok := cred["credentialSubject"].(map[string]any); ok && subject["id"] != nil {
		claims["sub"] = subject["id"]
	}
	claims["iat"] = at
	claims["nbf"] = at
	tok := jwt.NewWithClaims(method, claims)
	tok.Header["kid"] = KeyURI(app, key.ID)
	tok.Header["typ"] = "JWT"
	return tok.SignedString(key.Signer())
}
