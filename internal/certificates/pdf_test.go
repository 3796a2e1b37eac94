package certificates_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/internbase/internbase/internal/typeset"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/testtool"
)

// joined is the PDF's text as one string, lines joined by spaces (a
// wrapped paragraph reads as it was written).
func joined(lines []string) string { return strings.Join(lines, " ") }

// A certificate prints names, titles, colleges and hosts in each script of
// DESIGN §3 as text that extracts to the same Unicode, in that script's Noto
// font; the period is on one line; the QR caption is next to the URL it
// names; the signatory line names the college's coordinator.
func TestCertificatePDFPrintsEveryScript(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		script                        string
		student, title, college, host string
	}{
		{"Malayalam", "അനഘ കൃഷ്ണൻ", "ഡാറ്റ വിശകലനം: കർഷക വിപണി പഠനം", "സെന്റ് തോമസ് കോളേജ്, തൃശൂർ", "കേരള അഗ്രോ ഡാറ്റ ലാബ്സ്"},
		{"Tamil", "தமிழ்செல்வி கொற்றவை", "தரவு பகுப்பாய்வு பயிற்சி", "அரசு கலைக் கல்லூரி", "சென்னை தரவு ஆய்வகம்"},
		{"Kannada", "ಕರ್ನಾಟಕ ರಾಜ್ಯೋತ್ಸವ", "ದತ್ತಾಂಶ ವಿಶ್ಲೇಷಣೆ", "ಸರ್ಕಾರಿ ಕಾಲೇಜು", "ಮಂಗಳೂರು ಡೇಟಾ ಲ್ಯಾಬ್"},
		{"Devanagari", "क्षत्रिय प्रिया", "डेटा विश्लेषण इंटर्नशिप", "राजकीय महाविद्यालय", "दिल्ली डेटा प्रयोगशाला"},
		{"Arabic", "فاطمة الزهراء", "تدريب تحليل البيانات", "كلية المدينة", "مختبر البيانات"},
	} {
		t.Run(tc.script, func(t *testing.T) {
			t.Parallel()
			w := apptest.NewWorld(t)
			for _, u := range []struct {
				table, field, value, id string
			}{
				{"institutions", "name", tc.college, w.InstA.Id},
				{"organizations", "name", tc.host, w.OrgX.Id},
			} {
				_, err := w.App.DB().Update(u.table, dbx.Params{u.field: u.value}, dbx.HashExp{"id": u.id}).Execute()
				apptest.Must(t, err)
			}
			c := issueOn(t, w, ob3Facts{studentName: tc.student, title: tc.title, hours: 62.5, marks: 38.75})
			pdf := readPDF(t, w.App, c)
			lines := testtool.PDFText(t, pdf)
			for _, want := range []string{tc.student, tc.title, "at " + tc.host, tc.college,
				"Internship coordinator, " + tc.college, c.GetString("number")} {
				if !slices.Contains(lines, want) {
					t.Errorf("the PDF's text has no line %q:\n%s", want, strings.Join(lines, "\n"))
				}
			}
			period := "from " + day(c.GetDateTime("starts_on").Time()) + " to " + day(c.GetDateTime("ends_on").Time())
			if !slices.Contains(lines, period) {
				t.Errorf("the period %q is not one line of its own:\n%s", period, strings.Join(lines, "\n"))
			}
			if !slices.Contains(lines, w.CoordA.GetString("name")) {
				t.Errorf("no signatory line with the coordinator %q:\n%s", w.CoordA.GetString("name"), strings.Join(lines, "\n"))
			}
			caption := slices.Index(lines, "Scan to verify, or open")
			url := certificates.VerifyURL(w.App, c.GetString("number"))
			if caption < 0 || !strings.HasPrefix(strings.ReplaceAll(joined(lines[caption+1:]), " ", ""), url) {
				t.Errorf("the caption is not followed by the URL %s:\n%s", url, strings.Join(lines, "\n"))
			}
			fonts := pdfFonts(t, pdf)
			if !strings.Contains(fonts, "NotoSans"+tc.script) {
				t.Errorf("no Noto Sans %s subset embedded:\n%s", tc.script, fonts)
			}
		})
	}
}

