package certificates

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// CrockfordAlphabet is Crockford's base32 alphabet (no I, L, O or U), used
// for the random part of certificate numbers.
const CrockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NumberPrefix starts every certificate number.
const NumberPrefix = "IB-"

// codeLen is the length of the random part: 8 characters, 40 bits.
const codeLen = 8

// NewNumber returns a fresh certificate number IB-<year>-<8 Crockford base32
// characters>, drawing 40 random bits from rnd (crypto/rand when nil). The
// year must have four digits.
func NewNumber(year int, rnd io.Reader) (string, error) {
	if year < 1000 || year > 9999 {
		return "", fmt.Errorf("certificates: year %d is not a four-digit year", year)
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	var b [5]byte
	if _, err := io.ReadFull(rnd, b[:]); err != nil {
		return "", fmt.Errorf("certificates: read random bits: %w", err)
	}
	var v uint64
	for _, x := range b {
		v = v<<8 | uint64(x)
	}
	code := make([]byte, codeLen)
	for i := codeLen - 1; i >= 0; i-- {
		code[i] = CrockfordAlphabet[v&31]
		v >>= 5
	}
	return NumberPrefix + strconv.Itoa(year) + "-" + string(code), nil
}

// CanonicalNumber reads a certificate number as a person may type it and
// returns its canonical form: surrounding spaces dropped, letters in upper
// case, and Crockford's look-alikes in the code read as digits (O → 0,
// I and L → 1), so "ib-2026-7k3f9qxd" and "IB-2026-7K3F9QXD" are the same
// number. ok is false when s is not a certificate number.
func CanonicalNumber(s string) (number string, ok bool) {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return "", false // ASCII only: strings.ToUpper would turn "ı" into "I"
		}
	}
	s = strings.ToUpper(s)
	if len(s) != len(NumberPrefix)+4+1+codeLen || !strings.HasPrefix(s, NumberPrefix) || s[len(NumberPrefix)+4] != '-' {
		return "", false
	}
	year := s[len(NumberPrefix) : len(NumberPrefix)+4]
	if year[0] < '1' || year[0] > '9' {
		return "", false
	}
	for i := 1; i < 4; i++ {
		if year[i] < '0' || year[i] > '9' {
			return "", false
		}
	}
	code := []byte(s[len(s)-codeLen:])
	for i, c := range code {
		switch c {
		case 'O':
			c = '0'
		case 'I', 'L':
			c = '1'
		}
		if strings.IndexByte(CrockfordAlphabet, c) < 0 {
			return "", false
		}
		code[i] = c
	}
	return NumberPrefix + year + "-" + string(code), true
}

// SignedFields are the keys of the signed payload of a certificate
// (DESIGN.md §3), in the order the design lists them.
var SignedFields = []string{
	"number", "student_name", "register_no", "institution_name", "organization_name", "title",
	"starts_on", "ends_on", "hours", "credits", "marks", "max_marks", "grade", "issued_at", "sha256",
}

// SignedPayload holds the signed values of a certificate.
type SignedPayload struct {
	Number           string
	StudentName      string
	RegisterNo       string
	InstitutionName  string
	OrganizationName string
	Title            string
	StartsOn, EndsOn time.Time // calendar days (their UTC date is used)
	Hours            float64
	Credits          float64
	Marks, MaxMarks  float64
	Grade            string
	IssuedAt         time.Time
	SHA256           string // hex SHA-256 of the PDF
}

// Fields returns the payload as the map that is signed: dates as
// YYYY-MM-DD, issued_at as RFC 3339 UTC to the second, numbers as numbers.
func (p SignedPayload) Fields() map[string]any {
	return map[string]any{
		"number":            p.Number,
		"student_name":      p.StudentName,
		"register_no":       p.RegisterNo,
		"institution_name":  p.InstitutionName,
		"organization_name": p.OrganizationName,
		"title":             p.Title,
		"starts_on":         p.StartsOn.UTC().Format(time.DateOnly),
		"ends_on":           p.EndsOn.UTC().Format(time.DateOnly),
		"hours":             p.Hours,
		"credits":           p.Credits,
		"marks":             p.Marks,
		"max_marks":         p.MaxMarks,
		"grade":             p.Grade,
		"issued_at":         p.IssuedAt.UTC().Truncate(time.Second).Format(time.RFC3339),
		"sha256":            p.SHA256,
	}
}

// Canonical returns the bytes that are signed: CanonicalJSON of Fields.
func (p SignedPayload) Canonical() ([]byte, error) {
	return CanonicalJSON(p.Fields())
}

// maxExactInt is the largest integer every JSON reader holds exactly (2^53).
const maxExactInt = 1 << 53

