// Package typeset lays out text in every script a Kerala college meets
// (Malayalam, Tamil, Kannada, Devanagari, Arabic, Latin) and draws it into
// a PDF page as real text: shaped by go-text/typesetting (a pure-Go port of
// HarfBuzz: conjuncts, vowel signs, reordering, right-to-left), printed with
// embedded subsets of the fonts in fonts/, and extractable as the Unicode it
// was given (each line carries its text as /ActualText, each glyph a
// ToUnicode entry).
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
}

// Latin is the family for every script without its own (DejaVu Sans covers
// Latin, Greek, Cyrillic and the punctuation); Scripts maps each script of
// DESIGN §3 to its Noto family.
var (
	Latin   = Family{"DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}
	Scripts = map[language.Script]Family{
		language.Malayalam:  {"Noto Sans Malayalam", "NotoSansMalayalam-Regular.ttf", "NotoSansMalayalam-Bold.ttf"},
		language.Tamil:      {"Noto Sans Tamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"},
		language.Kannada:    {"Noto Sans Kannada", "NotoSansKannada-Regular.ttf", "NotoSansKannada-Bold.ttf"},
		language.Devanagari: {"Noto Sans Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"},
		language.Arabic:     {"Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
	}
)

// Families lists every family, Latin first, the scripts in a fixed order.
func Families() []Family {
	out := []Family{Latin}
	for _, s := range []language.Script{language.Malayalam, language.Tamil, language.Kannada, language.Devanagari, language.Arabic} {
		out = append(out, Scripts[s])
	}
	return out
}

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

// fileNames lists every embedded font file, sorted.
func fileNames() []string {
	var out []string
	for _, f := range Families() {
		out = append(out, f.Regular, f.Bold)
	}
	slices.Sort(out)
	return out
}
