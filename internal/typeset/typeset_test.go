package typeset

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/go-text/typesetting/language"

	"github.com/internbase/internbase/internal/testtool"
)

// sample is a line of text in one script, with the font family it must
// print in. Each exercises what that script's shaping must get right.
type sample struct {
	family Family
	text   string
}

var samples = []sample{
	// conjuncts (ക്ഷ, ഷ്ണ), chillu (ൻ), a pre-base vowel sign (കെ), ്ര
	{Scripts[language.Malayalam], "അനഘ കൃഷ്ണൻ"},
	{Scripts[language.Malayalam], "ലക്ഷ്മി പ്രിയ കെ."},
	{Scripts[language.Malayalam], "കൊച്ചുത്രേസ്യ ജോസഫ്"},
	// Tamil: pulli, a two-part vowel sign (ொ)
	{Scripts[language.Tamil], "தமிழ்செல்வி கொற்றவை"},
	// Kannada: reph (ರ್ನಾ), a below-base form, a vowel sign on a conjunct
	{Scripts[language.Kannada], "ಕರ್ನಾಟಕ ರಾಜ್ಯೋತ್ಸವ"},
	// Devanagari: क्ष, the pre-base i-sign (कि), reph (र्य)
	{Scripts[language.Devanagari], "क्षत्रिय प्रिया सूर्य"},
	// Arabic: joining forms, the lam-alef ligature, right to left
	{Scripts[language.Arabic], "فاطمة الزهراء"},
	{Latin, "Internship Credit Certificate — “Data” 38.5 hours"},
}

