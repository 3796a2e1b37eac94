package organizations

import (
	"regexp"
	"strings"
)

// The formats of India's business identifiers (DESIGN.md §3 organizations).
var (
	// gstinFormat: state code, the PAN (5 letters, 4 digits, a letter), the
	// registration number within the PAN, "Z", the check character.
	gstinFormat = regexp.MustCompile(`^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$`)
	// cinFormat: listed or unlisted, the industry code, the state, the year
	// of incorporation, the kind of company, the registration number.
	cinFormat = regexp.MustCompile(`^[LU][0-9]{5}[A-Z]{2}[0-9]{4}[A-Z]{3}[0-9]{6}$`)
)

// gstinAlphabet orders the characters of a GSTIN for its check character.
const gstinAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// CheckGSTIN returns why gstin is not a well-formed GSTIN ("" when it is, or
// when it is empty: the field is optional). It checks the format and the
// check character (the last one), which catches a mistyped character.
func CheckGSTIN(gstin string) string {
	if gstin == "" {
		return ""
	}
	if !gstinFormat.MatchString(gstin) {
		return "Enter the 15-character GSTIN in capitals, as on the GST certificate (for example 32ABCDE1234F1Z5)."
	}
	if gstinCheck(gstin[:14]) != gstin[14] {
		return "This GSTIN's last character does not match the rest; check it for a typing mistake."
	}
	return ""
}

// gstinCheck computes the check character of the first 14 characters of a
// GSTIN: each character's value, weighted 1 and 2 alternately, summed as
// quotient plus remainder by 36.
func gstinCheck(body string) byte {
	sum := 0
	for i := range len(body) {
		p := strings.IndexByte(gstinAlphabet, body[i]) * (1 + i%2)
		sum += p/36 + p%36
	}
	return gstinAlphabet[(36-sum%36)%36]
}

// CheckCIN returns why cin is not a well-formed Corporate Identification
// Number ("" when it is or when it is empty).
func CheckCIN(cin string) string {
	if cin == "" || cinFormat.MatchString(cin) {
		return ""
	}
	return "Enter the 21-character CIN in capitals, as on the certificate of incorporation (for example U72200KL2019PTC012345)."
}
