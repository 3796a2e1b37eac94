// Package typeset lays out text in every script a Kerala college meets
// (Malayalam, Tamil, Kannada, Devanagari, Arabic, Latin) and draws it into
// a PDF page as real text: shaped by go-text/typesetting (a pure-Go port of
// HarfBuzz: conjuncts, vowel signs, reordering, right-to-left), printed with
// embedded subsets of the fonts in fonts/, and extractable as the Unicode it
// was given (a left-to-right line carries its text as /ActualText; every
// glyph has a ToUnicode entry).
//
// fpdf draws everything else on the page; it maps runes to glyphs one to one
// and so cannot print a shaped cluster. The shaped text therefore goes into
// one form XObject per page, which fpdf embeds through its import API.
package typeset

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
)

//go:embed fonts/*.ttf
var files embed.FS

// Family is a font family: one file per weight.
type Family struct {
	Name          string // the CSS font-family name
	Regular, Bold string // file names in fonts/
	// Ranges is the CSS unicode-range of the script (a browser fetches the
	// font only for a page that has one of these characters).
	Ranges string
}

// Latin is the family for every script without its own (DejaVu Sans covers
// Latin, Greek, Cyrillic and the punctuation); Scripts maps each script of
// DESIGN §3 to its Noto family.
var (
	Latin = Family{"DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", ""}
	// The ranges are each script's blocks, with the joiners and the dotted
	// circle its shaping uses.
	Scripts = map[language.Script]Family{
		language.Malayalam: {"Noto Sans Malayalam", "NotoSansMalayalam-Regular.ttf", "NotoSansMalayalam-Bold.ttf",
			"U+0D00-0D7F, U+200C-200D, U+25CC"},
		language.Tamil: {"Noto Sans Tamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf",
			"U+0B80-0BFF, U+200C-200D, U+25CC"},
		language.Kannada: {"Noto Sans Kannada", "NotoSansKannada-Regular.ttf", "NotoSansKannada-Bold.ttf",
			"U+0C80-0CFF, U+200C-200D, U+25CC"},
		language.Devanagari: {"Noto Sans Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf",
			"U+0900-097F, U+A8E0-A8FF, U+200C-200D, U+25CC"},
		language.Arabic: {"Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
			"U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F"},
	}
)

// Families lists every family, Latin first, the scripts in a fixed order.
func Families() []Family { return slices.Clone(families) }

// families is Families, built once: the font map walks it for each character.
var families = []Family{Latin, Scripts[language.Malayalam], Scripts[language.Tamil], Scripts[language.Kannada],
	Scripts[language.Devanagari], Scripts[language.Arabic]}

// FontFile returns the bytes of an embedded font file ("NotoSansMalayalam-Regular.ttf").
func FontFile(name string) ([]byte, error) {
	if name != path.Base(name) {
		return nil, fs.ErrNotExist
	}
	return files.ReadFile("fonts/" + name)
}

// parsed fonts are read once and shared: a *font.Font is safe for
// concurrent use (a *font.Face is not, so each Page makes its own).
var parsed = struct {
	sync.Mutex
	fonts map[string]*font.Font
}{fonts: map[string]*font.Font{}}

func loadFont(name string) (*font.Font, []byte, error) {
	data, err := FontFile(name)
	if err != nil {
		return nil, nil, fmt.Errorf("font %s: %w", name, err)
	}
	parsed.Lock()
	defer parsed.Unlock()
	if f, ok := parsed.fonts[name]; ok {
		return f, data, nil
	}
	face, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("font %s: %w", name, err)
	}
	parsed.fonts[name] = face.Font
	return face.Font, data, nil
}

// FontFaces is the CSS that gives a web page the certificate's fonts for
// every script that has its own family: @font-face rules for both weights,
// each file served at fontURL(file). A page then names the families (see
// FontStack) and shows a name with the shapes the PDF prints.
func FontFaces(fontURL func(file string) string) string {
	var b strings.Builder
	for _, f := range Families()[1:] {
		for _, w := range []struct {
			file   string
			weight int
		}{{f.Regular, 400}, {f.Bold, 700}} {
			fmt.Fprintf(&b, "@font-face{font-family:%q;src:url(%q) format(\"truetype\");font-weight:%d;font-display:swap;unicode-range:%s}\n",
				f.Name, fontURL(w.file), w.weight, f.Ranges)
		}
	}
	return b.String()
}

// FontStack is a CSS font-family list: the script families, then fallback.
func FontStack(fallback string) string {
	var names []string
	for _, f := range Families()[1:] {
		names = append(names, strconv.Quote(f.Name))
	}
	return strings.Join(names, ",") + "," + fallback
}
