package reports_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/reports"
)

// FuzzParseCreditsOptions: any query is either accepted with a sane result
// or refused with field errors; it never panics.
func FuzzParseCreditsOptions(f *testing.F) {
	f.Add("abc", "csv", "2026-01-01", "2026-12-31")
	f.Add("", "xml", "2026-13-01", "yesterday")
	f.Add(" id ", "JSON", "", "")
	f.Add("x", "csv", "2026-12-31", "2026-01-01")
	f.Fuzz(func(t *testing.T, inst, format, from, to string) {
		o, errs := reports.ParseCreditsOptions(inst, format, from, to)
		if len(errs) > 0 {
			return
		}
		if o.Institution == "" || (o.Format != reports.FormatCSV && o.Format != reports.FormatJSON && o.Format != reports.FormatNAD) {
			t.Fatalf("accepted %+v", o)
		}
		if !o.From.IsZero() && !o.To.IsZero() && o.From.After(o.To) {
			t.Fatalf("accepted a reversed range %+v", o)
		}
	})
}

// FuzzCreditsRoute decodes arbitrary query parameters through the route: a
// 4xx with a message or a 200, never a 5xx.
func FuzzCreditsRoute(f *testing.F) {
	w := apptest.NewWorld(f)
	reports.Register(w.App)
	client := apptest.NewClient(f, w.App)
	f.Add(w.InstA.Id, "csv", "2026-01-01", "2026-12-31")
	f.Add("", "json", "", "")
	f.Add(w.InstA.Id, "pdf", "01/02/2026", "")
	f.Add("nosuch", "csv", "2027-01-01", "2026-01-01")
	f.Fuzz(func(t *testing.T, inst, format, from, to string) {
		q := url.Values{"institution": {inst}, "format": {format}, "from": {from}, "to": {to}}
		for _, tok := range []string{w.CoordA.Token, w.Admin.Token} {
			res := client.For(t).Do(http.MethodGet, "/api/ib/reports/credits?"+q.Encode(), tok, nil)
			if res.Status >= 500 || res.Status == 0 {
				t.Fatalf("%v: %d %s", q, res.Status, res.String())
			}
		}
	})
}
