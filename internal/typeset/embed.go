package typeset

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/go-text/typesetting/font"
	tdfont "github.com/tdewolff/font"
)

// Draw puts the page's text onto pdf's current page, over what is there.
// pdf's unit must be the page size given to NewPage, in its own unit.
func (p *Page) Draw(pdf *fpdf.Fpdf) error {
	var objs objects
	fonts := make([]string, 0, len(p.order))
	for _, f := range p.order {
		key, err := f.embed(&objs)
		if err != nil {
			return err
		}
		fonts = append(fonts, "/"+f.res+" "+objs.ref(key))
	}
	formKey := objs.stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 %s %s] /Resources << /Font << %s >> >>",
		num(p.width), num(p.height), strings.Join(fonts, " ")), []byte(p.content.String()))
	objs.finish(pdf)
	name := fmt.Sprintf("/IBText%d", pdf.PageNo())
	pdf.ImportTemplates(map[string]string{name: formKey})
	// fpdf places a template at scale·k and shifts it by the page height:
	// undo both, so the form's points are the page's points.
	k := pdf.GetConversionRatio()
	_, h := pdf.GetPageSize()
	pdf.UseImportedTemplate(name, 1/k, 1/k, 0, -h)
	return pdf.Error()
}

// Output writes the finished PDF. It declares PDF 1.5, the version that
// brought the /ActualText the lines carry (fpdf declares 1.3 unless one of
// its own later features is used); the header keeps its length, so every
// offset stays right.
func Output(pdf *fpdf.Fpdf) ([]byte, error) {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	for _, old := range []string{"%PDF-1.3", "%PDF-1.4"} {
		if bytes.HasPrefix(b, []byte(old)) {
			copy(b, "%PDF-1.5")
		}
	}
	return b, nil
}

// embed writes the face as a Type0 font whose character codes are the
// original font's glyph ids (Identity-H): the content stream names the very
// glyphs the shaper chose. The font program is a subset holding only those
// glyphs; CIDToGIDMap maps each code to its place in the subset.
func (f *pageFace) embed(objs *objects) (string, error) {
	gids := slices.Sorted(maps.Keys(f.text))
	sfnt, err := tdfont.ParseSFNT(f.data, 0)
	if err != nil {
		return "", fmt.Errorf("font %s: %w", f.file, err)
	}
	keep := []uint16{0} // .notdef first, as a font must have it
	for _, g := range gids {
		if g != 0 {
			keep = append(keep, uint16(g))
		}
	}
	sub, err := sfnt.Subset(keep, tdfont.SubsetOptions{Tables: tdfont.KeepPDFTables})
	if err != nil {
		return "", fmt.Errorf("subset %s: %w", f.file, err)
	}
	program := objs.stream("", sub.Write())

	cidToGID := make([]byte, 2*(int(keep[len(keep)-1])+1))
	for i, g := range keep {
		cidToGID[2*int(g)], cidToGID[2*int(g)+1] = byte(i>>8), byte(i)
	}
	cidMap := objs.stream("", cidToGID)

	var w strings.Builder
	for _, g := range gids {
		fmt.Fprintf(&w, "%d [%s] ", g, num(f.width(g)))
	}

	toUnicode := objs.stream("", f.toUnicode(gids))

	// A subset's name starts with six capital letters that depend on the subset.
	sum := sha256.Sum256(fmt.Append(nil, f.file, keep))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	name := string(tag) + "+" + strings.ReplaceAll(f.face.Describe().Family, " ", "")
	if strings.Contains(f.file, "Bold") {
		name += "-Bold"
	}
	upem := float64(f.face.Upem())
	scale := func(v float64) string { return num(v * 1000 / upem) }
	ext, _ := f.face.FontHExtents()
	bbox := sfnt.Head
	descriptor := objs.object(fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %s >>",
		name, scale(float64(bbox.XMin)), scale(float64(bbox.YMin)), scale(float64(bbox.XMax)), scale(float64(bbox.YMax)),
		scale(float64(ext.Ascender)), scale(float64(ext.Descender)), scale(float64(ext.Ascender)*0.7), objs.ref(program)))
	cidFont := objs.object(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %s /DW 0 /W [%s] /CIDToGIDMap %s >>",
		name, objs.ref(descriptor), w.String(), objs.ref(cidMap)))
	return objs.object(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%s] /ToUnicode %s >>",
		name, objs.ref(cidFont), objs.ref(toUnicode))), nil
}

// toUnicode is the ToUnicode CMap: each glyph code to the text it stood for.
func (f *pageFace) toUnicode(gids []font.GID) []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var entries []string
	for _, g := range gids {
		if t := f.text[g]; t != "" {
			entries = append(entries, fmt.Sprintf("<%04X> <%s>", uint16(g), utf16Hex(t, false)))
		}
	}
	for chunk := range slices.Chunk(entries, 100) { // at most 100 per block
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", len(chunk), strings.Join(chunk, "\n"))
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}

// objects are PDF objects for fpdf's import API: a reference to another
// object is a 40-character placeholder that fpdf replaces with its number.
type objects struct {
	data map[string][]byte
	refs map[string]map[int]string // object → placeholder position → object it names
}

// ref marks a reference to the object key, inside the dictionary of the
// next object added.
func (o *objects) ref(key string) string { return "\x00" + key + "\x00 0 R" }

// object adds an object (a dictionary) and returns its key.
func (o *objects) object(dict string) string { return o.add(dict, nil) }

// stream adds a Flate-compressed stream with the extra dictionary entries.
func (o *objects) stream(dict string, data []byte) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(data) //nolint:errcheck // writes to memory
	zw.Close()     //nolint:errcheck // writes to memory
	head := fmt.Sprintf("<< %s /Filter /FlateDecode /Length %d >>\nstream\n", dict, z.Len())
	return o.add(head, append(z.Bytes(), "\nendstream"...))
}

// add stores an object: head with its reference marks replaced by
// placeholders (and their positions noted), then the raw tail.
func (o *objects) add(head string, tail []byte) string {
	if o.data == nil {
		o.data, o.refs = map[string][]byte{}, map[string]map[int]string{}
	}
	key := fmt.Sprintf("ibtypeset%031d", len(o.data)) // 40 characters, like gofpdi's hashes
	pos := map[int]string{}
	var out []byte
	parts := strings.Split(head, "\x00")
	for i, part := range parts {
		if i%2 == 0 {
			out = append(out, part...)
			continue
		}
		pos[len(out)] = part
		out = append(out, strings.Repeat(" ", 40)...)
	}
	out = append(append(out, tail...), "\nendobj"...)
	o.data[key] = out
	o.refs[key] = pos
	return key
}

func (o *objects) finish(pdf *fpdf.Fpdf) {
	pdf.ImportObjects(o.data)
	pdf.ImportObjPos(o.refs)
}