func day(t time.Time) string { return t.UTC().Format("2 January 2006") }

// pdfFonts lists a PDF's fonts with poppler's pdffonts.
func pdfFonts(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := testtool.RequireTool(t, "pdffonts", "apt-get install poppler-utils")
	f := filepath.Join(t.TempDir(), "c.pdf")
	apptest.Must(t, os.WriteFile(f, pdf, 0o600))
	out, err := exec.Command(bin, f).Output()
	apptest.Must(t, err)
	return string(out)
}

// The longest name, title, college and host the schema allows still fit
// on the page (the text is set smaller), with every word extractable.
func TestLongestFactsFit(t *testing.T) {
	t.Parallel()
	words := func(word string, n int) string {
		s := strings.TrimSpace(strings.Repeat(word+" ", n/(len([]rune(word))+1)))
		return s
	}
	p := certificates.SignedPayload{
		Number: "IB-2026-7K3F9QXD", RegisterNo: "MCP23CS00142",
		StudentName:      words("കൃഷ്ണൻ", 200),
		Title:            words("Internship", 300),
		InstitutionName:  words("സെന്റ്", 300),
		OrganizationName: words("Organisation", 300),
		StartsOn:         time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC),
		Hours: 120, Credits: 4, Marks: 38.5, MaxMarks: 50, Grade: "A", IssuedAt: time.Date(2026, 11, 21, 10, 4, 5, 0, time.UTC),
	}
	pdf, err := certificates.RenderPDF(certificates.Document{Payload: p, University: words("University", 300),
		VerifyURL: "https://internbase.example/verify/IB-2026-7K3F9QXD", KeysURL: "https://internbase.example/.well-known/jwks.json",
		KeyID: "k1", Signatory: words("Coordinator", 200)})
	if err != nil {
		t.Fatal(err)
	}
	text := joined(testtool.PDFText(t, pdf))
	for _, want := range []string{p.StudentName, p.Title, p.InstitutionName, p.OrganizationName, "from 1 June 2026 to 15 July 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text has no %q", want)
		}
	}
}

// The signatory is the college's longest-serving coordinator, or the
// coordinator who reissues.
func TestSignatory(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	later := apptest.Coordinator(t, w.App, w.InstA)
	c := issueOn(t, w, ob3Facts{hours: 60, marks: 40})
	signs := func(c *core.Record, name string) bool {
		return slices.Contains(testtool.PDFText(t, readPDF(t, w.App, c)), name)
	}
	if !signs(c, w.CoordA.GetString("name")) || signs(c, later.GetString("name")) {
		t.Errorf("issued at completion: want %q as the signatory, not %q", w.CoordA.GetString("name"), later.GetString("name"))
	}
	fresh, err := certificates.ReissueBetween(w.App, c, later.Record, nil)
	apptest.Must(t, err)
	if !signs(fresh, later.GetString("name")) || signs(fresh, w.CoordA.GetString("name")) {
		t.Errorf("reissued by %q: the PDF does not name them as the signatory", later.GetString("name"))
	}
}