// CanonicalJSON encodes fields as canonical JSON, the form that is signed
// and that anyone can rebuild from the printed values: object keys sorted
// (by UTF-16 code units, as RFC 8785 does; the same as byte order for ASCII
// keys), no whitespace, UTF-8 without HTML escaping, strings escaped only
// where JSON requires (", \, control characters), and numbers in their
// shortest form as JavaScript prints them (60, 38.5, 1e+21). Supported
// values: nil, bool, string, every int and uint type (within ±2^53),
// float32/float64 (finite), json.Number, map[string]any, map[string]string,
// []any and []string, nested freely. -0 is written as 0. Invalid UTF-8,
// NaN, infinities and other types are errors.
func CanonicalJSON(fields map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeValue(&buf, fields); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var errCanonical = errors.New("certificates: canonical json")

func encodeValue(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case string:
		return encodeString(buf, x)
	case float64:
		return encodeFloat(buf, x)
	case float32:
		// The shortest float32 form ("0.1"), read as a float64.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return encodeFloat(buf, f)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || !isJSONNumber(string(x)) {
			return fmt.Errorf("%w: %q is not a number", errCanonical, string(x))
		}
		return encodeFloat(buf, f)
	case int:
		return encodeInt(buf, int64(x))
	case int8:
		return encodeInt(buf, int64(x))
	case int16:
		return encodeInt(buf, int64(x))
	case int32:
		return encodeInt(buf, int64(x))
	case int64:
		return encodeInt(buf, x)
	case uint:
		return encodeUint(buf, uint64(x))
	case uint8:
		return encodeUint(buf, uint64(x))
	case uint16:
		return encodeUint(buf, uint64(x))
	case uint32:
		return encodeUint(buf, uint64(x))
	case uint64:
		return encodeUint(buf, x)
	case map[string]any:
		return encodeObject(buf, x)
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		return encodeObject(buf, m)
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeValue(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case []string:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeString(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		return fmt.Errorf("%w: unsupported value of type %T", errCanonical, v)
	}
	return nil
}

func encodeObject(buf *bytes.Buffer, m map[string]any) error {
	if m == nil {
		buf.WriteString("null")
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareUTF16)
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeString(buf, k); err != nil {
			return err
		}
		buf.WriteByte(':')
		if err := encodeValue(buf, m[k]); err != nil {
			return fmt.Errorf("%w (key %q)", err, k)
		}
	}
	buf.WriteByte('}')
	return nil
}

// compareUTF16 orders strings by their UTF-16 code units (RFC 8785 §3.2.3).
func compareUTF16(a, b string) int {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	return slices.Compare(ua, ub)
}

const hexDigits = "0123456789abcdef"

func encodeString(buf *bytes.Buffer, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: string %q is not valid UTF-8", errCanonical, s)
	}
	buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			buf.WriteString(`\"`)
		case c == '\\':
			buf.WriteString(`\\`)
		case c == '\b':
			buf.WriteString(`\b`)
		case c == '\f':
			buf.WriteString(`\f`)
		case c == '\n':
			buf.WriteString(`\n`)
		case c == '\r':
			buf.WriteString(`\r`)
		case c == '\t':
			buf.WriteString(`\t`)
		case c < 0x20:
			buf.WriteString(`\u00`)
			buf.WriteByte(hexDigits[c>>4])
			buf.WriteByte(hexDigits[c&0xf])
		default:
			buf.WriteByte(c)
		}
	}
	buf.WriteByte('"')
	return nil
}

func encodeInt(buf *bytes.Buffer, i int64) error {
	if i > maxExactInt || i < -maxExactInt {
		return fmt.Errorf("%w: integer %d is beyond ±2^53", errCanonical, i)
	}
	buf.WriteString(strconv.FormatInt(i, 10))
	return nil
}

func encodeUint(buf *bytes.Buffer, u uint64) error {
	if u > maxExactInt {
		return fmt.Errorf("%w: integer %d is beyond 2^53", errCanonical, u)
	}
	buf.WriteString(strconv.FormatUint(u, 10))
	return nil
}

// encodeFloat writes f as ECMAScript's Number.prototype.toString does (the
// number form of RFC 8785): the shortest digits that read back as f, plain
// for 1e-6 ≤ |f| < 1e21, else in exponent form such as 1e+21 or 1.5e-7.
func encodeFloat(buf *bytes.Buffer, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("%w: %v is not a JSON number", errCanonical, f)
	}
	if f == 0 {
		buf.WriteByte('0') // also -0
		return nil
	}
	if a := math.Abs(f); a >= 1e-6 && a < 1e21 {
		buf.WriteString(strconv.FormatFloat(f, 'f', -1, 64))
		return nil
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // "1.5e-07", "1e+21"
	mant, exp, _ := strings.Cut(s, "e")
	sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
	buf.WriteString(mant + "e" + sign + cmp.Or(digits, "0"))
	return nil
}

// isJSONNumber reports whether s follows JSON's number grammar
// (strconv.ParseFloat also accepts "Inf", "0x1p3", "1_000"…).
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}
