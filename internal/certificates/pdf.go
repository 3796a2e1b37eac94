package certificates

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// DejaVu Sans (free licence, fonts/LICENSE) prints every name as written,
// Latin or not; fpdf embeds only the glyphs a certificate uses.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// Document is what a certificate PDF prints: every signed value, the
// university, and the verify URL with its QR code.
type Document struct {
	Payload    SignedPayload // SHA256 is not printed (it is the hash of this PDF)
	University string
	VerifyURL  string
	KeyID      string
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// RenderPDF draws the A4 certificate.
func RenderPDF(d Document) ([]byte, error) {
	p := d.Payload
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(p.IssuedAt)
	pdf.SetModificationDate(p.IssuedAt)
	pdf.SetTitle("Internship credit certificate "+p.Number, true)
	pdf.SetAuthor(p.InstitutionName, true)
	pdf.SetCreator("Internbase", true)
	pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(false, 15)
	pdf.AddPage()

	pdf.SetDrawColor(30, 64, 120)
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, 190, 277, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(13, 13, 184, 271, "D")

	center := func(font string, size float64, text string, h float64) {
		pdf.SetFont("dejavu", font, size)
		pdf.SetX(20)
		pdf.MultiCell(170, h, text, "", "C", false)
	}
	pdf.SetY(28)
	pdf.SetTextColor(30, 64, 120)
	center("B", 20, p.InstitutionName, 9)
	pdf.SetTextColor(60, 60, 60)
	if d.University != "" {
		center("", 11, "Affiliated to "+d.University, 6)
	}
	pdf.Ln(8)
	pdf.SetTextColor(20, 20, 20)
	center("B", 24, "Internship Credit Certificate", 12)
	pdf.Ln(6)
	center("", 12, "This is to certify that", 7)
	pdf.Ln(2)
	center("B", 18, p.StudentName, 10)
	center("", 11, "Register number "+p.RegisterNo, 6)
	pdf.Ln(4)
	center("", 12, fmt.Sprintf("completed the internship “%s” at %s from %s to %s, with %s approved hours, and earned",
		p.Title, p.OrganizationName, p.StartsOn.UTC().Format("2 January 2006"), p.EndsOn.UTC().Format("2 January 2006"), num(p.Hours)), 7)
	pdf.Ln(3)
	center("B", 22, num(p.Credits)+" credits", 12)
	center("", 12, fmt.Sprintf("with %s of %s marks, grade %s.", num(p.Marks), num(p.MaxMarks), p.Grade), 7)

	// The facts a verifier compares, as a table.
	pdf.SetY(168)
	rows := [][2]string{
		{"Certificate number", p.Number},
		{"Student", p.StudentName + " (" + p.RegisterNo + ")"},
		{"Institution", p.InstitutionName},
		{"Host organisation", p.OrganizationName},
		{"Internship", p.Title},
		{"Period", p.StartsOn.UTC().Format(time.DateOnly) + " to " + p.EndsOn.UTC().Format(time.DateOnly)},
		{"Hours / credits", num(p.Hours) + " hours, " + num(p.Credits) + " credits"},
		{"Marks / grade", num(p.Marks) + " / " + num(p.MaxMarks) + ", grade " + p.Grade},
		{"Issued", p.IssuedAt.UTC().Truncate(time.Second).Format(time.RFC3339)},
	}
	for _, r := range rows {
		pdf.SetX(22)
		pdf.SetFont("dejavu", "B", 9)
		pdf.CellFormat(38, 5.5, r[0], "", 0, "L", false, 0, "")
		pdf.SetFont("dejavu", "", 9)
		pdf.MultiCell(85, 5.5, r[1], "", "L", false)
	}

	png, err := qrcode.Encode(d.VerifyURL, qrcode.Medium, 512)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	pdf.ImageOptions("qr", 147, 166, 42, 42, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetXY(140, 209)
	pdf.SetFont("dejavu", "", 7.5)
	pdf.MultiCell(56, 3.6, "Scan to verify, or open", "", "C", false)

	pdf.SetXY(20, 240)
	pdf.SetFont("dejavu", "B", 9)
	pdf.MultiCell(170, 5, "Verify this certificate: "+d.VerifyURL, "", "C", false)
	pdf.SetFont("dejavu", "", 7.5)
	pdf.SetTextColor(90, 90, 90)
	pdf.SetX(20)
	pdf.MultiCell(170, 3.8, "The facts above are signed by the institution with Ed25519 (key "+d.KeyID+
		"; public keys at /.well-known/jwks.json). The verify page shows whether this certificate is valid, revoked or superseded.", "", "C", false)

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return buf.Bytes(), nil
}
