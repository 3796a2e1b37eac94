package apidocs

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/organizations"
	"github.com/internbase/internbase/internal/users"
)

// onboardingTag groups the roster import and the host registration
// (DESIGN.md §11).
const onboardingTag = "onboarding"

// onboardingRoutes documents POST /api/ib/institutions/{id}/roster and
// POST /api/ib/hosts/register.
func (b *builder) onboardingRoutes() {
	b.tag(onboardingTag, "Onboarding: a college imports its students from a roster CSV; a host organisation registers itself with its first supervisor.")
	b.rosterRoute()
	b.hostRegisterRoute()
}

func (b *builder) rosterRoute() {
	results := []any{users.RowCreated, users.RowUpdated, users.RowUnchanged, users.RowError}
	b.schemas["RosterRowReport"] = obj{"type": "object", "additionalProperties": false,
		"required":    []any{"row", "register_no", "result", "message"},
		"description": "What the import did (or, in a dry run, would do) with one row of the file.",
		"properties": obj{
			"row":         obj{"type": "integer", "minimum": 2, "description": "The row number in the file (the header is row 1)."},
			"register_no": str,
			"result":      obj{"type": "string", "enum": results},
			"message":     obj{"type": "string", "description": "A sentence for the coordinator: what changed, or what to fix."},
		}}
	count := obj{"type": "integer", "minimum": 0}
	b.schemas["RosterReport"] = obj{"type": "object", "additionalProperties": false,
		"required":    []any{"rows", "created", "updated", "unchanged", "errors"},
		"description": "One entry per student row, in file order, and the totals per result.",
		"properties": obj{
			"rows":    obj{"type": "array", "items": ref("schemas", "RosterRowReport")},
			"created": count, "updated": count, "unchanged": count, "errors": count,
		},
		"examples": []any{obj{
			"rows": []any{
				obj{"row": 2, "register_no": "MCP-001", "result": users.RowCreated,
					"message": "Created and enrolled; the student signs in with a code mailed to anjali@example.edu."},
				obj{"row": 3, "register_no": "MCP-002", "result": users.RowError, "message": "The semester must be a whole number from 1 to 8."},
			},
			"created": 1, "updated": 0, "unchanged": 0, "errors": 1,
		}}}

	header := strings.Join(users.RosterColumns, ",")
	example := header + "\nMCP-001,Anjali Menon,anjali@example.edu,BSc Physics,5,123456789012,+91 94470 12345\n"
	csvFile := obj{"type": "string", "contentMediaType": "text/csv",
		"description": fmt.Sprintf("UTF-8 CSV (an optional byte-order mark), at most %d MB and %d students. The header row names "+
			"the columns in any order: %s; register_no, name, email and semester (1 to 8) are required, apaar_id is 12 digits. "+
			"The columns result and message of a report are ignored, so a report can be fixed and uploaded again.",
			users.MaxRosterBytes>>20, users.MaxRosterRows, strings.Join(users.RosterColumns, ", ")),
		"examples": []any{example}}
	reportColumns := append(append([]string{}, users.RosterColumns...), "result", "message")
	reportCSV := obj{"type": "string",
		"pattern": "^" + regexp.QuoteMeta(strings.Join(reportColumns, ",")) + "\r?\n",
		"description": "The roster as sent with two more columns, result and message, one row per student in file order: " +
			"fix the error rows and upload the file again. A cell a spreadsheet would run as a formula starts with an apostrophe.",
		"examples": []any{strings.Join(reportColumns, ",") + "\nMCP-001,Anjali Menon,anjali@example.edu,BSc Physics,5,123456789012,+91 94470 12345," +
			users.RowUnchanged + ",Already on the roster as given.\n"}}
	apiError := ref("schemas", "ApiError")
	missingColumn := "The header row lacks the column(s) email; the first row must name the columns (" + header + ")."

	b.op(http.MethodPost, users.RosterPath, onboardingTag, accessRequired, "the coordinators of that institution, superusers.", obj{
		"operationId": "importRoster",
		"summary":     "Import an institution's students from a roster CSV",
		"description": "Each row creates or updates the student of that register number in the institution (enrolled, " +
			"without a password: they sign in by a one-time code mailed to them or set a password through the reset flow). " +
			"Each row is saved all or nothing; a bad row (a missing value, an email address of another account, a malformed " +
			"APAAR id, a semester out of range) is an error in the report and the other rows are still imported. " +
			"The same file twice changes nothing (every row unchanged). Students of other institutions are never touched.",
		"parameters": []any{
			obj{"name": "id", "in": "path", "required": true, "description": "The institution's record id.",
				"schema": obj{"type": "string", "minLength": 1}},
			obj{"name": "dry_run", "in": "query", "required": false,
				"description": "1 (or true): check every row and report what an import would do, writing nothing.",
				"schema":      obj{"type": "string", "enum": []any{"1", "true"}}},
			obj{"name": "format", "in": "query", "required": false,
				"description": "csv: answer the report as a CSV file (the roster columns, then result and message) instead of JSON.",
				"schema":      obj{"type": "string", "enum": []any{"json", "csv"}, "default": "json"}},
		},
		"requestBody": obj{"required": true,
			"description": "The roster, as the body (text/csv; application/csv and text/plain are read the same way) or as the multipart form field file.",
			"content": obj{
				"text/csv":        obj{"schema": csvFile},
				"application/csv": obj{"schema": csvFile},
				"text/plain":      obj{"schema": csvFile},
				"multipart/form-data": obj{"schema": obj{"type": "object", "required": []any{"file"},
					"properties": obj{"file": csvFile}}},
			}},
		"responses": obj{
			"200": obj{"description": "The report: one entry per row (with dry_run, what would happen).",
				"headers": obj{"Content-Disposition": obj{"required": false,
					"description": `With format=csv: attachment; filename="roster-report.csv".`, "schema": str}},
				"content": obj{
					"application/json": obj{"schema": ref("schemas", "RosterReport")},
					"text/csv":         obj{"schema": reportCSV},
				}},
			"400": response("The file was refused whole and nothing was written: data.file.code is validation_invalid_file when it is "+
				"not UTF-8 CSV, has no header row, names an unknown, repeated or missing column, has a row with more cells than "+
				"the header, or more than the allowed students (the message says what to fix); validation_required when the "+
				"multipart form has no field file; no field error when the body is neither CSV nor multipart.",
				merge(obj{"examples": []any{obj{"status": 400, "message": missingColumn,
					"data": obj{"file": obj{"code": "validation_invalid_file", "message": missingColumn}}}}}, apiError)),
			"401": ref("responses", "Unauthorized"),
			"403": response("The caller is not a coordinator of this institution (nor a superuser).", apiError),
			"404": response("No institution has this id.", apiError),
			"413": response(fmt.Sprintf("The file is larger than %d MB; split it into smaller files.", users.MaxRosterBytes>>20), apiError),
		},
	})
}

