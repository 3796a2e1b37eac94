package certificates_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
)

// FuzzVerifyRoutes feeds arbitrary certificate numbers to every public route
// that decodes one: the answer is 200 or 404, never a 5xx, and never leaks
// the certificate of another number.
func FuzzVerifyRoutes(f *testing.F) {
	w, c := issued(f)
	client := apptest.NewClient(f, w.App)
	number := c.GetString("number")
	for _, s := range []string{number, strings.ToLower(number), "IB-2026-", "", "%", "../../etc/passwd", "IB-2026-OOOOOOOO", "IB-０２６-AAAAAAAA", strings.Repeat("A", 5000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, route := range []string{"/api/ib/verify/", "/verify/", "/api/ib/credentials/"} {
			res := client.For(t).Do(http.MethodGet, route+url.PathEscape(raw), "", nil)
			switch res.Status {
			case 200:
				if n, ok := certificates.CanonicalNumber(raw); !ok || n != number {
					t.Fatalf("%s%q answered 200", route, raw)
				}
			case 404:
			case 301, 307, 308:
				// net/http cleans dot segments ("/verify/." → "/verify") with a
				// redirect before any handler runs (found by this fuzzer).
			default:
				t.Fatalf("%s%q: %d %s", route, raw, res.Status, res.String())
			}
			if !utf8.Valid(res.Body) {
				t.Fatalf("%s%q: invalid UTF-8 body", route, raw)
			}
		}
	})
}

// FuzzMasks: a masked name or register number never contains the full value.
func FuzzMasks(f *testing.F) {
	for _, s := range []string{"Anjali Krishnan", "Al", "A", "", "MCP23CS001", "  x  y ", "അഞ്ജലി", "AB CD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name := certificates.MaskName(s)
		if trimmed := strings.TrimSpace(s); utf8.RuneCountInString(trimmed) > 1 && strings.Contains(name, trimmed) && !strings.ContainsRune(trimmed, '*') {
			t.Fatalf("MaskName(%q) = %q", s, name)
		}
		// A masked register number is a fixed run of mask characters and at
		// most the last two characters: never the length, the prefix or the
		// whole.
		code := certificates.MaskCode(s)
		r := []rune(strings.TrimSpace(s))
		switch {
		case len(r) == 0:
			if code != "" {
				t.Fatalf("MaskCode(%q) = %q", s, code)
			}
		case utf8.RuneCountInString(code) != 8 || !strings.HasPrefix(code, "••••••"),
			len(r) < 6 && code != "••••••••",
			len(r) >= 6 && code != "••••••"+string(r[len(r)-2:]),
			len(r) > 2 && !strings.ContainsRune(string(r), '•') && strings.Contains(code, string(r)):
			t.Fatalf("MaskCode(%q) = %q", s, code)
		}
	})
}
