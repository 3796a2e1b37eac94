package apidocs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// OpenAPIVersion is the version of the OpenAPI specification the document
// follows.
const OpenAPIVersion = "3.1.0"

// securityScheme names the Authorization header scheme in the document.
const securityScheme = "recordAuth"

// Access levels of an operation, for its security requirement.
const (
	accessPublic   = "public"   // no auth needed
	accessOptional = "optional" // auth changes what the caller sees
	accessRequired = "required" // auth needed
)

// Reference is what both renderings (the OpenAPI document and the HTML
// page) are built from: the live collections and every operation.
type Reference struct {
	// Title and Version describe the API (app name, OpenAPI info.version).
	Title, Version string
	// ServerURL is the app's public URL (settings' meta.appURL).
	ServerURL string
	// Collections are the documented collections, in schema order.
	Collections []CollectionRef
	// Groups are the operations, grouped by tag, in document order.
	Groups []GroupRef
	// OtherGroups are the groups that are not a collection's.
	OtherGroups []GroupRef
	// ErrorCodes are Internbase's ib_ error codes with their meaning.
	ErrorCodes []ErrorCode

	doc obj
}

// CollectionRef describes one collection for the HTML reference.
type CollectionRef struct {
	Name, Type, Schema string
	Fields             []FieldRef
	// Routes are the operations on the collection's records (and, for
	// auth collections, its auth routes).
	Routes []OperationRef
}

// FieldRef describes one field of a collection for the HTML reference.
type FieldRef struct {
	Name, Type, Summary string
	Required            bool
}

// GroupRef is a tag of operations for the HTML reference.
type GroupRef struct {
	Name, Description string
	Operations        []OperationRef
}

// OperationRef is one route for the HTML reference.
type OperationRef struct {
	Method, Path, Summary, Access string
}

// builder assembles a Reference.
type builder struct {
	app     core.App
	paths   obj
	schemas obj
	tags    []any
	ref     *Reference
	groups  map[string]int // tag → index in ref.Groups
}

// Build assembles the reference of app's API from its live schema
// (app.FindAllCollections) and settings.
func Build(app core.App) (*Reference, error) {
	cols, err := app.FindAllCollections()
	if err != nil {
		return nil, err
	}
	b := &builder{app: app, paths: obj{}, schemas: obj{}, groups: map[string]int{}}
	s := app.Settings()
	b.ref = &Reference{Title: s.Meta.AppName, Version: schemaVersion(cols), ServerURL: strings.TrimRight(s.Meta.AppURL, "/")}
	if b.ref.Title == "" {
		b.ref.Title = "Internbase"
	}
	b.ref.ErrorCodes = ErrorCodes()
	b.commonSchemas()

	var documented []*core.Collection
	for _, c := range cols {
		if c.System {
			continue
		}
		documented = append(documented, c)
	}
	// Auth collections (users) first, then the schema's own order.
	sort.SliceStable(documented, func(i, j int) bool { return documented[i].IsAuth() && !documented[j].IsAuth() })
	for _, c := range documented {
		b.collection(c)
	}
	b.customRoutes()
	b.pocketbaseRoutes()
	isCollection := map[string]bool{}
	for i := range b.ref.Collections {
		c := &b.ref.Collections[i]
		isCollection[c.Name] = true
		c.Routes = b.ref.Groups[b.groups[c.Name]].Operations
	}
	for _, g := range b.ref.Groups {
		if !isCollection[g.Name] {
			b.ref.OtherGroups = append(b.ref.OtherGroups, g)
		}
	}

	server := b.ref.ServerURL
	if server == "" {
		server = "/"
	}
	b.ref.doc = obj{
		"openapi": OpenAPIVersion,
		"info": obj{
			"title":   b.ref.Title + " API",
			"version": b.ref.Version,
			"summary": "Credited internships: postings, applications, placements, logbooks, evaluations and verifiable certificates.",
			"description": "The whole HTTP API of " + b.ref.Title + ", generated from the live schema: PocketBase's record endpoints " +
				"for every collection, the auth endpoints of the users collection, files, realtime and batch, and Internbase's " +
				"own routes. PocketBase's superuser-only administration API (collections, settings, logs, backups, crons) is " +
				"not listed. Errors always have the shape of the ApiError schema; Internbase's own codes are listed in IbErrorCode. " +
				"A readable version is at /docs.",
		},
		"servers": []any{obj{"url": server, "description": "This server (settings: application URL)."}},
		"tags":    b.tags,
		"paths":   b.paths,
		"components": obj{
			"schemas":         b.schemas,
			"parameters":      commonParameters(),
			"responses":       commonResponses(),
			"securitySchemes": obj{securityScheme: securitySchemeObject()},
		},
	}
	return b.ref, nil
}

