package apidocs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apidocs"
	"github.com/internbase/internbase/internal/apptest"
)

func ptr(v float64) *float64 { return &v }

// TestFieldSchemas checks the JSON Schema of every PocketBase field type
// against the values PocketBase stores and returns: each case's good values
// must validate and its bad values must not (with the same library and
// format assertions as the document test).
func TestFieldSchemas(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	cases := []struct {
		name      string
		field     core.Field
		good, bad []string // JSON values
	}{
		{"optional text with pattern", &core.TextField{Name: "v", Max: 12, Pattern: `^[0-9]{12}$`},
			[]string{`""`, `"123456789012"`}, []string{`"12"`, `"1234567890123"`, `5`, `null`}},
		{"required text with bounds", &core.TextField{Name: "v", Min: 3, Max: 5, Required: true},
			[]string{`"abc"`, `"abcde"`}, []string{`""`, `"ab"`, `"abcdef"`}},
		{"text counts characters, not bytes", &core.TextField{Name: "v", Max: 3},
			[]string{`"ഴഴഴ"`}, []string{`"ഴഴഴഴ"`}},
		{"text without max (5000)", &core.TextField{Name: "v"},
			[]string{`""`, `"` + strings.Repeat("a", 5000) + `"`}, []string{`"` + strings.Repeat("a", 5001) + `"`}},
		{"optional integer 1–8 (0 = unset)", &core.NumberField{Name: "v", Min: ptr(1), Max: ptr(8), OnlyInt: true},
			[]string{`0`, `1`, `8`}, []string{`9`, `1.5`, `-1`, `"3"`}},
		{"required number ≥ 0", &core.NumberField{Name: "v", Min: ptr(0), Required: true},
			[]string{`2.5`, `0.5`}, []string{`-1`, `null`}},
		{"bool", &core.BoolField{Name: "v"}, []string{`true`, `false`}, []string{`"true"`, `0`}},
		{"optional email", &core.EmailField{Name: "v"}, []string{`""`, `"a@example.org"`}, []string{`"not-an-email"`}},
		{"required email", &core.EmailField{Name: "v", Required: true}, []string{`"a@example.org"`}, []string{`""`}},
		{"optional url", &core.URLField{Name: "v"}, []string{`""`, `"https://example.org/a"`}, []string{`"not a url"`}},
		{"optional date", &core.DateField{Name: "v"},
			[]string{`""`, `"2026-07-01 00:00:00.000Z"`}, []string{`"2026-07-01T00:00:00Z"`, `"2026-07-01"`, `null`}},
		{"required date", &core.DateField{Name: "v", Required: true},
			[]string{`"2026-07-01 09:30:05.123Z"`}, []string{`""`}},
		{"autodate", &core.AutodateField{Name: "v", OnCreate: true}, []string{`"2026-07-01 09:30:00.000Z"`}, []string{`""`}},
		{"optional select", &core.SelectField{Name: "v", Values: []string{"a", "b"}, MaxSelect: 1},
			[]string{`"a"`, `""`}, []string{`"c"`, `["a"]`}},
		{"required select", &core.SelectField{Name: "v", Values: []string{"a", "b"}, MaxSelect: 1, Required: true},
			[]string{`"b"`}, []string{`""`}},
		{"required multi select", &core.SelectField{Name: "v", Values: []string{"a", "b", "c"}, MaxSelect: 2, Required: true},
			[]string{`["a"]`, `["a","b"]`}, []string{`[]`, `["a","a"]`, `["d"]`, `"a"`, `["a","b","c"]`}},
		{"optional relation", &core.RelationField{Name: "v", CollectionId: "_pb_users_auth_", MaxSelect: 1},
			[]string{`""`, `"abc123def456ghi"`}, []string{`1`, `["abc"]`}},
		{"multi relation", &core.RelationField{Name: "v", CollectionId: "_pb_users_auth_", MaxSelect: 3},
			[]string{`[]`, `["a","b"]`}, []string{`"a"`, `["a","a"]`, `["a","b","c","d"]`}},
		{"single file", &core.FileField{Name: "v", MaxSelect: 1}, []string{`""`, `"cv_abc123.pdf"`}, []string{`["cv.pdf"]`}},
		{"multi file", &core.FileField{Name: "v", MaxSelect: 2}, []string{`[]`, `["a.pdf","b.png"]`}, []string{`"a.pdf"`, `["a","b","c"]`}},
		{"json", &core.JSONField{Name: "v"}, []string{`null`, `{"a":1}`, `[1,2]`, `"s"`, `3`}, nil},
		{"editor", &core.EditorField{Name: "v"}, []string{`""`, `"<p>Hi</p>"`}, []string{`1`}},
		{"geo point", &core.GeoPointField{Name: "v"}, []string{`{"lon":76.27,"lat":9.93}`}, []string{`{"lon":200,"lat":0}`, `{"lat":1}`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			schema := apidocs.FieldSchema(app, tc.field)
			v := fieldValidator(t, schema)
			check := func(value string) bool {
				req := httptest.NewRequest(http.MethodGet, "/x", nil)
				res := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
					Body: io.NopCloser(strings.NewReader(`{"v":` + value + `}`)), Request: req}
				ok, _ := v.ValidateHttpResponse(req, res)
				return ok
			}
			for _, g := range tc.good {
				if !check(g) {
					t.Errorf("%s refused by %v", g, schema)
				}
			}
			for _, b := range tc.bad {
				if check(b) {
					t.Errorf("%s accepted by %v", b, schema)
				}
			}
		})
	}
}

// fieldValidator is a validator of a one-route document whose 200 answer is
// {"v": <schema>}.
func fieldValidator(t *testing.T, schema map[string]any) validator.Validator {
	t.Helper()
	doc := map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "field", "version": "1"},
		"paths": map[string]any{"/x": map[string]any{"get": map[string]any{"responses": map[string]any{
			"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{
				"schema": map[string]any{"type": "object", "required": []any{"v"}, "properties": map[string]any{"v": schema}},
			}}},
		}}}},
	}
	b, err := json.Marshal(doc)
	apptest.Must(t, err)
	d, err := libopenapi.NewDocument(b)
	apptest.Must(t, err)
	v, errs := validator.NewValidator(d, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("document: %s", describe(verrs))
	}
	return v
}
