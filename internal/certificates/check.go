package certificates

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Check is the outcome of checking one stored certificate.
type Check struct {
	Number      string
	Status      string
	SignatureOK bool // the signature verifies over the stored facts
	PDFOK       bool // the stored PDF hashes to the signed sha256
	Problems    []string
}

// OK reports whether the certificate is valid and intact.
func (c Check) OK() bool { return c.Status == StatusValid && c.SignatureOK && c.PDFOK }

// PayloadOf rebuilds the signed payload from a certificate's stored facts.
func PayloadOf(c *core.Record) (SignedPayload, error) {
	day := func(field string) (time.Time, error) {
		t, err := time.Parse(time.DateOnly, c.GetString(field))
		if err != nil {
			return t, fmt.Errorf("%s %q is not a date", field, c.GetString(field))
		}
		return t, nil
	}
	starts, err := day("starts_on")
	if err != nil {
		return SignedPayload{}, err
	}
	ends, err := day("ends_on")
	if err != nil {
		return SignedPayload{}, err
	}
	return SignedPayload{
		Number: c.GetString("number"), StudentName: c.GetString("student_name"), RegisterNo: c.GetString("register_no"),
		InstitutionName: c.GetString("institution_name"), OrganizationName: c.GetString("organization_name"),
		Title: c.GetString("title"), StartsOn: starts, EndsOn: ends, Hours: c.GetFloat("hours"),
		Credits: c.GetFloat("credits"), Marks: c.GetFloat("marks"), MaxMarks: c.GetFloat("max_marks"),
		Grade: c.GetString("grade"), IssuedAt: c.GetDateTime("issued_at").Time(), SHA256: c.GetString("sha256"),
	}, nil
}

// VerifyRecord checks a certificate's status, its signature with the
// published key of its kid, and the hash of its stored PDF.
func VerifyRecord(app core.App, c *core.Record) Check {
	res := Check{Number: c.GetString("number"), Status: c.GetString("status")}
	if res.Status != StatusValid {
		res.Problems = append(res.Problems, "status is "+res.Status)
	}
	payload, err := PayloadOf(c)
	if err == nil {
		var msg []byte
		msg, err = payload.Canonical()
		if err == nil {
			var pub []byte
			pub, err = PublicKey(app, c.GetString("key_id"))
			if err == nil {
				res.SignatureOK = Verify(pub, msg, c.GetString("signature"))
			}
		}
	}
	if err != nil {
		res.Problems = append(res.Problems, "signature: "+err.Error())
	} else if !res.SignatureOK {
		res.Problems = append(res.Problems, "signature does not match the certificate's facts")
	}

	sum, err := pdfHash(app, c)
	switch {
	case err != nil:
		res.Problems = append(res.Problems, "pdf: "+err.Error())
	case sum != c.GetString("sha256"):
		res.Problems = append(res.Problems, "pdf hash "+sum+" differs from the signed "+strconv.Quote(c.GetString("sha256")))
	default:
		res.PDFOK = true
	}
	return res
}

func pdfHash(app core.App, c *core.Record) (string, error) {
	name := c.GetString("pdf")
	if name == "" {
		return "", fmt.Errorf("no PDF stored")
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return "", err
	}
	defer fsys.Close()
	r, err := fsys.GetReader(c.BaseFilesPath() + "/" + name)
	if err != nil {
		return "", fmt.Errorf("read stored PDF: %w", err)
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
