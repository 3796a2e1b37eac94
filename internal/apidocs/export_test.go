package apidocs

import "github.com/pocketbase/pocketbase/core"

// FieldSchema is the JSON Schema of the value of field as PocketBase returns
// it in a record of app (relations name their target collection from app's
// schema): what the document builder writes for each field.
func FieldSchema(app core.App, field core.Field) map[string]any {
	b := &builder{app: app}
	return b.valueSchema(field)
}