// The verify page gets the PDF's fonts: each script's @font-face points at
// GET /api/ib/fonts/{file}, which serves the very file the PDF embeds from.
func TestVerifyPageFonts(t *testing.T) {
	t.Parallel()
	w, c := issued(t)
	client := apptest.NewClient(t, w.App)
	doc := apptest.LoadAPIDoc(t, client)
	get := func(path string) *apptest.Response {
		r := client.Do(http.MethodGet, path, "", nil)
		res := &http.Response{StatusCode: r.Status, Header: r.Header, Body: io.NopCloser(bytes.NewReader(r.Body))}
		if errs := doc.ResponseErrors(httptest.NewRequest(http.MethodGet, path, nil), res); errs != "" {
			t.Errorf("GET %s → %d does not match the OpenAPI document:\n%s", path, r.Status, errs)
		}
		return r
	}
	page := client.Do(http.MethodGet, "/verify/"+c.GetString("number"), "", nil)
	for _, f := range typeset.Families()[1:] {
		for _, file := range []string{f.Regular, f.Bold} {
			if !strings.Contains(page.String(), `src:url("/api/ib/fonts/`+file+`")`) {
				t.Errorf("the verify page has no @font-face for %s", file)
			}
			r := get("/api/ib/fonts/" + file)
			want, err := typeset.FontFile(file)
			apptest.Must(t, err)
			if r.Status != 200 || r.Header.Get("Content-Type") != "font/ttf" || !bytes.Equal(r.Body, want) {
				t.Errorf("GET %s: %d %s, %d bytes (want %d)", file, r.Status, r.Header.Get("Content-Type"), len(r.Body), len(want))
			}
		}
		if !strings.Contains(page.String(), strconv.Quote(f.Name)) {
			t.Errorf("the verify page's font stack does not name %s", f.Name)
		}
	}
	for _, bad := range []string{"nope.ttf", "..%2Fpdf.go", "%2Fetc%2Fpasswd", "fonts%2FDejaVuSans.ttf", "LICENSE-Noto", "README.md"} {
		if r := get("/api/ib/fonts/" + bad); r.Status != 404 {
			t.Errorf("GET /api/ib/fonts/%s: %d, want 404", bad, r.Status)
		}
	}
}

// The certificates of docs/screenshots: a Malayalam and an Arabic one,
// rendered and rasterized with poppler's pdftoppm. make test renders them
// into a temporary directory; make screenshots (IB_SCREENSHOTS=1) writes
// them to docs/screenshots/ for the README.
func TestCertificateScreenshots(t *testing.T) {
	t.Parallel()
	bin := testtool.RequireTool(t, "pdftoppm", "apt-get install poppler-utils")
	dir := t.TempDir()
	if os.Getenv("IB_SCREENSHOTS") == "1" {
		dir = filepath.Join("..", "..", "docs", "screenshots")
	}
	ist := time.FixedZone("IST", 5*3600+1800)
	for name, p := range map[string]certificates.SignedPayload{
		"malayalam": {StudentName: "അനഘ കൃഷ്ണൻ", Title: "ഡാറ്റ വിശകലനം: കർഷക വിപണി പഠനം",
			InstitutionName: "സെന്റ് തോമസ് കോളേജ്, തൃശൂർ", OrganizationName: "കേരള അഗ്രോ ഡാറ്റ ലാബ്സ്"},
		"arabic": {StudentName: "فاطمة الزهراء", Title: "تدريب تحليل البيانات لتعاونية المزارعين",
			InstitutionName: "Farook College, Kozhikode", OrganizationName: "Malabar Agritech"},
	} {
		p.Number, p.RegisterNo = "IB-2026-7K3F9QXD", "FC23CS014"
		p.StartsOn, p.EndsOn = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
		p.Hours, p.Credits, p.Marks, p.MaxMarks, p.Grade = 120, 4, 38.5, 50, "A"
		p.IssuedAt = time.Date(2026, 11, 21, 10, 4, 5, 0, time.UTC)
		pdf, err := certificates.RenderPDF(certificates.Document{Payload: p, University: "University of Calicut",
			VerifyURL: "https://internbase.example/verify/" + p.Number, KeysURL: "https://internbase.example/.well-known/jwks.json",
			KeyID: "ib-2026-c6ae1ef178ff", Signatory: "Dr. Mary Thomas", Location: ist})
		apptest.Must(t, err)
		src := filepath.Join(t.TempDir(), name+".pdf")
		apptest.Must(t, os.WriteFile(src, pdf, 0o600))
		out := filepath.Join(dir, "certificate-"+name)
		if msg, err := exec.Command(bin, "-r", "80", "-png", "-singlefile", src, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, msg)
		}
		if fi, err := os.Stat(out + ".png"); err != nil || fi.Size() < 20<<10 {
			t.Fatalf("%s.png: %v (%v)", out, fi, err)
		}
	}
}
