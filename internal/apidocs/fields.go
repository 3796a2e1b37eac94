package apidocs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// obj is one JSON object of the document (a schema, an operation, …).
type obj = map[string]any

// DatePattern matches a date as PocketBase writes it in JSON:
// "2006-01-02 15:04:05.000Z" (UTC, a space instead of RFC 3339's "T").
const DatePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$`

// dateDescription explains PocketBase's date strings.
const dateDescription = `A UTC date-time in PocketBase's layout "2006-01-02 15:04:05.000Z" ` +
	`(RFC 3339 with a space instead of "T" and always three fraction digits).`

// emptyOr allows the empty string besides the constraints c: PocketBase
// stores an unset optional text, email, URL, date, select or relation as "".
func emptyOr(base, c obj) obj {
	if len(c) == 0 {
		return base
	}
	base["anyOf"] = []any{c, obj{"const": ""}}
	return base
}

// merge copies the keys of c into base.
func merge(base, c obj) obj {
	for k, v := range c {
		base[k] = v
	}
	return base
}

// textMax is the effective maximum length of a text field (0 means 5000).
func textMax(f *core.TextField) int {
	if f.Max > 0 {
		return f.Max
	}
	return 5000
}

// num renders a float bound the shortest way (1, 0.5).
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// relationTarget is the name of the collection a relation points to.
func (b *builder) relationTarget(f *core.RelationField) string {
	if c, err := b.app.FindCachedCollectionByNameOrId(f.CollectionId); err == nil {
		return c.Name
	}
	return f.CollectionId
}

// valueSchema is the JSON Schema of a field's value as PocketBase returns it
// in a record.
func (b *builder) valueSchema(field core.Field) obj {
	switch f := field.(type) {
	case *core.TextField:
		s := obj{"type": "string", "maxLength": textMax(f)}
		c := obj{}
		if f.Min > 0 {
			c["minLength"] = f.Min
		}
		if f.Pattern != "" {
			c["pattern"] = f.Pattern
		}
		if f.Required || f.PrimaryKey {
			if f.Min == 0 {
				c["minLength"] = 1
			}
			return merge(s, c)
		}
		return emptyOr(s, c)
	case *core.EditorField:
		return obj{"type": "string", "contentMediaType": "text/html", "description": "Rich text (HTML)."}
	case *core.NumberField:
		s := obj{"type": "number"}
		if f.OnlyInt {
			s["type"] = "integer"
		}
		c := obj{}
		if f.Min != nil {
			c["minimum"] = *f.Min
		}
		if f.Max != nil {
			c["maximum"] = *f.Max
		}
		// PocketBase stores an unset number as 0 and checks the bounds of
		// non-zero values only.
		zeroOutside := (f.Min != nil && *f.Min > 0) || (f.Max != nil && *f.Max < 0)
		if !f.Required && zeroOutside {
			s["anyOf"] = []any{c, obj{"const": 0}}
			return s
		}
		return merge(s, c)
	case *core.BoolField:
		return obj{"type": "boolean"}
	case *core.EmailField:
		if f.Required {
			return obj{"type": "string", "format": "email"}
		}
		return emptyOr(obj{"type": "string"}, obj{"format": "email"})
	case *core.URLField:
		if f.Required {
			return obj{"type": "string", "format": "uri"}
		}
		return emptyOr(obj{"type": "string"}, obj{"format": "uri"})
	case *core.DateField:
		s := obj{"type": "string", "description": dateDescription, "examples": []any{"2026-07-01 00:00:00.000Z"}}
		if f.Required {
			s["pattern"] = DatePattern
			return s
		}
		return emptyOr(s, obj{"pattern": DatePattern})
	case *core.AutodateField:
		return obj{"type": "string", "pattern": DatePattern, "readOnly": true,
			"description": dateDescription + " Set by the server.", "examples": []any{"2026-07-01 09:30:00.000Z"}}
	case *core.SelectField:
		values := make([]any, 0, len(f.Values)+1)
		for _, v := range f.Values {
			values = append(values, v)
		}
		if f.IsMultiple() {
			s := obj{"type": "array", "uniqueItems": true, "maxItems": f.MaxSelect,
				"items": obj{"type": "string", "enum": values}}
			if f.Required {
				s["minItems"] = 1
			}
			return s
		}
		if !f.Required {
			values = append(values, "")
		}
		return obj{"type": "string", "enum": values}
	case *core.RelationField:
		target := b.relationTarget(f)
		if f.IsMultiple() {
			s := obj{"type": "array", "uniqueItems": true, "items": obj{"type": "string", "minLength": 1},
				"description": "Ids of records in " + target + "."}
			if f.MaxSelect > 0 {
				s["maxItems"] = f.MaxSelect
			}
			if f.MinSelect > 0 {
				s["minItems"] = f.MinSelect
			} else if f.Required {
				s["minItems"] = 1
			}
			return s
		}
		s := obj{"type": "string", "description": "Id of a record in " + target + "."}
		if f.Required {
			s["minLength"] = 1
		} else {
			s["description"] = "Id of a record in " + target + ` ("" when none).`
		}
		return s
	case *core.FileField:
		desc := "File name; download it from /api/files/{collection}/{recordId}/{filename}."
		if f.Protected {
			desc += " Protected: the download needs ?token= (POST /api/files/token)."
		}
		if f.IsMultiple() {
			return obj{"type": "array", "items": obj{"type": "string", "minLength": 1}, "maxItems": f.MaxSelect, "description": "File names. " + desc}
		}
		return obj{"type": "string", "description": desc + ` "" when none.`}
	case *core.JSONField:
		return obj{"description": "Any JSON value (null when unset)."}
	case *core.GeoPointField:
		return obj{"type": "object", "required": []any{"lon", "lat"}, "additionalProperties": false, "properties": obj{
			"lon": obj{"type": "number", "minimum": -180, "maximum": 180},
			"lat": obj{"type": "number", "minimum": -90, "maximum": 90},
		}}
	}
	return obj{"description": "A " + field.Type() + " value."}
}

