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

// FuzzStatusListRoute feeds arbitrary list names to GET /api/ib/status:
// only the name of a list that holds a certificate answers 200, any other
// name 404 (never a 5xx), and a name that parses is the one its parts
// print.
func FuzzStatusListRoute(f *testing.F) {
	w, _ := issued(f)
	client := apptest.NewClient(f, w.App)
	a := w.InstA.Id
	for _, s := range []string{a + "-1", a + "-2", w.InstB.Id + "-1", "1", "0", "-1", a, a + "-", a + "-01", a + "-1.0",
		a + "-+1", a + "--1", "-" + a + "-1", strings.ToUpper(a) + "-1", a + "-99999999999999999999", a + "-1048577",
		"%", "../../etc/passwd", ".", "", strings.Repeat("a", 5000) + "-1", "é-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if inst, n, ok := certificates.ParseStatusListName(raw); ok && certificates.StatusListName(inst, n) != raw {
			t.Fatalf("%q parses as list %d of %q", raw, n, inst)
		}
		res := client.For(t).Do(http.MethodGet, "/api/ib/status/"+url.PathEscape(raw), "", nil)
		switch res.Status {
		case 200:
			if raw != a+"-1" {
				t.Fatalf("list %q answered 200", raw)
			}
		case 404:
			if raw == a+"-1" {
				t.Fatalf("list %q: 404", raw)
			}
		case 301, 307, 308:
			// net/http cleans dot segments with a redirect before any handler runs.
		default:
			t.Fatalf("list %q: %d %s", raw, res.Status, res.String())
		}
		if !utf8.Valid(res.Body) {
			t.Fatalf("list %q: invalid UTF-8 body", raw)
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