// liveInput is the JSON-body schema of a field of a live collection, or a
// plain string when the collection or field is missing.
func (b *builder) liveInput(collection, field string) (schema obj, isRequired bool) {
	c, err := b.app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return obj{"type": "string"}, false
	}
	f := c.Fields.GetByName(field)
	if f == nil {
		return obj{"type": "string"}, false
	}
	if pf, ok := f.(*core.PasswordField); ok {
		s := obj{"type": "string", "writeOnly": true}
		if pf.Min > 0 {
			s["minLength"] = pf.Min
		}
		if pf.Max > 0 {
			s["maxLength"] = pf.Max
		}
		return s, true
	}
	s := b.inputSchema(f)
	if s == nil {
		return obj{"type": "string"}, false
	}
	return s, required(f)
}

func (b *builder) hostRegisterRoute() {
	part := func(collection string, fields []string, alwaysRequired []string, notes map[string]string) obj {
		props, req := obj{}, []any{}
		for _, name := range fields {
			s, isReq := b.liveInput(collection, name)
			if n := notes[name]; n != "" {
				s = merge(obj{}, s)
				s["description"] = n
			}
			props[name] = s
			for _, r := range alwaysRequired {
				isReq = isReq || r == name
			}
			if isReq {
				req = append(req, name)
			}
		}
		return obj{"type": "object", "additionalProperties": false, "required": req, "properties": props}
	}
	org := part(organizations.Collection, []string{"name", "kind", "district", "website", "gstin", "cin"},
		[]string{"name", "kind", "district"}, map[string]string{
			"gstin": "The 15-character GSTIN (optional), any case; stored in capitals and checked with its check character.",
			"cin":   "The 21-character corporate identity number (optional), any case; stored in capitals.",
		})
	sup := part(users.Collection, []string{"name", "email", "password"}, []string{"name", "email", "password"},
		map[string]string{"email": "The supervisor's email address; it must not belong to another account (any case)."})
	b.schemas["HostRegistration"] = obj{"type": "object", "additionalProperties": false,
		"required":    []any{"organization", "supervisor"},
		"description": "A new host organisation and its first supervisor. Unknown fields (verified, registered_by, …) are refused with 400.",
		"properties":  obj{"organization": org, "supervisor": sup},
		"examples": []any{obj{
			"organization": obj{"name": "Kappa Labs", "kind": "startup", "district": "Kozhikode", "website": "https://kappa.example",
				"gstin": "27AAPFU0939F1ZV", "cin": "U72200KL2019PTC012345"},
			"supervisor": obj{"name": "Nila Menon", "email": "nila@kappa.example", "password": "a long passphrase"},
		}}}

	orgRecord, userRecord := b.recordRef(organizations.Collection), b.recordRef(users.Collection)
	b.schemas["HostRegistered"] = obj{"type": "object", "additionalProperties": false,
		"required":    []any{"organization", "supervisor"},
		"description": "Both new records: the organization (verified false, registered_by the supervisor) and its supervisor (role supervisor).",
		"properties":  obj{"organization": orgRecord, "supervisor": userRecord}}

	fieldErrors := obj{"type": "object", "minProperties": 1, "additionalProperties": ref("schemas", "FieldError")}
	b.schemas["HostRegistrationError"] = apiErrorSchema(
		"A refused registration (nothing was written): the field errors sit under the part they belong to, "+
			"data.organization.<field> or data.supervisor.<field>; data is empty when the body is not the JSON described.",
		obj{"type": "object", "additionalProperties": false,
			"properties": obj{"organization": fieldErrors, "supervisor": fieldErrors}},
		obj{"status": 400, "message": "Check the supervisor details: Value must be unique (email).",
			"data": obj{"supervisor": obj{"email": obj{"code": "validation_not_unique", "message": "Value must be unique."}}}})

	b.op(http.MethodPost, users.HostRegisterPath, onboardingTag, accessPublic,
		"guests only (a signed-in caller gets 403); rate-limited like sign-up: 10 a minute per address.", obj{
			"operationId": "registerHost",
			"summary":     "Register a host organisation with its first supervisor",
			"description": "Creates the organization (verified false, so its postings stay drafts until a coordinator or " +
				"superuser verifies it: opening one answers ib_unverified) and its first supervisor in one transaction. " +
				"The supervisor then signs in with the email and password given.",
			"requestBody": body(ref("schemas", "HostRegistration")),
			"responses": obj{
				"200": response("The organization and the supervisor created.", ref("schemas", "HostRegistered")),
				"400": response("Refused; nothing was written.", ref("schemas", "HostRegistrationError")),
				"403": response("The caller is signed in.", ref("schemas", "ApiError")),
				"429": ref("responses", "TooManyRequests"),
			},
		})
}

// recordRef is the $ref of a collection's record schema, or any object when
// the collection is not documented.
func (b *builder) recordRef(collection string) obj {
	name := schemaName(collection) + "Record"
	if _, ok := b.schemas[name]; !ok {
		return obj{"type": "object"}
	}
	return ref("schemas", name)
}