// schemaVersion names the schema the document describes: "schema-" and
// the first 12 hex digits of a SHA-256 of the collections' definitions, so
// that a client can tell when the schema changed.
func schemaVersion(cols []*core.Collection) string {
	b, err := json.Marshal(cols)
	if err != nil {
		return "schema-unknown"
	}
	sum := sha256.Sum256(b)
	return "schema-" + hex.EncodeToString(sum[:6])
}

// Document returns the OpenAPI 3.1 document (a JSON object).
func (r *Reference) Document() map[string]any { return r.doc }

// tag declares a tag (a group of operations) once.
func (b *builder) tag(name, description string) {
	if _, ok := b.groups[name]; ok {
		return
	}
	b.tags = append(b.tags, obj{"name": name, "description": description})
	b.groups[name] = len(b.ref.Groups)
	b.ref.Groups = append(b.ref.Groups, GroupRef{Name: name, Description: description})
}

// op adds an operation to the document and to the HTML reference.
func (b *builder) op(method, path, tag, access, accessText string, o obj) {
	item, _ := b.paths[path].(obj)
	if item == nil {
		item = obj{}
		b.paths[path] = item
	}
	o["tags"] = []any{tag}
	switch access {
	case accessPublic:
		o["security"] = []any{}
	case accessOptional:
		o["security"] = []any{obj{}, obj{securityScheme: []any{}}}
	default:
		o["security"] = []any{obj{securityScheme: []any{}}}
	}
	if accessText != "" {
		if d, _ := o["description"].(string); d != "" {
			o["description"] = d + "\n\nWho: " + accessText
		} else {
			o["description"] = "Who: " + accessText
		}
	}
	responses, _ := o["responses"].(obj)
	if responses == nil {
		responses = obj{}
		o["responses"] = responses
	}
	if _, ok := responses["default"]; !ok {
		responses["default"] = ref("responses", "Error")
	}
	item[strings.ToLower(method)] = o
	summary, _ := o["summary"].(string)
	g := &b.ref.Groups[b.groups[tag]]
	g.Operations = append(g.Operations, OperationRef{Method: method, Path: path, Summary: summary, Access: accessText})
}

// ref is a $ref object to a component.
func ref(kind, name string) obj {
	return obj{"$ref": "#/components/" + kind + "/" + name}
}

// jsonContent is a content map with one JSON media type.
func jsonContent(schema obj) obj {
	return obj{"application/json": obj{"schema": schema}}
}

// response is a response object with a JSON body.
func response(description string, schema obj) obj {
	return obj{"description": description, "content": jsonContent(schema)}
}

// schemaName is the component name of a collection's schemas: "logbook_entries"
// → "LogbookEntries".
func schemaName(collection string) string {
	var sb strings.Builder
	upper := true
	for _, r := range collection {
		if r == '_' || r == '-' || r == '.' {
			upper = true
			continue
		}
		if upper && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		upper = false
		sb.WriteRune(r)
	}
	return sb.String()
}

// ruleAccess maps a collection API rule to an access level and its words.
func ruleAccess(rule *string, action string) (string, string) {
	switch {
	case rule == nil:
		return accessRequired, "superusers only."
	case *rule == "":
		return accessOptional, "anyone, signed in or not."
	}
	level := accessOptional
	if strings.Contains(*rule, "@request.auth") {
		level = accessRequired
	}
	var text string
	switch action {
	case "list":
		text = "callers allowed by the collection's list rule; records the rule does not let them see are left out (a guest gets an empty list)."
	case "view", "update", "delete":
		text = "callers allowed by the collection's " + action + " rule; a record the caller may not " + action + " answers 404."
	case "create":
		text = `callers allowed by the collection's create rule (others get 400 "Failed to create record.").`
	}
	return level, text
}

