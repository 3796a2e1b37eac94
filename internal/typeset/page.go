package typeset

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Align places a line within its box.
type Align int

const (
	Left Align = iota
	Center
	Right
)

// Style is how a paragraph prints.
type Style struct {
	Size  float64 // points
	Bold  bool
	Color [3]uint8
	Align Align
	// Leading is the distance between baselines, in points (default 1.3 × Size).
	Leading float64
}

// unitsPerEm is the scale text is shaped at: positions come out in
// thousandths of the font size, the PDF's own text-space unit.
const unitsPerEm = 1000

// Page collects the text of one page, in points with the origin at the
// top left (like fpdf's own coordinates, but in points).
type Page struct {
	width, height float64
	shaper        shaping.HarfbuzzShaper
	seg           shaping.Segmenter
	wrap          shaping.LineWrapper
	faces         map[string]*pageFace // by file name
	order         []*pageFace          // in first use, for resource names
	content       strings.Builder
}

// pageFace is one font file used on the page.
type pageFace struct {
	file string
	data []byte
	face *font.Face
	res  string              // resource name, "F1"…
	text map[font.GID]string // every glyph drawn, with the text it stands for
}

// NewPage starts a page of the given size in points.
func NewPage(width, height float64) *Page {
	return &Page{width: width, height: height, faces: map[string]*pageFace{}}
}

func (p *Page) face(file string) (*pageFace, error) {
	if f, ok := p.faces[file]; ok {
		return f, nil
	}
	fnt, data, err := loadFont(file)
	if err != nil {
		return nil, err
	}
	f := &pageFace{file: file, data: data, face: font.NewFace(fnt), res: fmt.Sprintf("F%d", len(p.order)+1), text: map[font.GID]string{}}
	p.faces[file] = f
	p.order = append(p.order, f)
	return f, nil
}

// fontmap picks the face of each run: the script's own family, then the
// Latin family, then any family that has the character.
type fontmap struct {
	p      *Page
	bold   bool
	script language.Script
	err    error
}

func (m *fontmap) SetScript(s language.Script) { m.script = s }

func (m *fontmap) file(f Family) string {
	if m.bold {
		return f.Bold
	}
	return f.Regular
}

func (m *fontmap) ResolveFace(r rune) *font.Face {
	var first *font.Face
	try := func(fam Family) bool {
		f, err := m.p.face(m.file(fam))
		if err != nil {
			m.err = err
			return false
		}
		if first == nil {
			first = f.face
		}
		_, has := f.face.NominalGlyph(r)
		return has
	}
	if fam, ok := Scripts[m.script]; ok && try(fam) {
		return m.p.faces[m.file(fam)].face
	}
	for _, fam := range families {
		if try(fam) {
			return m.p.faces[m.file(fam)].face
		}
	}
	return first // nothing has it: the Latin face's .notdef
}

// Line is one laid-out line: its logical text and its runs in visual order.
type line struct {
	text  string
	runs  []shaping.Output
	width fixed.Int26_6 // in units of unitsPerEm
}

func (p *Page) layout(runes []rune, st Style, width float64) (_ []line, err error) {
	if len(runes) == 0 {
		return nil, nil
	}
	// The shaper and the wrapper are a library's: should one of them fail
	// on some input, that is this text's error, not the server's crash.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("typeset: laying out %q: %v", string(runes), r)
		}
	}()
	fm := &fontmap{p: p, bold: st.Bold}
	inputs := p.seg.Split(shaping.Input{
		Text: runes, RunEnd: len(runes), Direction: di.DirectionLTR,
		Size: fixed.I(unitsPerEm), Language: language.NewLanguage("en"),
	}, fm)
	if fm.err != nil {
		return nil, fm.err
	}
	outs := make([]shaping.Output, len(inputs))
	for i, in := range inputs {
		outs[i] = p.shaper.Shape(in)
	}
	maxWidth := fixed.Int26_6(min(width/st.Size*unitsPerEm*64, math.MaxInt32/2))
	wrapped, _ := p.wrap.WrapParagraphF(shaping.WrapConfig{Direction: di.DirectionLTR}, maxWidth, runes, shaping.NewSliceIterator(outs))
	lines := make([]line, 0, len(wrapped))
	for _, l := range wrapped {
		runs := slices.Clone([]shaping.Output(l))
		slices.SortFunc(runs, func(a, b shaping.Output) int { return cmp.Compare(a.VisualIndex, b.VisualIndex) })
		start, end := len(runes), 0
		var w fixed.Int26_6
		for _, r := range runs {
			start = min(start, r.Runes.Offset)
			end = max(end, r.Runes.Offset+r.Runes.Count)
			w += r.Advance
		}
		lines = append(lines, line{text: strings.TrimRight(string(runes[start:end]), " "), runs: runs, width: w})
	}
	return lines, nil
}

// Measure returns the width in points text takes on one line.
func (p *Page) Measure(text string, st Style) (float64, error) {
	lines, err := p.layout([]rune(clean(text)), st, math.Inf(1))
	if err != nil {
		return 0, err
	}
	var w float64
	for _, l := range lines {
		w = max(w, float64(l.width)/64/unitsPerEm*st.Size)
	}
	return w, nil
}

