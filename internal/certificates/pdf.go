package certificates

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/internbase/internbase/internal/typeset"
)

// Document is what a certificate PDF prints: every signed value, the
// university, the signatory, and the verify URL with its QR code.
type Document struct {
	Payload    SignedPayload // SHA256 is not printed (it is the hash of this PDF)
	University string
	VerifyURL  string
	KeysURL    string // where the public keys are ({appURL}/.well-known/jwks.json)
	KeyID      string
	// Signatory is the coordinator who signs for the institution ("" prints
	// the line with the institution alone).
	Signatory string
	// Location is the zone dates and times print in (the platform's).
	Location *time.Location
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// Colours of the certificate.
var (
	navy  = [3]uint8{30, 64, 120}
	ink   = [3]uint8{20, 20, 20}
	muted = [3]uint8{80, 80, 80}
)

// A4 in millimetres, and the text column.
const (
	pageW, pageH   = 210.0, 297.0
	marginX        = 24.0
	columnW        = pageW - 2*marginX
	qrSize         = 38.0
	factsW         = columnW - qrSize - 8
	signatureLineW = 70.0
	bottomMargin   = 18.0
)

// RenderPDF draws the A4 certificate. All text goes through typeset, which
// shapes every script (DESIGN §3) and embeds subsets of its fonts. The text
// flows top to bottom, so a long name or title moves what follows instead
// of overprinting it; a first pass measures it, and the second spreads what
// is left of the page over the gaps between its parts, so there is no empty
// band at the foot.
func RenderPDF(d Document) ([]byte, error) {
	// Names, titles and institutions of the longest lengths the schema
	// allows still fit: the whole text is set smaller until it does.
	qr, err := qrcode.Encode(d.VerifyURL, qrcode.Medium, 512)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	scale := 1.0
	var height, gaps float64
	for {
		if _, _, height, gaps, err = compose(d, qr, scale, 0); err != nil {
			return nil, err
		}
		if height <= pageH-bottomMargin {
			break
		}
		if scale -= 0.05; scale < 0.4 {
			return nil, fmt.Errorf("certificate text runs past the page (%.0f mm)", height)
		}
	}
	stretch := min((pageH-bottomMargin-height)/gaps, 4)
	pdf, page, _, _, err := compose(d, qr, scale, stretch)
	if err != nil {
		return nil, err
	}
	if err := page.Draw(pdf); err != nil {
		return nil, fmt.Errorf("certificate text: %w", err)
	}
	out, err := typeset.Output(pdf)
	if err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return out, nil
}

// compose lays the certificate out, with the QR code qr (a PNG), its text
// scaled by scale and each
// gap grown by stretch times itself, and returns where the text ends and
// the sum of the gaps (mm).
func compose(d Document, qr []byte, scale, stretch float64) (*fpdf.Fpdf, *typeset.Page, float64, float64, error) {
	p := d.Payload
	loc := d.Location
	if loc == nil {
		loc = time.UTC
	}
	day := func(t time.Time) string { return t.UTC().Format("2 January 2006") }

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(p.IssuedAt)
	pdf.SetModificationDate(p.IssuedAt)
	pdf.SetTitle("Internship credit certificate "+p.Number, true)
	pdf.SetSubject(p.StudentName+" — "+p.Title, true)
	pdf.SetAuthor(p.InstitutionName, true)
	pdf.SetCreator("Internbase", true)
	pdf.SetLang("en-IN")
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	k := pdf.GetConversionRatio() // points per millimetre
	page := typeset.NewPage(pageW*k, pageH*k)

	pdf.SetDrawColor(int(navy[0]), int(navy[1]), int(navy[2]))
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, pageW-20, pageH-20, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(13, 13, pageW-26, pageH-26, "D")

	// y is the top of the next paragraph, in millimetres.
	y := 26.0
	var err error
	text := func(s string, st typeset.Style, x, width float64) {
		if err != nil {
			return
		}
		st.Size *= scale
		st.Leading *= scale
		var next float64
		next, err = page.Text(s, st, x*k, y*k, width*k)
		y = next / k
	}
	centred := func(s string, size float64, bold bool, color [3]uint8) {
		text(s, typeset.Style{Size: size, Bold: bold, Color: color, Align: typeset.Center}, marginX, columnW)
	}
	var gaps float64
	gap := func(mm float64) { y += mm * scale * (1 + stretch); gaps += mm * scale }

	centred(p.InstitutionName, 20, true, navy)
	if d.University != "" {
		centred("Affiliated to "+d.University, 11, false, muted)
	}
	gap(7)
	centred("Internship Credit Certificate", 24, true, ink)
	gap(5)
	centred("This is to certify that", 12, false, ink)
	gap(1)
	centred(p.StudentName, 20, true, ink)
	centred("Register number "+p.RegisterNo, 11, false, muted)
	gap(3)
	centred("completed the internship", 12, false, ink)
	// The title is set apart by its own line and weight, not by quotes: a
	// right-to-left title between quotes reads back with the quotes moved.
	centred(p.Title, 15, true, ink)
	centred("at "+p.OrganizationName, 12, false, ink)
	// The period is one line: its own, with nothing to wrap it.
	centred("from "+day(p.StartsOn)+" to "+day(p.EndsOn), 12, false, ink)
	centred(fmt.Sprintf("with %s approved hours, and earned", num(p.Hours)), 12, false, ink)
	gap(1)
	centred(num(p.Credits)+" credits", 22, true, navy)
	centred(fmt.Sprintf("with %s of %s marks, grade %s.", num(p.Marks), num(p.MaxMarks), p.Grade), 12, false, ink)
	gap(6)

	// The facts a verifier compares, beside the QR code and the URL it names.
	factsTop := y
	facts := [][2]string{
		{"Certificate number", p.Number},
		{"Student", p.StudentName},
		{"Register number", p.RegisterNo},
		{"Institution", p.InstitutionName},
		{"Host organisation", p.OrganizationName},
		{"Internship", p.Title},
		{"Period", day(p.StartsOn) + " to " + day(p.EndsOn)},
		{"Hours, credits", num(p.Hours) + " hours, " + num(p.Credits) + " credits"},
		{"Marks, grade", num(p.Marks) + " of " + num(p.MaxMarks) + ", grade " + p.Grade},
		{"Issued", p.IssuedAt.In(loc).Format("2 January 2006, 15:04:05 MST")},
	}
	const labelW = 36.0
	for _, f := range facts {
		top := y
		text(f[0], typeset.Style{Size: 9, Bold: true, Color: muted}, marginX, labelW-2)
		labelEnd := y
		y = top
		text(f[1], typeset.Style{Size: 9, Color: ink}, marginX+labelW, factsW-labelW)
		y = max(y, labelEnd) + 0.6
	}
	factsEnd := y

	qrX := pageW - marginX - qrSize
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	pdf.ImageOptions("qr", qrX, factsTop, qrSize, qrSize, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	y = factsTop + qrSize + 1
	small := typeset.Style{Size: 7.5, Color: muted, Align: typeset.Center, Leading: 9}
	text("Scan to verify, or open", small, qrX-6, qrSize+12)
	small.Color = navy
	// The URL breaks, if it must, before the certificate number, never
	// inside it (a reader who copies it by hand gets the number whole).
	url := []string{d.VerifyURL}
	if i := strings.LastIndex(d.VerifyURL, "/"); i > 0 {
		w, mErr := page.Measure(d.VerifyURL, typeset.Style{Size: small.Size * scale})
		if mErr == nil && w > (qrSize+12)*k {
			url = []string{d.VerifyURL[:i+1], d.VerifyURL[i+1:]}
		}
	}
	for _, part := range url {
		text(part, small, qrX-6, qrSize+12)
	}
	y = max(y, factsEnd)
	gap(12)

	// The signatory: a line to sign on, the coordinator, the institution.
	pdf.SetLineWidth(0.3)
	pdf.Line(marginX, y, marginX+signatureLineW, y)
	y += 1.5
	signer := typeset.Style{Size: 10, Bold: true, Color: ink}
	if d.Signatory != "" {
		text(d.Signatory, signer, marginX, signatureLineW+30)
		signer.Bold = false
	}
	text("Internship coordinator, "+p.InstitutionName, typeset.Style{Size: 9, Bold: signer.Bold, Color: muted}, marginX, signatureLineW+40)
	gap(6)

	centred("The facts above are signed by the institution with Ed25519 (key "+d.KeyID+"; public keys at "+d.KeysURL+
		"). The verify page says whether this certificate is valid, revoked or superseded.", 7.5, false, muted)

	if err != nil {
		return nil, nil, 0, 0, fmt.Errorf("certificate text: %w", err)
	}
	return pdf, page, y, gaps, nil
}