func (b *builder) collection(c *core.Collection) {
	name := schemaName(c.Name)
	tag := c.Name
	kind := "base"
	if c.IsAuth() {
		kind = "auth"
	} else if c.IsView() {
		kind = "view"
	}
	b.tag(tag, "Records of the "+c.Name+" collection ("+kind+" collection).")

	cref := CollectionRef{Name: c.Name, Type: kind, Schema: name + "Record"}
	record := obj{"type": "object", "title": c.Name + " record"}
	props := obj{
		"collectionId":   obj{"type": "string", "const": c.Id},
		"collectionName": obj{"type": "string", "const": c.Name},
	}
	req := []any{"collectionId", "collectionName"}
	create := obj{}
	createMultipart := obj{}
	update := obj{}
	var createReq, multipartReq []any
	expand := obj{}
	hasFiles := false

	for _, f := range c.Fields {
		fname := f.GetName()
		if f.GetHidden() {
			continue
		}
		props[fname] = b.valueSchema(f)
		if !(c.IsAuth() && fname == core.FieldNameEmail) {
			req = append(req, fname)
		}
		cref.Fields = append(cref.Fields, FieldRef{Name: fname, Type: f.Type(), Summary: b.fieldSummary(f), Required: required(f)})
		if rel, ok := f.(*core.RelationField); ok {
			expand[fname] = b.expandSchema(rel)
		}
		if _, ok := f.(*core.FileField); ok {
			hasFiles = true
		}
		in := b.inputSchema(f)
		if in == nil {
			continue
		}
		create[fname] = in
		update[fname] = in
		createMultipart[fname] = b.multipartSchema(f)
		if required(f) && fname != "id" {
			multipartReq = append(multipartReq, fname)
			if _, isFile := f.(*core.FileField); !isFile {
				createReq = append(createReq, fname)
			}
		}
		b.modifiers(f, update)
	}
	if c.IsAuth() {
		props[core.FieldNameEmail] = obj{"type": "string", "format": "email",
			"description": "Only for the record itself, superusers, and when emailVisibility is true."}
		password := obj{"type": "string", "minLength": 1, "writeOnly": true}
		for _, m := range []obj{create, createMultipart} {
			m["password"], m["passwordConfirm"] = password, password
		}
		createReq = append(createReq, "password", "passwordConfirm")
		multipartReq = append(multipartReq, "password", "passwordConfirm")
		update["password"], update["passwordConfirm"] = password, password
		update["oldPassword"] = merge(obj{"description": "Required with password unless the caller is a superuser."}, password)
	}
	props["expand"] = obj{"type": "object", "properties": expand,
		"description": "Related records asked for with ?expand= (only those the caller may view)."}
	record["properties"] = props
	record["required"] = req
	record["description"] = "A record of " + c.Name + ". Hidden fields are not listed (superusers also receive them). " +
		"With ?fields= only the picked keys are returned."

	updateMultipart := obj{}
	for k, v := range update {
		updateMultipart[k] = v
	}
	for _, f := range c.Fields {
		if ff, ok := f.(*core.FileField); ok && !f.GetHidden() {
			updateMultipart[ff.Name] = b.multipartSchema(ff)
			if ff.IsMultiple() {
				updateMultipart[ff.Name+"+"] = b.multipartSchema(ff)
			}
		}
	}
	payload := obj{"type": "string", "contentMediaType": "application/json",
		"description": "The non-file fields as one JSON object (an alternative to one part per field)."}
	createMultipart["@jsonPayload"], updateMultipart["@jsonPayload"] = payload, payload

	b.schemas[name+"Record"] = record
	b.schemas[name+"List"] = obj{"allOf": []any{ref("schemas", "ListPage"), obj{
		"type": "object", "required": []any{"items"},
		"properties": obj{"items": obj{"type": "array", "items": ref("schemas", name+"Record")}},
	}}}

	recordRef := ref("schemas", name+"Record")
	listAccess, listText := ruleAccess(c.ListRule, "list")
	base := "/api/collections/" + c.Name + "/records"
	b.op(http.MethodGet, base, tag, listAccess, listText, obj{
		"operationId": "list" + name,
		"summary":     "List " + c.Name,
		"description": "A page of " + c.Name + " records, filtered by the collection's list rule.",
		"parameters": []any{ref("parameters", "page"), ref("parameters", "perPage"), ref("parameters", "sort"),
			ref("parameters", "filter"), ref("parameters", "expand"), ref("parameters", "fields"), ref("parameters", "skipTotal")},
		"responses": obj{
			"200": response("A page of records.", ref("schemas", name+"List")),
			"400": ref("responses", "BadRequest"),
			"403": ref("responses", "Forbidden"),
		},
	})
	viewAccess, viewText := ruleAccess(c.ViewRule, "view")
	item := base + "/{id}"
	b.op(http.MethodGet, item, tag, viewAccess, viewText, obj{
		"operationId": "view" + name,
		"summary":     "View a record of " + c.Name,
		"parameters":  []any{ref("parameters", "recordId"), ref("parameters", "expand"), ref("parameters", "fields")},
		"responses": obj{
			"200": response("The record.", recordRef),
			"403": ref("responses", "Forbidden"),
			"404": ref("responses", "NotFound"),
		},
	})
	if c.IsView() {
		b.ref.Collections = append(b.ref.Collections, cref)
		return
	}

	b.schemas[name+"Create"] = obj{"type": "object", "properties": create, "required": nonNil(createReq)}
	b.schemas[name+"Update"] = obj{"type": "object", "properties": update,
		"description": "Only the fields to change. Multi-value and number fields also take the modifiers name+ (append, add) and name- (remove, subtract)."}
	createBody := obj{"required": true, "content": jsonContent(ref("schemas", name+"Create"))}
	updateBody := obj{"required": true, "content": jsonContent(ref("schemas", name+"Update"))}
	if hasFiles {
		b.schemas[name+"CreateMultipart"] = obj{"type": "object", "properties": createMultipart, "required": nonNil(multipartReq)}
		b.schemas[name+"UpdateMultipart"] = obj{"type": "object", "properties": updateMultipart}
		createBody["content"].(obj)["multipart/form-data"] = obj{"schema": ref("schemas", name+"CreateMultipart")}
		updateBody["content"].(obj)["multipart/form-data"] = obj{"schema": ref("schemas", name+"UpdateMultipart")}
	}

	createAccess, createText := ruleAccess(c.CreateRule, "create")
	b.op(http.MethodPost, base, tag, createAccess, createText, obj{
		"operationId": "create" + name,
		"summary":     "Create a record in " + c.Name,
		"parameters":  []any{ref("parameters", "expand"), ref("parameters", "fields")},
		"requestBody": createBody,
		"responses": obj{
			"200": response("The created record.", recordRef),
			"400": ref("responses", "BadRequest"),
			"403": ref("responses", "Forbidden"),
		},
	})
	updateAccess, updateText := ruleAccess(c.UpdateRule, "update")
	b.op(http.MethodPatch, item, tag, updateAccess, updateText, obj{
		"operationId": "update" + name,
		"summary":     "Update a record of " + c.Name,
		"parameters":  []any{ref("parameters", "recordId"), ref("parameters", "expand"), ref("parameters", "fields")},
		"requestBody": updateBody,
		"responses": obj{
			"200": response("The updated record.", recordRef),
			"400": ref("responses", "BadRequest"),
			"403": ref("responses", "Forbidden"),
			"404": ref("responses", "NotFound"),
		},
	})
	deleteAccess, deleteText := ruleAccess(c.DeleteRule, "delete")
	b.op(http.MethodDelete, item, tag, deleteAccess, deleteText, obj{
		"operationId": "delete" + name,
		"summary":     "Delete a record of " + c.Name,
		"parameters":  []any{ref("parameters", "recordId")},
		"responses": obj{
			"204": obj{"description": "Deleted."},
			"400": ref("responses", "BadRequest"),
			"403": ref("responses", "Forbidden"),
			"404": ref("responses", "NotFound"),
		},
	})
	if c.IsAuth() {
		b.authRoutes(c, tag, name)
	}
	b.ref.Collections = append(b.ref.Collections, cref)
}

