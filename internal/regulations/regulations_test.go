package regulations_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/regulations"
)

// A regulation filled with the defaults is valid.
func TestApplyDefaultsIsValid(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	col, err := app.FindCollectionByNameOrId(regulations.Collection)
	apptest.Must(t, err)
	r := core.NewRecord(col)
	r.Set("name", "Defaults")
	regulations.ApplyDefaults(r, func(string) bool { return false })
	if err := regulations.Validate(r); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	apptest.Must(t, app.Save(r))
}

// Every save of a regulation is validated: a superuser through the records
// API gets 400 naming the field and nothing is written; an internal save
// is refused too.
func TestRegulationValidatedOnSave(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	const url = "/api/collections/regulations/records"
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"zero hours_per_credit", map[string]any{"hours_per_credit": 0.5, "credits": 0}, "credits"},
		{"zero min_hours", map[string]any{"min_hours": 0}, "min_hours"},
		{"pass_percent above 100", map[string]any{"pass_percent": 120}, "pass_percent"},
		{"supervisor_weight above 100", map[string]any{"supervisor_weight": 101}, "supervisor_weight"},
		{"semesters reversed", map[string]any{"semester_min": 5, "semester_max": 3}, "semester_max"},
		{"duplicate criterion key", map[string]any{"supervisor_criteria": []map[string]any{
			{"key": "skills", "label": "Skills", "max": 10}, {"key": "skills", "label": "Skills again", "max": 5}}}, "supervisor_criteria"},
		{"uppercase criterion key", map[string]any{"mentor_criteria": []map[string]any{
			{"key": "Report", "label": "Report", "max": 10}}}, "mentor_criteria"},
		{"zero criterion max", map[string]any{"mentor_criteria": []map[string]any{
			{"key": "report", "label": "Report", "max": 0}}}, "mentor_criteria"},
		{"criteria not a list", map[string]any{"mentor_criteria": map[string]any{"key": "report"}}, "mentor_criteria"},
		{"scale ascending", map[string]any{"grade_scale": []map[string]any{
			{"min": 0, "grade": "F", "point": 0}, {"min": 50, "grade": "P", "point": 4}}}, "grade_scale"},
		{"scale min above 100", map[string]any{"grade_scale": []map[string]any{
			{"min": 150, "grade": "O", "point": 10}, {"min": 0, "grade": "F", "point": 0}}}, "grade_scale"},
		{"scale repeats a grade", map[string]any{"grade_scale": []map[string]any{
			{"min": 60, "grade": "P", "point": 5}, {"min": 40, "grade": "P", "point": 4}, {"min": 0, "grade": "F", "point": 0}}}, "grade_scale"},
		{"scale without a zero row", map[string]any{"grade_scale": []map[string]any{
			{"min": 90, "grade": "O", "point": 10}, {"min": 40, "grade": "P", "point": 4}}}, "grade_scale"},
	}
	countRegs := func() int {
		n, err := w.App.CountRecords(regulations.Collection)
		apptest.Must(t, err)
		return int(n)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := countRegs()
			body := map[string]any{"name": "Bad " + tt.name}
			for k, v := range tt.body {
				body[k] = v
			}
			res := c.Do(http.MethodPost, url, w.Admin.Token, body)
			if res.Status != http.StatusBadRequest || res.Code(tt.field) == "" {
				t.Fatalf("create: %d %s, want 400 naming %s", res.Status, res, tt.field)
			}
			if n := countRegs(); n != before {
				t.Fatalf("create wrote a regulation: %d → %d", before, n)
			}

			// The same change to an existing regulation is refused and
			// leaves it as it was.
			orig, err := w.App.FindRecordById(regulations.Collection, w.Regulation.Id)
			apptest.Must(t, err)
			patch := map[string]any{}
			for k, v := range tt.body {
				patch[k] = v
			}
			res = c.Do(http.MethodPatch, url+"/"+w.Regulation.Id, w.Admin.Token, patch)
			if res.Status != http.StatusBadRequest || res.Code(tt.field) == "" {
				t.Fatalf("update: %d %s, want 400 naming %s", res.Status, res, tt.field)
			}
			after, err := w.App.FindRecordById(regulations.Collection, w.Regulation.Id)
			apptest.Must(t, err)
			if after.GetString("updated") != orig.GetString("updated") {
				t.Fatalf("update changed the regulation")
			}
			for k := range tt.body {
				if after.GetString(k) != orig.GetString(k) {
					t.Fatalf("update changed %s: %q → %q", k, orig.GetString(k), after.GetString(k))
				}
			}

			// An internal save (no request, no rules) is refused as well.
			rec := after.Fresh()
			rec.Load(tt.body)
			if err := w.App.Save(rec); err == nil {
				t.Fatalf("internal save of %v passed", tt.body)
			}
		})
	}

	// A valid regulation, defaults filled in, still saves.
	res := c.Do(http.MethodPost, url, w.Admin.Token, map[string]any{"name": "Good", "semester_min": 3, "semester_max": 3,
		"mentor_criteria": []map[string]any{{"key": "2nd_review", "label": "Second review", "max": 10}}})
	if res.Status != http.StatusOK {
		t.Fatalf("valid create: %d %s", res.Status, res)
	}
}
