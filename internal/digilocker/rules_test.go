package digilocker_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/digilocker"
)

func TestSign(t *testing.T) {
	t.Parallel()
	// RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe"), Base64 of its hex digest
	// 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843.
	if got, want := digilocker.Sign("Jefe", []byte("what do ya want for nothing?")), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	body := []byte("<PullURIRequest/>")
	for _, tc := range []struct {
		header string
		want   error
	}{
		{digilocker.Sign("k", body), nil},
		{" " + digilocker.Sign("k", body) + " ", nil},
		{"", digilocker.ErrNoHMAC},
		{digilocker.Sign("other", body), digilocker.ErrBadHMAC},
		{digilocker.Sign("k", append(body, ' ')), digilocker.ErrBadHMAC},
		{"not base64!", digilocker.ErrBadHMAC},
	} {
		if err := digilocker.CheckHMAC("k", body, tc.header); !errors.Is(err, tc.want) {
			t.Errorf("CheckHMAC(%q) = %v, want %v", tc.header, err, tc.want)
		}
	}
}

func TestCheckTimestamp(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	for ts, ok := range map[string]bool{
		"2026-11-30T13:30:00+05:30": true,
		"2026-11-30T13:44:00+05:30": true,
		"2026-11-30T13:16:00+05:30": true,
		"2026-11-30T08:16:00Z":      false,
		"2026-11-30T07:44:00Z":      false,
		"2026-11-30 13:30:00":       false,
		"":                          false,
	} {
		if err := digilocker.CheckTimestamp(ts, now); (err == nil) != ok {
			t.Errorf("CheckTimestamp(%q) = %v", ts, err)
		}
	}
}

func TestSameName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Anjali Menon", "anjali menon", true},
		{"Rajesh K. Patel", "RAJESH K PATEL", true},
		{"  Anjali\tMenon ", "Anjali Menon", true},
		{"അഞ്ജലി മേനോൻ", "അഞ്ജലി  മേനോൻ", true},
		{"Anjali Menon", "Anjali Nair", false},
		{"Anjali Menon", "AnjaliMenon", false},
		{"", "", false},
		{". .", "", false},
	} {
		if got := digilocker.SameName(tc.a, tc.b); got != tc.same {
			t.Errorf("SameName(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

func TestURI(t *testing.T) {
	t.Parallel()
	c := digilocker.Config{IssuerID: "in.ac.college", DocType: "ITCER"}
	uri := digilocker.URI(c, "IB-2026-7K3F9QXD")
	if uri != "in.ac.college.ITCER.IB-2026-7K3F9QXD" {
		t.Fatal(uri)
	}
	if n, ok := digilocker.NumberOf(c, uri); !ok || n != "IB-2026-7K3F9QXD" {
		t.Errorf("NumberOf(%q) = %q %v", uri, n, ok)
	}
	for _, bad := range []string{"", "in.ac.college.ITCER.", "in.ac.college.OTHER.IB-2026-7K3F9QXD", "in.ac.other.ITCER.IB-2026-7K3F9QXD"} {
		if n, ok := digilocker.NumberOf(c, bad); ok {
			t.Errorf("NumberOf(%q) = %q", bad, n)
		}
	}
}

// FuzzParseRequest: any body parses or is refused with ErrMalformed, and a
// parsed request has the asked root and a known format.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{
		pullURIBody("2026-11-30T13:30:00+05:30", "both", "ITCER", "Anjali", "REG1", "C1"),
		pullDocBody("2026-11-30T13:30:00+05:30", "pdf", "in.ac.x.ITCER.IB-2026-AAAAAAAA"),
		"", "<", "<PullURIRequest/>", "<PullURIRequest format='doc'/>", "<a><b></a>",
		`<!DOCTYPE x [<!ENTITY e "eeeeeeeeee">]><PullURIRequest><DocDetails><UDF1>&e;</UDF1></DocDetails></PullURIRequest>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, root := range []string{digilocker.PullURIRequest, digilocker.PullDocRequest} {
			r, err := digilocker.ParseRequest(body, root)
			if err != nil {
				if !errors.Is(err, digilocker.ErrMalformed) {
					t.Fatalf("error %v is not ErrMalformed", err)
				}
				continue
			}
			if r.XMLName.Local != root || !strings.Contains("||pdf|xml|both|", "|"+r.Format+"|") {
				t.Fatalf("parsed %q as %+v", body, r)
			}
		}
	})
}

// FuzzRoutes: any signed body gets a 200, 400 or 401 XML answer, never a
// 5xx, and a document only for the world's certificate.
func FuzzRoutes(f *testing.F) {
	w, c := issued(f)
	ts := specTS(clock.Now(w.App))
	f.Add(pullURIBody(ts, "both", docType, c.GetString("student_name"), c.GetString("register_no"), w.InstA.GetString("code")))
	f.Add(pullDocBody(ts, "both", issuerID+"."+docType+"."+c.GetString("number")))
	f.Add("<PullDocRequest><DocDetails><URI>" + strings.Repeat("A", 3000) + "</URI></DocDetails></PullDocRequest>")
	f.Fuzz(func(t *testing.T, body string) {
		for _, route := range []string{"pulluri", "pulldoc"} {
			got := signed(t, w, route, body)
			switch got.status {
			case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized:
			default:
				t.Fatalf("%s %q: %d %s", route, body, got.status, got.body)
			}
			if got.res.ResponseStatus.Status == "1" && !strings.HasSuffix(got.res.DocDetails.URI, "."+c.GetString("number")) {
				t.Fatalf("%s %q served %s", route, body, got.res.DocDetails.URI)
			}
		}
	})
}