// expandSchema is the schema of one relation in a record's expand object.
func (b *builder) expandSchema(f *core.RelationField) obj {
	target, err := b.app.FindCachedCollectionByNameOrId(f.CollectionId)
	var one obj
	if err != nil || target.System {
		one = obj{"type": "object", "description": "The related record."}
	} else {
		one = ref("schemas", schemaName(target.Name)+"Record")
	}
	if f.IsMultiple() {
		return obj{"type": "array", "items": one}
	}
	return one
}

// modifiers adds the name+ / name- modifier keys of a field to an update
// body schema.
func (b *builder) modifiers(field core.Field, update obj) {
	name := field.GetName()
	switch f := field.(type) {
	case *core.NumberField:
		update[name+"+"] = obj{"type": "number", "description": "Adds to the stored value."}
		update[name+"-"] = obj{"type": "number", "description": "Subtracts from the stored value."}
	case *core.RelationField:
		if f.IsMultiple() {
			one := obj{"anyOf": []any{obj{"type": "string"}, obj{"type": "array", "items": obj{"type": "string"}}}}
			update[name+"+"] = merge(obj{"description": "Ids to append."}, one)
			update[name+"-"] = merge(obj{"description": "Ids to remove."}, one)
		}
	case *core.SelectField:
		if f.IsMultiple() {
			one := obj{"anyOf": []any{obj{"type": "string"}, obj{"type": "array", "items": obj{"type": "string"}}}}
			update[name+"+"] = merge(obj{"description": "Values to append."}, one)
			update[name+"-"] = merge(obj{"description": "Values to remove."}, one)
		}
	case *core.FileField:
		update[name+"-"] = obj{"anyOf": []any{obj{"type": "string"}, obj{"type": "array", "items": obj{"type": "string"}}},
			"description": "Names of stored files to delete."}
	}
}

func nonNil(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}