// inputSchema is the JSON Schema of a field in a JSON request body (nil
// when clients do not send it).
func (b *builder) inputSchema(field core.Field) obj {
	switch f := field.(type) {
	case *core.AutodateField, *core.PasswordField:
		return nil
	case *core.DateField:
		return obj{"type": "string", "description": `A date or date-time: "2026-07-01", "2026-07-01 09:30:00.000Z" or RFC 3339; "" clears it.`}
	case *core.FileField:
		if f.IsMultiple() {
			return obj{"type": "array", "items": obj{"type": "string"},
				"description": "Names of stored files to keep; upload new files with multipart/form-data."}
		}
		return obj{"type": "string", "description": `"" deletes the stored file; upload a file with multipart/form-data.`}
	case *core.JSONField:
		return obj{"description": fmt.Sprintf("Any JSON value, at most %d bytes.", jsonMax(f))}
	}
	s := b.valueSchema(field)
	delete(s, "readOnly")
	return s
}

// multipartSchema is the schema of a field in a multipart/form-data body:
// file fields carry binary parts, the others their text form.
func (b *builder) multipartSchema(field core.Field) obj {
	f, ok := field.(*core.FileField)
	if !ok {
		return b.inputSchema(field)
	}
	part := obj{"type": "string", "contentMediaType": "application/octet-stream"}
	if len(f.MimeTypes) == 1 {
		part["contentMediaType"] = f.MimeTypes[0]
	}
	if f.IsMultiple() {
		return obj{"type": "array", "items": part, "maxItems": f.MaxSelect, "description": upper(fileRules(f))}
	}
	part["description"] = upper(fileRules(f))
	return part
}

func jsonMax(f *core.JSONField) int64 {
	if f.MaxSize > 0 {
		return f.MaxSize
	}
	return core.DefaultJSONFieldMaxSize
}

// fileRules describes the limits of a file field.
func fileRules(f *core.FileField) string {
	max := f.MaxSize
	if max <= 0 {
		max = core.DefaultFileFieldMaxSize
	}
	s := "at most " + humanBytes(max) + " per file"
	if len(f.MimeTypes) > 0 {
		s += "; types " + strings.Join(f.MimeTypes, ", ")
	}
	return s + "."
}

// upper capitalises the first letter of a sentence.
func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// fieldSummary describes a field's type and constraints in words, for the
// HTML reference.
func (b *builder) fieldSummary(field core.Field) string {
	var parts []string
	add := func(s string, args ...any) { parts = append(parts, fmt.Sprintf(s, args...)) }
	switch f := field.(type) {
	case *core.TextField:
		if f.Min > 0 && f.Min == textMax(f) {
			add("exactly %d characters", f.Min)
		} else if f.Min > 0 {
			add("%d–%d characters", f.Min, textMax(f))
		} else {
			add("up to %d characters", textMax(f))
		}
		if f.Pattern != "" {
			add("pattern %s", f.Pattern)
		}
	case *core.EditorField:
		add("HTML")
	case *core.NumberField:
		if f.OnlyInt {
			add("integer")
		}
		switch {
		case f.Min != nil && f.Max != nil:
			add("%s–%s", num(*f.Min), num(*f.Max))
		case f.Min != nil:
			add("≥ %s", num(*f.Min))
		case f.Max != nil:
			add("≤ %s", num(*f.Max))
		}
		if !f.Required {
			add("0 when unset")
		}
	case *core.DateField:
		add(`"2006-01-02 15:04:05.000Z"`)
	case *core.AutodateField:
		add(`"2006-01-02 15:04:05.000Z", set by the server`)
	case *core.SelectField:
		if f.IsMultiple() {
			add("any of (up to %d): %s", f.MaxSelect, strings.Join(f.Values, ", "))
		} else {
			add("one of: %s", strings.Join(f.Values, ", "))
		}
	case *core.RelationField:
		if f.IsMultiple() {
			add("ids of records in %s (up to %d)", b.relationTarget(f), f.MaxSelect)
		} else {
			add("id of a record in %s", b.relationTarget(f))
		}
	case *core.FileField:
		if f.IsMultiple() {
			add("up to %d files", f.MaxSelect)
		} else {
			add("one file")
		}
		add("%s", strings.TrimSuffix(fileRules(f), "."))
		if f.Protected {
			add("protected (download with a file token)")
		}
	case *core.JSONField:
		add("any JSON, up to %s", humanBytes(jsonMax(f)))
	}
	if field.GetSystem() {
		add("system field")
	}
	return strings.Join(parts, "; ")
}

// required reports whether a field is marked required in the schema.
func required(field core.Field) bool {
	switch f := field.(type) {
	case *core.TextField:
		return f.Required
	case *core.EditorField:
		return f.Required
	case *core.NumberField:
		return f.Required
	case *core.BoolField:
		return f.Required
	case *core.EmailField:
		return f.Required
	case *core.URLField:
		return f.Required
	case *core.DateField:
		return f.Required
	case *core.SelectField:
		return f.Required
	case *core.RelationField:
		return f.Required
	case *core.FileField:
		return f.Required
	case *core.JSONField:
		return f.Required
	case *core.GeoPointField:
		return f.Required
	}
	return false
}
