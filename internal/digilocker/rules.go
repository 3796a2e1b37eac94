package digilocker

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// HMACHeader is the header that authenticates DigiLocker's requests.
const HMACHeader = "x-digilocker-hmac"

// MaxSkew is how far a request's ts may lie from the app's clock, either
// way. The specification sends ts with every request but names no window;
// DigiLocker calls synchronously, so a genuine request is seconds old and an
// older one is a replay.
const MaxSkew = 15 * time.Minute

// MaxBody is the largest request body read (a request carries search
// parameters and, when the issuer opts for it, a photograph).
const MaxBody = 1 << 20

// Errors of a request that is refused before any search.
var (
	ErrNoHMAC    = errors.New("the x-digilocker-hmac header is missing")
	ErrBadHMAC   = errors.New("the x-digilocker-hmac header does not match the request body")
	ErrStale     = errors.New("the request's timestamp is missing, malformed or too far from the server's clock")
	ErrMalformed = errors.New("the request is not the specification's XML")
)

// Sign is the x-digilocker-hmac value of body, as the specification defines
// it: the HMAC of the HTTP request body with SHA-256 and the issuer's API
// key as the key, converted to Base64.
func Sign(apiKey string, body []byte) string {
	m := hmac.New(sha256.New, []byte(apiKey))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// CheckHMAC checks the x-digilocker-hmac header value of body.
func CheckHMAC(apiKey string, body []byte, header string) error {
	header = strings.TrimSpace(header)
	if header == "" {
		return ErrNoHMAC
	}
	got, err := base64.StdEncoding.DecodeString(header)
	if err != nil {
		return ErrBadHMAC
	}
	m := hmac.New(sha256.New, []byte(apiKey))
	m.Write(body)
	if !hmac.Equal(got, m.Sum(nil)) {
		return ErrBadHMAC
	}
	return nil
}

// CheckTimestamp checks a request's ts (YYYY-MM-DDThh:mm:ss±hh:mm) against
// now.
func CheckTimestamp(ts string, now time.Time) error {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(ts))
	if err != nil {
		return ErrStale
	}
	if d := now.Sub(t); d > MaxSkew || d < -MaxSkew {
		return ErrStale
	}
	return nil
}

// DocDetails are the document details of a request.
type DocDetails struct {
	DocType      string `xml:"DocType"`
	DigiLockerID string `xml:"DigiLockerId"`
	UID          string `xml:"UID"`
	FullName     string `xml:"FullName"`
	DOB          string `xml:"DOB"`
	UDF1         string `xml:"UDF1"`
	UDF2         string `xml:"UDF2"`
	URI          string `xml:"URI"`
}

// Request is a PullURIRequest or a PullDocRequest.
type Request struct {
	XMLName    xml.Name
	Ver        string     `xml:"ver,attr"`
	TS         string     `xml:"ts,attr"`
	Txn        string     `xml:"txn,attr"`
	OrgID      string     `xml:"orgId,attr"`
	Format     string     `xml:"format,attr"`
	DocDetails DocDetails `xml:"DocDetails"`
}

// Request roots.
const (
	PullURIRequest = "PullURIRequest"
	PullDocRequest = "PullDocRequest"
)

// ParseRequest parses a request whose root element is root.
func ParseRequest(body []byte, root string) (*Request, error) {
	var r Request
	if err := xml.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if r.XMLName.Local != root {
		return nil, fmt.Errorf("%w: the root element is %q, not %s", ErrMalformed, r.XMLName.Local, root)
	}
	switch r.Format {
	case "", "pdf", "xml", "both":
	default:
		return nil, fmt.Errorf("%w: format %q is none of pdf, xml, both", ErrMalformed, r.Format)
	}
	return &r, nil
}

// WantsPDF reports whether the response carries the PDF (DocContent): for
// format pdf or both, or no format.
func (r *Request) WantsPDF() bool { return r.Format != "xml" }

// URI is the DigiLocker URI of a certificate: <IssuerId>.<DocType>.<number>.
func URI(c Config, number string) string { return c.IssuerID + "." + c.DocType + "." + number }

// NumberOf returns the certificate number of a URI of this issuer and
// document type.
func NumberOf(c Config, uri string) (string, bool) {
	n, ok := strings.CutPrefix(strings.TrimSpace(uri), c.IssuerID+"."+c.DocType+".")
	return n, ok && n != ""
}

// SameName reports whether two spellings of a person's name are the same
// name: letter case, spaces and dots (initials) aside.
func SameName(a, b string) bool {
	na, nb := nameKey(a), nameKey(b)
	return na != "" && na == nb
}

func nameKey(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '.' }) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(w))
	}
	return b.String()
}