// render lays each text out on an A4 page, in the weight asked for, and
// returns the PDF and the page (for its font resources).
func render(t testing.TB, bold bool, texts ...string) ([]byte, *Page) {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.AddPage()
	w, h := pdf.GetPageSize()
	p := NewPage(w, h)
	y := 40.0
	for _, s := range texts {
		var err error
		if y, err = p.Text(s, Style{Size: 14, Bold: bold}, 40, y, w-80); err != nil {
			t.Fatal(err)
		}
		y += 6
	}
	if err := p.Draw(pdf); err != nil {
		t.Fatal(err)
	}
	out, err := Output(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return out, p
}

// The text layer gives back exactly the Unicode that was printed, in
// logical order, for every script and both weights.
func TestTextLayerRoundTrips(t *testing.T) {
	var texts []string
	for _, s := range samples {
		texts = append(texts, s.text)
	}
	for _, bold := range []bool{false, true} {
		pdf, _ := render(t, bold, texts...)
		if got := testtool.PDFText(t, pdf); strings.Join(got, "\n") != strings.Join(texts, "\n") {
			t.Errorf("bold=%v: pdftotext gave\n%q\nwant\n%q", bold, got, texts)
		}
	}
}

// A paragraph that wraps and mixes scripts extracts as its words, in order.
func TestWrappedMixedParagraphRoundTrips(t *testing.T) {
	text := "St. Thomas College (തൃശൂർ), affiliated to the University of Calicut, and കേരള കാർഷിക സർവകലാശാല in one long line"
	pdf, _ := render(t, false, text)
	lines := testtool.PDFText(t, pdf)
	if len(lines) < 2 {
		t.Fatalf("expected the paragraph to wrap, got %q", lines)
	}
	if got := strings.Join(lines, " "); got != text {
		t.Errorf("got %q\nwant %q", got, text)
	}
}

// contentRuns decodes the page's form XObject and returns, per BT…ET
// block (one line), the font resource and glyph codes of each run.
type run struct {
	font  string
	codes []uint16
}

var (
	streamRE = regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`)
	tokenRE  = regexp.MustCompile(`/(F\d+) [\d.]+ Tf|<([0-9A-F]{4})>|\bET\b`)
)

func contentRuns(t *testing.T, pdf []byte) [][]run {
	t.Helper()
	var content []byte
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(r)
		if err == nil && bytes.Contains(b, []byte("BT\n")) {
			content = append(content, b...)
		}
	}
	if len(content) == 0 {
		t.Fatal("no text content stream in the PDF")
	}
	var lines [][]run
	var cur []run
	for _, m := range tokenRE.FindAllSubmatch(content, -1) {
		switch {
		case m[1] != nil:
			cur = append(cur, run{font: string(m[1])})
		case m[2] != nil:
			v, _ := strconv.ParseUint(string(m[2]), 16, 16)
			cur[len(cur)-1].codes = append(cur[len(cur)-1].codes, uint16(v))
		default:
			lines, cur = append(lines, cur), nil
		}
	}
	return lines
}

// hbShape is HarfBuzz's own shaping of text with a font file: the glyph ids
// the reference shaper chooses.
func hbShape(t *testing.T, file, text string) []uint16 {
	t.Helper()
	bin := testtool.RequireTool(t, "hb-shape", "apt-get install libharfbuzz-bin")
	data, err := FontFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--no-glyph-names", "--no-positions", "--no-clusters", f, text).Output()
	if err != nil {
		t.Fatalf("hb-shape: %v", err)
	}
	var gids []uint16
	for _, s := range strings.Split(strings.Trim(strings.TrimSpace(string(out)), "[]"), "|") {
		v, err := strconv.ParseUint(s, 10, 16)
		if err != nil {
			t.Fatalf("hb-shape output %q: %v", out, err)
		}
		gids = append(gids, uint16(v))
	}
	return gids
}

// The PDF draws each name with exactly the glyphs HarfBuzz (the reference
// shaper, hb-shape) chooses for it in that font, in that order: conjuncts,
// reordered vowel signs and Arabic joining forms included. The character
// codes of the embedded fonts are the fonts' own glyph ids, so they compare
// directly.
func TestGlyphsMatchHarfBuzz(t *testing.T) {
	for _, bold := range []bool{false, true} {
		var texts []string
		for _, s := range samples {
			texts = append(texts, s.text)
		}
		pdf, page := render(t, bold, texts...)
		lines := contentRuns(t, pdf)
		if len(lines) != len(samples) {
			t.Fatalf("bold=%v: %d lines drawn, want %d", bold, len(lines), len(samples))
		}
		for i, s := range samples {
			file := s.family.Regular
			if bold {
				file = s.family.Bold
			}
			face := page.faces[file]
			if face == nil {
				t.Errorf("%q: %s was not used", s.text, file)
				continue
			}
			if len(lines[i]) != 1 || lines[i][0].font != face.res {
				t.Errorf("%q: drawn in runs %+v, want one run in %s (%s)", s.text, lines[i], face.res, file)
				continue
			}
			want := hbShape(t, file, s.text)
			if got := lines[i][0].codes; !slices.Equal(got, want) {
				t.Errorf("%q in %s: PDF draws glyphs %v, hb-shape %v", s.text, file, got, want)
			}
		}
	}
}

// notdefs counts the glyphs drawn as .notdef (glyph 0: the empty box).
func notdefs(lines [][]run) int {
	n := 0
	for _, l := range lines {
		for _, r := range l {
			for _, c := range r.codes {
				if c == 0 {
					n++
				}
			}
		}
	}
	return n
}

// No glyph of any sample is .notdef; the check does catch one (a script
// none of the fonts has).
func TestNoNotdef(t *testing.T) {
	var texts []string
	for _, s := range samples {
		texts = append(texts, s.text)
	}
	texts = append(texts, "Mixed: അനഘ, தமிழ், ಕನ್ನಡ, हिन्दी, العربية — 1–2 “x” ₹500")
	pdf, _ := render(t, false, texts...)
	if n := notdefs(contentRuns(t, pdf)); n != 0 {
		t.Errorf("%d glyphs are .notdef", n)
	}
	pdf, _ = render(t, false, "中文")
	if n := notdefs(contentRuns(t, pdf)); n != 2 {
		t.Errorf("the check found %d .notdef glyphs in two Han characters no font has, want 2", n)
	}
}

// Every embedded font is a subset: far smaller than its file.
func TestFontsAreSubset(t *testing.T) {
	pdf, page := render(t, false, "അനഘ കൃഷ്ണൻ", "Anagha Krishnan")
	var total int
	for _, f := range page.order {
		total += len(f.data)
	}
	if len(pdf) > total/10 {
		t.Errorf("PDF is %d bytes for fonts of %d bytes: not subset", len(pdf), total)
	}
}

// Any text lays out and draws without an error or a panic.
func FuzzText(f *testing.F) {
	for _, s := range samples {
		f.Add(s.text, false)
	}
	f.Add("\u200d\u0d15\u0d4d\u200c", true)
	f.Add("\u202e abc \u0627\u0644 \U0001F600 \x00\t\n", false)
	f.Fuzz(func(t *testing.T, s string, bold bool) {
		render(t, bold, s)
	})
}

// qpdf, an independent PDF implementation, finds the file well formed (the
// imported objects, their references and streams included) and of the
// version it declares, 1.5.
func TestPDFIsWellFormed(t *testing.T) {
	bin := testtool.RequireTool(t, "qpdf", "apt-get install qpdf")
	var texts []string
	for _, s := range samples {
		texts = append(texts, s.text)
	}
	pdf, _ := render(t, true, texts...)
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--check", f).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("PDF Version: 1.5")) || !bytes.Contains(out, []byte("No syntax or stream encoding errors")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// Pages render concurrently: the parsed fonts are shared (read-only), each
// page has its own faces and shaper. Run under make test-race.
func TestConcurrentPages(t *testing.T) {
	var texts []string
	for _, s := range samples {
		texts = append(texts, s.text)
	}
	want := contentRuns(t, must(render(t, false, texts...)))
	var wg sync.WaitGroup
	got := make([][][]run, 8)
	for i := range got {
		wg.Go(func() {
			pdf, _ := render(t, false, texts...)
			got[i] = contentRuns(t, pdf)
		})
	}
	wg.Wait()
	for i := range got {
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("page %d drew other glyphs than the same text drawn alone", i)
		}
	}
}

func must(pdf []byte, _ *Page) []byte { return pdf }
