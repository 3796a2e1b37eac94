package certificates_test

import (
	"testing"
	"time"

	"github.com/internbase/internbase/internal/certificates"
)

// BenchmarkRenderPDF renders one certificate (a Latin and a Malayalam one).
func BenchmarkRenderPDF(b *testing.B) {
	for name, student := range map[string]string{"latin": "Anagha Krishnan", "malayalam": "അനഘ കൃഷ്ണൻ"} {
		b.Run(name, func(b *testing.B) {
			d := certificates.Document{Payload: certificates.SignedPayload{Number: "IB-2026-7K3F9QXD", StudentName: student,
				RegisterNo: "FC23CS014", InstitutionName: "Farook College, Kozhikode", OrganizationName: "Malabar Agritech",
				Title: "Data analysis for the farmers' cooperative", StartsOn: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
				EndsOn: time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC), Hours: 120, Credits: 4, Marks: 38.5, MaxMarks: 50, Grade: "A",
				IssuedAt: time.Date(2026, 11, 21, 10, 4, 5, 0, time.UTC)}, VerifyURL: "https://internbase.example/verify/IB-2026-7K3F9QXD", KeyID: "k1"}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := certificates.RenderPDF(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