// Text lays text out in lines no wider than width, starting with its top at
// (x, top), and returns where the next paragraph starts (its top). All
// numbers are points. A line break in text starts a new line; other
// control characters print as spaces.
func (p *Page) Text(text string, st Style, x, top, width float64) (float64, error) {
	if st.Leading == 0 {
		st.Leading = 1.3 * st.Size
	}
	for _, para := range strings.FieldsFunc(text, isBreak) {
		var err error
		if top, err = p.paragraph(clean(para), st, x, top, width); err != nil {
			return top, err
		}
	}
	return top, nil
}

// isBreak reports a character that ends a line (Unicode's mandatory breaks).
func isBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// clean turns the remaining control characters into spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func (p *Page) paragraph(text string, st Style, x, top, width float64) (float64, error) {
	runes := []rune(text)
	lines, err := p.layout(runes, st, width)
	if err != nil {
		return top, err
	}
	scale := st.Size / unitsPerEm / 64 // fixed units → points
	for _, l := range lines {
		// The baseline sits where a line of this leading centres its capitals.
		baseline := top + st.Leading/2 + 0.35*st.Size
		lx := x
		switch st.Align {
		case Center:
			lx += (width - float64(l.width)*scale) / 2
		case Right:
			lx += width - float64(l.width)*scale
		}
		p.drawLine(l, runes, st, lx, p.height-baseline, scale)
		top += st.Leading
	}
	return top, nil
}

// drawLine writes one line: each run's glyphs at the positions the shaper
// gave them, in a span whose ActualText is the line's logical text (so a
// conjunct or a reordered vowel sign extracts as typed). A line with a
// right-to-left run carries no ActualText: extractors such as poppler
// reorder right-to-left text they read as if it were in visual order, and
// would turn a logical ActualText backwards; the glyphs' ToUnicode entries,
// in visual order, are what they expect there.
func (p *Page) drawLine(l line, runes []rune, st Style, x, y, scale float64) {
	c := &p.content
	rtl := false
	for _, r := range l.runs {
		rtl = rtl || r.Direction.Progression() == di.TowardTopLeft
	}
	if !rtl {
		fmt.Fprintf(c, "/Span <</ActualText <%s>>> BDC\n", utf16Hex(l.text, true))
	}
	fmt.Fprintf(c, "BT\n%s rg\n", rgb(st.Color))
	pen := x // where the next glyph's origin is
	for _, run := range l.runs {
		f := p.faceOf(run.Face)
		fmt.Fprintf(c, "/%s %s Tf\n1 0 0 1 %s %s Tm\n[", f.res, num(st.Size), num(pen), num(y))
		cursor, rise := pen, 0.0 // where the PDF's text position and rise are
		for i, g := range run.Glyphs {
			f.note(run, i, runes)
			if dy := float64(g.YOffset) * scale; dy != rise {
				fmt.Fprintf(c, "] TJ\n%s Ts\n[", num(dy))
				rise = dy
			}
			at := pen + float64(g.XOffset)*scale
			if adj := (cursor - at) * 1000 / st.Size; math.Abs(adj) >= 0.0005 {
				c.WriteString(num(adj))
			}
			fmt.Fprintf(c, "<%04X>", uint16(g.GlyphID))
			cursor = at + f.width(g.GlyphID)*st.Size/1000
			pen += float64(g.Advance) * scale
		}
		c.WriteString("] TJ\n")
		if rise != 0 {
			c.WriteString("0 Ts\n")
		}
	}
	c.WriteString("ET\n")
	if !rtl {
		c.WriteString("EMC\n")
	}
}

func (p *Page) faceOf(face *font.Face) *pageFace {
	for _, f := range p.order {
		if f.face == face {
			return f
		}
	}
	panic("typeset: a run in a face the page did not open")
}

// width is a glyph's advance in thousandths of the font size (the PDF's
// W array and what the viewer moves by after showing it).
func (f *pageFace) width(g font.GID) float64 {
	return float64(f.face.HorizontalAdvance(g)) * 1000 / float64(f.face.Upem())
}

// note records which text glyph i of run stands for, for the font's
// ToUnicode map: the cluster's text on its first glyph, nothing on the rest
// (a cluster drawn as several glyphs extracts once). A glyph keeps the text
// it was first drawn for.
func (f *pageFace) note(run shaping.Output, i int, runes []rune) {
	g := run.Glyphs[i]
	if _, ok := f.text[g.GlyphID]; ok {
		return
	}
	if i > 0 && run.Glyphs[i-1].TextIndex() == g.TextIndex() {
		f.text[g.GlyphID] = ""
		return
	}
	f.text[g.GlyphID] = string(runes[g.TextIndex() : g.TextIndex()+g.RunesCount()])
}

func rgb(c [3]uint8) string {
	return fmt.Sprintf("%s %s %s", num(float64(c[0])/255), num(float64(c[1])/255), num(float64(c[2])/255))
}

// num prints a number the way PDF content wants it: short, no exponent.
func num(x float64) string {
	s := fmt.Sprintf("%.3f", x)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// utf16Hex is text as UTF-16BE hex, with a byte-order mark when bom.
func utf16Hex(s string, bom bool) string {
	var b strings.Builder
	if bom {
		b.WriteString("FEFF")
	}
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}
