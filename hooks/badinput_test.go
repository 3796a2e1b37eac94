package hooks_test

import (
	"strings"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
)

// Bad input of any kind is a 4xx with a message, and nothing is written.
func TestBadInputIsRefusedAndWritesNothing(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	openInternship := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data intern", "seats": 2,
		"starts_on": w.End, "ends_on": w.End, "apply_by": w.Due, "hours": 60, "status": "open",
	})
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

	type tc struct {
		name        string
		method, url string
		token       string
		body        any
		headers     []string
		status      int
		field, code string
		collection  string
	}
	apps := "/api/collections/applications/records"
	resume := func(content []byte, name string, extra map[string]string) (any, []string) {
		fields := map[string]string{"internship": openInternship.Id}
		for k, v := range extra {
			fields[k] = v
		}
		body, ct := apptest.Multipart(t, fields, apptest.File{Field: "resume", Name: name, Content: content})
		return body, []string{"Content-Type", ct}
	}
	bigPDF, bigCT := resume(apptest.PDF(5<<20+1024), "cv.pdf", nil)
	pngCV, pngCT := resume(png, "cv.png", nil)
	longStatement, longCT := resume(apptest.PDF(100), "cv.pdf", map[string]string{"statement": strings.Repeat("a", 5001)})

	cases := []tc{
		{"wrong type for a number", "POST", "/api/collections/internships/records", w.SupX.Token,
			map[string]any{"title": "T", "seats": "many", "starts_on": w.Start, "ends_on": w.End, "apply_by": w.Due, "hours": 10},
			nil, 400, "seats", "", "internships"},
		{"wrong type for a date", "POST", "/api/collections/internships/records", w.SupX.Token,
			map[string]any{"title": "T", "seats": 1, "starts_on": "next tuesday", "ends_on": w.End, "apply_by": w.Due, "hours": 10},
			nil, 400, "starts_on", "", "internships"},
		{"oversized statement", "POST", apps, w.S2.Token, longStatement, longCT, 400, "statement", "validation_max_text_constraint", "applications"},
		{"oversized résumé", "POST", apps, w.S2.Token, bigPDF, bigCT, 400, "resume", "", "applications"},
		{"résumé that is not a PDF", "POST", apps, w.S2.Token, pngCV, pngCT, 400, "resume", "validation_invalid_mime_type", "applications"},
		{"unknown internship id", "POST", apps, w.S2.Token, map[string]any{"internship": "nosuchinternsh"}, nil, 400, "internship", "validation_missing_rel_records", "applications"},
		{"unknown mentor id", "PATCH", "/api/collections/placements/records/" + w.Placement.Id, w.CoordA.Token, map[string]any{"mentor": "nosuchmentor00"}, nil, 400, "mentor", "", "placements"},
		{"a student as mentor", "PATCH", "/api/collections/placements/records/" + w.Placement.Id, w.CoordA.Token, map[string]any{"mentor": w.S2.Id}, nil, 400, "mentor", "", "placements"},
		{"mentor of another institution", "PATCH", "/api/collections/placements/records/" + w.Placement.Id, w.CoordA.Token, map[string]any{"mentor": w.MentorB.Id}, nil, 400, "mentor", "", "placements"},
		{"hours outside bounds", "POST", "/api/collections/logbook_entries/records", w.S1.Token,
			map[string]any{"placement": w.Placement.Id, "date": w.Today, "hours": 30, "activity": "A long enough activity text."}, nil, 400, "hours", "ib_out_of_range", "logbook_entries"},
		{"activity too short", "POST", "/api/collections/logbook_entries/records", w.S1.Token,
			map[string]any{"placement": w.Placement.Id, "date": w.Today, "hours": 3, "activity": "short"}, nil, 400, "activity", "validation_min_text_constraint", "logbook_entries"},
		{"malformed JSON", "POST", apps, w.S2.Token, `{"internship": `, nil, 400, "", "", "applications"},
		{"malformed filter", "GET", apps + "?filter=" + "status%3D%3D%3D'", w.S2.Token, nil, nil, 400, "", "", ""},
		{"filter on an unknown field", "GET", apps + "?filter=nosuchfield%3D1", w.S2.Token, nil, nil, 400, "", "", ""},
		{"sort on an unknown field", "GET", apps + "?sort=-nosuchfield", w.S2.Token, nil, nil, 400, "", "", ""},
		{"bad supervisor for a posting", "POST", "/api/collections/internships/records", w.SupX.Token,
			map[string]any{"title": "T", "seats": 1, "starts_on": w.Start, "ends_on": w.End, "apply_by": w.Due, "hours": 10, "supervisor": w.SupY.Id}, nil, 400, "supervisor", "", "internships"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var before int64
			if tc.collection != "" {
				before, _ = w.App.CountRecords(tc.collection)
			}
			res := c.Do(tc.method, tc.url, tc.token, tc.body, tc.headers...)
			if res.Status != tc.status {
				t.Fatalf("got %d %s, want %d", res.Status, res.String(), tc.status)
			}
			msg, _ := res.JSON()["message"].(string)
			if msg == "" {
				t.Fatalf("no message in %s", res.String())
			}
			if tc.field != "" {
				code := res.Code(tc.field)
				if code == "" || (tc.code != "" && code != tc.code) {
					t.Fatalf("want %q on %s, got %s", tc.code, tc.field, res.String())
				}
			}
			if tc.collection != "" {
				if n, _ := w.App.CountRecords(tc.collection); n != before {
					t.Fatalf("records %d → %d", before, n)
				}
			}
			if tc.method == "PATCH" {
				p, _ := w.App.FindRecordById("placements", w.Placement.Id)
				if p.GetString("mentor") != w.MentorA.Id {
					t.Fatalf("refused update changed the mentor to %s", p.GetString("mentor"))
				}
			}
		})
	}
}
