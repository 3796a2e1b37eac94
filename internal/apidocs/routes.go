package apidocs

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/reports"
	"github.com/pocketbase/pocketbase/core"
)

// ErrorCode is one of Internbase's ib_ error codes (DESIGN.md §5).
type ErrorCode struct {
	Code, When string
}

// ErrorCodes returns the ib_ codes that Internbase's errors carry in
// data.<field>.code, with when each is answered.
func ErrorCodes() []ErrorCode {
	return []ErrorCode{
		{apierror.CodeInvalidTransition, "A status move that is not in the workflow (on status)."},
		{apierror.CodeForbiddenField, "The caller sent a field they may not set or change."},
		{apierror.CodeClosed, "The internship is not open or its deadline has passed."},
		{apierror.CodeNotEligible, "The student's institution or semester is not allowed."},
		{apierror.CodePrerequisites, "Required courses are not completed."},
		{apierror.CodeDuplicate, "A second application, logbook entry for a date, or evaluation."},
		{apierror.CodeBusy, "The student already has an ongoing placement."},
		{apierror.CodeNoSeats, "Offers plus acceptances would exceed the seats."},
		{apierror.CodeOfferExpired, "Accepting after offer_expires_at."},
		{apierror.CodeOutOfRange, "A date or number outside its allowed window."},
		{apierror.CodeLocked, "The record was reviewed, approved, submitted or is terminal."},
		{apierror.CodeIncomplete, "Completion conditions are not met."},
		{apierror.CodeFee, "A posting that charges students cannot open, take a fee, or receive applications."},
		{apierror.CodeNotEnrolled, "The student's college has not confirmed their enrolment."},
		{apierror.CodeUnverified, "A posting of an unverified host organisation cannot open."},
		{apierror.CodeFilter, "A client filter or sort (list, view, realtime options, batch) through a back-relation, a multi-valued relation or @collection, which could reveal records the caller may not read (on filter or sort)."},
	}
}

func securitySchemeObject() obj {
	return obj{
		"type":         "http",
		"scheme":       "bearer",
		"bearerFormat": "JWT",
		"description": "A record auth token (users or _superusers) from an auth-with-* or auth-refresh response, " +
			"sent as the Authorization header. PocketBase also accepts the token without the \"Bearer \" prefix.",
	}
}

func (b *builder) commonSchemas() {
	codes := []any{}
	table := ""
	for _, c := range ErrorCodes() {
		codes = append(codes, c.Code)
		table += "\n- `" + c.Code + "`: " + c.When
	}
	b.schemas["IbErrorCode"] = obj{"type": "string", "enum": codes,
		"description": "Internbase's own error codes:" + table}
	b.schemas["ErrorCode"] = obj{"type": "string", "anyOf": []any{
		ref("schemas", "IbErrorCode"),
		obj{"pattern": "^[a-z0-9_]+$", "description": "PocketBase's own codes, e.g. validation_required, validation_invalid_value."},
	}}
	b.schemas["FieldError"] = obj{"type": "object", "required": []any{"code", "message"}, "properties": obj{
		"code":    ref("schemas", "ErrorCode"),
		"message": obj{"type": "string", "description": "A sentence that says what to do."},
	}}
	b.schemas["ApiError"] = apiErrorSchema(
		"Every error answer: the HTTP status, a message for people, and per-field errors (empty when none).",
		obj{"type": "object", "additionalProperties": ref("schemas", "FieldError")},
		obj{"status": 400, "message": "Applications for this internship are closed.",
			"data": obj{"internship": obj{"code": "ib_closed", "message": "Applications for this internship are closed."}}})
	b.schemas["ListPage"] = obj{"type": "object", "required": []any{"page", "perPage", "totalItems", "totalPages", "items"},
		"properties": obj{
			"page":       obj{"type": "integer", "minimum": 1},
			"perPage":    obj{"type": "integer", "minimum": 0},
			"totalItems": obj{"type": "integer", "minimum": -1, "description": "-1 with skipTotal."},
			"totalPages": obj{"type": "integer", "minimum": -1, "description": "-1 with skipTotal."},
			"items":      obj{"type": "array"},
		}}
}

// apiErrorSchema is the error shape {status, message, data} with data as
// given: per-field errors for every route but POST /api/ib/hosts/register,
// which nests them under the part of the body they belong to.
func apiErrorSchema(description string, data, example obj) obj {
	return obj{
		"type":                 "object",
		"required":             []any{"status", "message", "data"},
		"additionalProperties": false,
		"description":          description,
		"properties": obj{
			"status":  obj{"type": "integer", "minimum": 400, "maximum": 599},
			"message": obj{"type": "string"},
			"data":    data,
		},
		"examples": []any{example},
	}
}

func commonParameters() obj {
	q := func(name, description string, schema obj) obj {
		return obj{"name": name, "in": "query", "required": false, "description": description, "schema": schema}
	}
	return obj{
		"recordId": obj{"name": "id", "in": "path", "required": true, "description": "The record id.",
			"schema": obj{"type": "string", "minLength": 1}},
		"page":    q("page", "The page (1-based).", obj{"type": "integer", "minimum": 1, "default": 1}),
		"perPage": q("perPage", "Records per page.", obj{"type": "integer", "minimum": 1, "maximum": 1000, "default": 30}),
		"sort": q("sort", "Sort fields, comma-separated; - for descending, @random for random order (e.g. -created,title).",
			obj{"type": "string"}),
		"filter": q("filter", "A PocketBase filter expression, e.g. status = 'open' && apply_by >= @now. "+
			"It cannot widen what the API rules let the caller see.", obj{"type": "string"}),
		"expand": q("expand", "Relation fields to expand, comma-separated, dotted for nested (e.g. internship.organization). "+
			"Expanded records follow their own view rules.", obj{"type": "string"}),
		"fields": q("fields", "Keys to return, comma-separated, * and expand.* allowed, with :excerpt(max,withEllipsis) for text.",
			obj{"type": "string"}),
		"skipTotal": q("skipTotal", "Skip counting: totalItems and totalPages are then -1 (faster).", obj{"type": "boolean"}),
	}
}

func commonResponses() obj {
	e := func(description string) obj { return response(description, ref("schemas", "ApiError")) }
	return obj{
		"BadRequest":      e("Bad input: per-field errors in data, with an ib_ code where Internbase's rules refused it."),
		"Unauthorized":    e("No valid auth token."),
		"Forbidden":       e("The caller's role may not do this."),
		"NotFound":        e("No such record, or one the caller may not see."),
		"TooManyRequests": e("Rate limit reached; retry later."),
		"Error":           e("An error (see ApiError)."),
	}
}

// authResponse is the schema of an auth-with-* / auth-refresh answer for an
// auth collection.
func (b *builder) authResponse(name string) obj {
	key := name + "Auth"
	if _, ok := b.schemas[key]; !ok {
		b.schemas[key] = obj{"type": "object", "required": []any{"token", "record"}, "properties": obj{
			"token":  obj{"type": "string", "minLength": 1, "description": "The auth token for the Authorization header."},
			"record": ref("schemas", name+"Record"),
			"meta":   obj{"type": "object", "description": "OAuth2 provider data (auth-with-oauth2 only)."},
		}}
	}
	return ref("schemas", key)
}

func body(schema obj) obj {
	return obj{"required": true, "content": jsonContent(schema)}
}

func object(required []any, props obj) obj {
	return obj{"type": "object", "required": required, "properties": props}
}

var str = obj{"type": "string"}

func (b *builder) authRoutes(c *core.Collection, tag, name string) {
	base := "/api/collections/" + c.Name
	auth := b.authResponse(name)
	noContent := obj{"description": "Done (no body)."}
	authOK := obj{
		"200": response("Signed in.", auth),
		"400": ref("responses", "BadRequest"),
		"401": response("A second factor is needed (MFA): send the mfaId with the next auth request.",
			object([]any{"mfaId"}, obj{"mfaId": str})),
		"429": ref("responses", "TooManyRequests"),
	}

	b.op(http.MethodGet, base+"/auth-methods", tag, accessPublic, "anyone.", obj{
		"operationId": "authMethods" + name,
		"summary":     "The sign-in methods of " + c.Name,
		"responses": obj{"200": response("The enabled methods.", obj{"type": "object",
			"required": []any{"password", "oauth2", "mfa", "otp"}, "properties": obj{
				"password": object([]any{"enabled"}, obj{"enabled": obj{"type": "boolean"},
					"identityFields": obj{"type": "array", "items": str}}),
				"oauth2": object([]any{"enabled"}, obj{"enabled": obj{"type": "boolean"},
					"providers": obj{"type": "array", "items": obj{"type": "object"}}}),
				"mfa": object([]any{"enabled"}, obj{"enabled": obj{"type": "boolean"}, "duration": obj{"type": "integer"}}),
				"otp": object([]any{"enabled"}, obj{"enabled": obj{"type": "boolean"}, "duration": obj{"type": "integer"}}),
			}})},
	})
	if c.PasswordAuth.Enabled {
		b.op(http.MethodPost, base+"/auth-with-password", tag, accessPublic, "anyone (rate-limited).", obj{
			"operationId": "authWithPassword" + name,
			"summary":     "Sign in with email and password",
			"requestBody": body(object([]any{"identity", "password"}, obj{
				"identity":      obj{"type": "string", "description": "The email (or another identity field)."},
				"password":      obj{"type": "string", "writeOnly": true},
				"identityField": obj{"type": "string", "description": "Which identity field to match (optional)."},
			})),
			"responses": authOK,
		})
	}
	b.op(http.MethodPost, base+"/auth-refresh", tag, accessRequired, "the signed-in record itself.", obj{
		"operationId": "authRefresh" + name,
		"summary":     "Get a fresh token (and the current record)",
		"parameters":  []any{ref("parameters", "expand"), ref("parameters", "fields")},
		"responses":   obj{"200": response("A new token.", auth), "401": ref("responses", "Unauthorized")},
	})
	if c.OTP.Enabled {
		b.op(http.MethodPost, base+"/request-otp", tag, accessPublic, "anyone (rate-limited).", obj{
			"operationId": "requestOTP" + name,
			"summary":     "Mail a one-time password",
			"requestBody": body(object([]any{"email"}, obj{"email": obj{"type": "string", "format": "email"}})),
			"responses":   obj{"200": response("The OTP id to send back.", object([]any{"otpId"}, obj{"otpId": str}))},
		})
		b.op(http.MethodPost, base+"/auth-with-otp", tag, accessPublic, "anyone (rate-limited).", obj{
			"operationId": "authWithOTP" + name,
			"summary":     "Sign in with a one-time password",
			"requestBody": body(object([]any{"otpId", "password"}, obj{"otpId": str, "password": str})),
			"responses":   authOK,
		})
	}
	if c.OAuth2.Enabled {
		b.op(http.MethodPost, base+"/auth-with-oauth2", tag, accessPublic, "anyone (rate-limited).", obj{
			"operationId": "authWithOAuth2" + name,
			"summary":     "Sign in with an OAuth2 provider",
			"requestBody": body(object([]any{"provider", "code", "redirectURL"}, obj{
				"provider": str, "code": str, "codeVerifier": str, "redirectURL": str,
				"createData": obj{"type": "object", "description": "Fields for a new record on first sign-in."},
			})),
			"responses": authOK,
		})
	}
	emailBody := body(object([]any{"email"}, obj{"email": obj{"type": "string", "format": "email"}}))
	b.op(http.MethodPost, base+"/request-password-reset", tag, accessPublic, "anyone (rate-limited).", obj{
		"operationId": "requestPasswordReset" + name,
		"summary":     "Mail a password reset link",
		"requestBody": emailBody,
		"responses":   obj{"204": noContent, "400": ref("responses", "BadRequest")},
	})
	b.op(http.MethodPost, base+"/confirm-password-reset", tag, accessPublic, "anyone holding a reset token.", obj{
		"operationId": "confirmPasswordReset" + name,
		"summary":     "Set a new password with a reset token",
		"requestBody": body(object([]any{"token", "password", "passwordConfirm"}, obj{
			"token": str, "password": str, "passwordConfirm": str})),
		"responses": obj{"204": noContent, "400": ref("responses", "BadRequest")},
	})
	b.op(http.MethodPost, base+"/request-verification", tag, accessPublic, "anyone (rate-limited).", obj{
		"operationId": "requestVerification" + name,
		"summary":     "Mail an email verification link",
		"requestBody": emailBody,
		"responses":   obj{"204": noContent, "400": ref("responses", "BadRequest")},
	})
	b.op(http.MethodPost, base+"/confirm-verification", tag, accessPublic, "anyone holding a verification token.", obj{
		"operationId": "confirmVerification" + name,
		"summary":     "Confirm an email address",
		"requestBody": body(object([]any{"token"}, obj{"token": str})),
		"responses":   obj{"204": noContent, "400": ref("responses", "BadRequest")},
	})
	b.op(http.MethodPost, base+"/request-email-change", tag, accessRequired, "the signed-in record itself.", obj{
		"operationId": "requestEmailChange" + name,
		"summary":     "Mail a confirmation link to a new address",
		"requestBody": body(object([]any{"newEmail"}, obj{"newEmail": obj{"type": "string", "format": "email"}})),
		"responses":   obj{"204": noContent, "400": ref("responses", "BadRequest"), "401": ref("responses", "Unauthorized")},
	})
	b.op(http.MethodPost, base+"/confirm-email-change", tag, accessPublic, "anyone holding an email change token.", obj{
		"operationId": "confirmEmailChange" + name,
		"summary":     "Confirm the new address",
		"requestBody": body(object([]any{"token", "password"}, obj{"token": str, "password": str})),
		"responses":   obj{"204": noContent, "400": ref("responses", "BadRequest")},
	})
	b.op(http.MethodPost, base+"/impersonate/{id}", tag, accessRequired, "superusers only.", obj{
		"operationId": "impersonate" + name,
		"summary":     "Get a non-refreshable token of another record",
		"parameters":  []any{ref("parameters", "recordId")},
		"requestBody": obj{"content": jsonContent(object([]any{}, obj{"duration": obj{"type": "integer", "minimum": 0,
			"description": "Token lifetime in seconds (0: the collection's default)."}}))},
		"responses": obj{"200": response("A token of that record.", auth), "401": ref("responses", "Unauthorized"),
			"403": ref("responses", "Forbidden"), "404": ref("responses", "NotFound")},
	})
}

// statusCounts is an object with every status of collection's status select
// field as an integer property (the live values of the schema).
func (b *builder) statusCounts(collection string) obj {
	props, req := obj{}, []any{}
	if c, err := b.app.FindCachedCollectionByNameOrId(collection); err == nil {
		if f, ok := c.Fields.GetByName("status").(*core.SelectField); ok {
			for _, v := range f.Values {
				props[v] = obj{"type": "integer", "minimum": 0}
				req = append(req, v)
			}
		}
	}
	return obj{"type": "object", "properties": props, "required": req, "additionalProperties": false,
		"description": "Records of " + collection + " per status."}
}

func (b *builder) customRoutes() {
	numberParam := obj{"name": "number", "in": "path", "required": true,
		"description": "The certificate number, IB-<year>-<8 Crockford base32 characters> (any case).",
		"schema":      obj{"type": "string", "examples": []any{"IB-2026-7K3F9QXD"}}}

	b.schemas["Verification"] = obj{
		"type": "object", "additionalProperties": false,
		"description": "The public view of a certificate. Dates are YYYY-MM-DD, issued_at and revoked_at RFC 3339 UTC " +
			"to the second (revoked_at is \"\" unless revoked). The name and register number are masked.",
		"required": []any{"number", "status", "student_name_masked", "register_no_masked", "institution_name",
			"organization_name", "title", "starts_on", "ends_on", "hours", "credits", "marks", "max_marks", "grade",
			"issued_at", "revoked_at", "revoke_reason", "superseded_by", "sha256", "signature", "key_id"},
		"properties": obj{
			"number":              obj{"type": "string", "pattern": `^IB-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{8}$`},
			"status":              obj{"type": "string", "enum": []any{"valid", "revoked", "superseded"}},
			"student_name_masked": str,
			"register_no_masked": obj{"type": "string", "description": "Only the last two characters, behind a fixed run of six " +
				"mask characters (••••••42), so neither the length nor the prefix shows; eight mask characters for a number " +
				"shorter than six; empty when there is none."},
			"institution_name":  str,
			"organization_name": str,
			"title":             str,
			"starts_on":         obj{"type": "string", "description": "YYYY-MM-DD."},
			"ends_on":           obj{"type": "string", "description": "YYYY-MM-DD."},
			"hours":             obj{"type": "number", "minimum": 0},
			"credits":           obj{"type": "number", "minimum": 0},
			"marks":             obj{"type": "number", "minimum": 0},
			"max_marks":         obj{"type": "number", "minimum": 0},
			"grade":             str,
			"issued_at":         obj{"type": "string", "format": "date-time"},
			"revoked_at": obj{"type": "string", "anyOf": []any{obj{"format": "date-time"}, obj{"const": ""}},
				"description": `RFC 3339, or "" when not revoked.`},
			"revoke_reason": str,
			"superseded_by": obj{"type": "string", "description": `The number of the certificate that replaced this one, or "".`},
			"sha256":        obj{"type": "string", "pattern": "^([0-9a-f]{64})?$", "description": "SHA-256 of the PDF, hex."},
			"signature":     obj{"type": "string", "description": "Ed25519 signature over the canonical JSON, base64url without padding."},
			"key_id":        obj{"type": "string", "description": "The kid of the signing key in /.well-known/jwks.json."},
		},
	}
	b.schemas["JWKS"] = obj{"type": "object", "required": []any{"keys"}, "additionalProperties": false, "properties": obj{
		"keys": obj{"type": "array", "items": obj{"oneOf": []any{
			obj{"type": "object", "title": "Ed25519 key", "required": []any{"kty", "crv", "kid", "x", "use", "alg"}, "additionalProperties": false, "properties": obj{
				"kty": obj{"const": "OKP"}, "crv": obj{"const": "Ed25519"}, "kid": str,
				"x":   obj{"type": "string", "description": "The public key, base64url without padding."},
				"use": obj{"const": "sig"}, "alg": obj{"const": "EdDSA"},
			}},
			obj{"type": "object", "title": "RSA key", "required": []any{"kty", "kid", "n", "e", "use", "alg"}, "additionalProperties": false, "properties": obj{
				"kty": obj{"const": "RSA"}, "kid": str,
				"n":   obj{"type": "string", "description": "The modulus (2048 bits or more), base64url without padding."},
				"e":   obj{"type": "string", "description": "The public exponent, base64url without padding."},
				"use": obj{"const": "sig"}, "alg": obj{"const": "RS256"},
			}},
		}}},
	}}
	b.schemas["Credential"] = obj{"type": "object", "required": []any{"format", "credential"}, "additionalProperties": false,
		"properties": obj{
			"format": obj{"const": "vc+jwt"},
			"credential": obj{"type": "string", "pattern": `^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`,
				"description": "An Open Badges 3.0 OpenBadgeCredential (VC data model 2.0) as a compact JWS (OB 3.0 JSON Web Token Proof Format): header alg EdDSA or RS256, typ JWT, kid {appURL}/.well-known/jwks.json#{kid}; claims iss, jti, sub, nbf, iat."},
		}}
	b.schemas["IssuerProfile"] = obj{"type": "object", "required": []any{"@context", "id", "type", "name", "url"}, "additionalProperties": false,
		"properties": obj{
			"@context": obj{"type": "array", "items": str},
			"id":       obj{"type": "string", "description": "The profile's own URL, the issuer.id of the institution's credentials."},
			"type":     obj{"type": "array", "items": obj{"const": "Profile"}},
			"name":     str,
			"url":      str,
		}}
	b.schemas["CreditRow"] = obj{"type": "object", "additionalProperties": false,
		"required": []any{"register_no", "apaar_id", "student_name", "program", "semester", "internship", "organization",
			"hours", "credits", "marks", "max_marks", "grade", "grade_point", "certificate_number", "completed_on"},
		"properties": obj{
			"register_no": str, "apaar_id": str, "student_name": str, "program": str,
			"semester":   obj{"type": "integer", "minimum": 0},
			"internship": str, "organization": str,
			"hours": obj{"type": "number"}, "credits": obj{"type": "number"}, "marks": obj{"type": "number"},
			"max_marks": obj{"type": "number"}, "grade": str, "grade_point": obj{"type": "number"},
			"certificate_number": str,
			"completed_on":       obj{"type": "string", "description": "YYYY-MM-DD."},
		}}
	b.schemas["CreditsReport"] = obj{"type": "object", "required": []any{"items", "total"}, "additionalProperties": false,
		"properties": obj{
			"items": obj{"type": "array", "items": ref("schemas", "CreditRow")},
			"total": obj{"type": "integer", "minimum": 0},
		}}
	b.schemas["Stats"] = obj{"type": "object", "additionalProperties": false,
		"required": []any{"internships", "applications", "placements", "logbook_pending", "certificates"},
		"properties": obj{
			"internships":     b.statusCounts(internships.Collection),
			"applications":    b.statusCounts(applications.Collection),
			"placements":      b.statusCounts(placements.Collection),
			"certificates":    b.statusCounts(certificates.Collection),
			"logbook_pending": obj{"type": "integer", "minimum": 0, "description": "Pending logbook entries."},
		}}

	closed := func(required []any, props obj) obj {
		o := object(required, props)
		o["additionalProperties"] = false
		return o
	}
	count := obj{"type": "integer", "minimum": 0}
	b.schemas["Charts"] = obj{"type": "object", "additionalProperties": false, "required": []any{"timezone"},
		"description": "The numbers behind the portal's charts. coordinator: coordinators (their institution) and superusers " +
			"(the platform); supervisor: supervisors (their organization); students and mentors get neither.",
		"properties": obj{
			"timezone": obj{"type": "string", "minLength": 1, "description": "The platform time zone (IB_TIMEZONE) the weeks are counted in."},
			"coordinator": closed([]any{"applications", "placements", "hours_per_week", "reviews_waiting"}, obj{
				"applications": b.statusCounts(applications.Collection),
				"placements":   b.statusCounts(placements.Collection),
				"hours_per_week": obj{"type": "array", "minItems": reports.ChartWeeks, "maxItems": reports.ChartWeeks,
					"description": "Approved logbook hours by the ISO week of the day worked, the last weeks oldest first (the current week last).",
					"items": closed([]any{"week", "starts_on", "hours"}, obj{
						"week":      obj{"type": "string", "pattern": `^[0-9]{4}-W[0-9]{2}$`},
						"starts_on": obj{"type": "string", "format": "date", "description": "The week's Monday."},
						"hours":     obj{"type": "number", "minimum": 0},
					})},
				"reviews_waiting": obj{"type": "array", "description": "Every mentor of the institution with the final reports waiting for their review, most first.",
					"items": closed([]any{"mentor", "name", "final_reports"}, obj{"mentor": str, "name": str, "final_reports": count})},
			}),
			"supervisor": closed([]any{"applicants", "logbook_pending", "logbook_waiting"}, obj{
				"applicants":      b.statusCounts(applications.Collection),
				"logbook_pending": count,
				"logbook_waiting": obj{"type": "array", "description": "Internships with logbook entries waiting for approval, most first.",
					"items": closed([]any{"internship", "title", "entries"}, obj{"internship": str, "title": str, "entries": count})},
			}),
		}}

	b.tag("verification", "Public certificate verification: anyone can check a certificate by its number.")
	b.op(http.MethodGet, "/api/ib/verify/{number}", "verification", accessPublic, "anyone (rate-limited: 60 a minute per address).", obj{
		"operationId": "verifyCertificate",
		"summary":     "Check a certificate (JSON)",
		"parameters":  []any{numberParam},
		"responses": obj{
			"200": response("The certificate's public facts and status.", ref("schemas", "Verification")),
			"404": ref("responses", "NotFound"),
			"429": ref("responses", "TooManyRequests"),
		},
	})
	b.op(http.MethodGet, "/verify/{number}", "verification", accessPublic, "anyone.", obj{
		"operationId": "verifyCertificatePage",
		"summary":     "Check a certificate (HTML page)",
		"description": "A server-rendered page with a VALID / REVOKED / SUPERSEDED banner; no JavaScript needed.",
		"parameters":  []any{numberParam},
		"responses": obj{
			"200": obj{"description": "The page.", "content": obj{"text/html": obj{"schema": str}}},
			"404": obj{"description": "A not-found page.", "content": obj{"text/html": obj{"schema": str}}},
		},
	})
	b.op(http.MethodGet, "/.well-known/jwks.json", "verification", accessPublic, "anyone.", obj{
		"operationId": "signingKeys",
		"summary":     "Public signing keys (JWKS)",
		"responses":   obj{"200": response("Every public signing key, old ones included.", ref("schemas", "JWKS"))},
	})
	b.op(http.MethodGet, "/api/ib/credentials/{number}", "verification", accessPublic, "anyone (rate-limited like verify: 60 a minute per address).", obj{
		"operationId": "certificateCredential",
		"summary":     "The certificate as a signed Open Badges 3.0 credential",
		"description": "Signed EdDSA by default, RS256 with ?alg=RS256. A client that accepts application/vc+jwt or application/jwt gets the bare compact JWS with that Content-Type; any other gets the JSON wrapper.",
		"parameters": []any{numberParam, obj{"name": "alg", "in": "query", "required": false, "description": "The JWS algorithm.",
			"schema": obj{"type": "string", "enum": []any{"EdDSA", "RS256"}, "default": "EdDSA"}}},
		"responses": obj{
			"200": obj{"description": "The credential.", "content": obj{
				"application/json":   obj{"schema": ref("schemas", "Credential")},
				"application/vc+jwt": obj{"schema": obj{"type": "string"}},
				"application/jwt":    obj{"schema": obj{"type": "string"}},
			}},
			"400": ref("responses", "BadRequest"),
			"404": ref("responses", "NotFound"),
		},
	})
	b.op(http.MethodGet, "/api/ib/issuers/{institution}", "verification", accessPublic, "anyone.", obj{
		"operationId": "issuerProfile",
		"summary":     "An institution's Open Badges 3.0 issuer Profile",
		"description": "The document that a credential's issuer.id dereferences to.",
		"parameters": []any{obj{"name": "institution", "in": "path", "required": true, "description": "The institution's record id.",
			"schema": obj{"type": "string", "minLength": 1}}},
		"responses": obj{
			"200": response("The issuer Profile.", ref("schemas", "IssuerProfile")),
			"404": ref("responses", "NotFound"),
		},
	})
	b.op(http.MethodGet, "/api/ib/status/{list}", "verification", accessPublic, "anyone.", obj{
		"operationId": "statusList",
		"summary":     "A revocation status list (W3C Bitstring Status List v1.0)",
		"description": "The signed BitstringStatusListCredential of list {list} as a VC-JWT (alg EdDSA, the certificates' keys). " +
			"Every institution has its own lists: their issuer (iss and issuer) is the institution's issuer Profile, the issuer.id of its " +
			"credentials. Entry statusListIndex of a list is set when that certificate is revoked or superseded. A certificate's status_index i " +
			"(unique within its institution, a random free entry drawn at issue) is entry i mod 131072 of its institution's list i / 131072 + 1. " +
			"Built from the certificates' statuses on each request; cacheable for a minute. 404 for a malformed name or a list no certificate is in.",
		"parameters": []any{obj{"name": "list", "in": "path", "required": true,
			"description": "The institution's record id, a hyphen and the list number from 1, e.g. 3k9x0abcd1efgh2-1.",
			"schema":      obj{"type": "string", "pattern": `^[a-z0-9]+-[1-9][0-9]*$`}}},
		"responses": obj{
			"200": obj{"description": "The status list credential as a compact JWS.", "content": obj{"application/vc+jwt": obj{
				"schema": obj{"type": "string", "pattern": `^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`}}}},
			"404": ref("responses", "NotFound"),
		},
	})
	b.op(http.MethodGet, "/api/ib/fonts/{file}", "verification", accessPublic, "anyone.", obj{
		"operationId": "font",
		"summary":     "A font the certificates print in",
		"description": "One of the TrueType fonts the certificate PDF embeds subsets of (DejaVu Sans, and Noto Sans for Malayalam, " +
			"Tamil, Kannada, Devanagari and Arabic, regular and bold). The verify page declares them with @font-face and " +
			"unicode-range, so a browser fetches a script's font only for a page in that script. Gzip when the client accepts it; " +
			"cacheable for a week.",
		"parameters": []any{obj{"name": "file", "in": "path", "required": true,
			"description": "The font's file name, e.g. NotoSansMalayalam-Regular.ttf.",
			"schema":      obj{"type": "string", "pattern": `^[A-Za-z]+(-[A-Za-z]+)?\.ttf$`}}},
		"responses": obj{
			"200": obj{"description": "The font file.", "content": obj{"font/ttf": obj{
				"schema": obj{"type": "string", "format": "binary"}}}},
			"404": ref("responses", "NotFound"),
		},
	})
	certificate := ref("schemas", schemaName(certificatesTag)+"Record")
	if _, ok := b.schemas[schemaName(certificatesTag)+"Record"]; !ok {
		certificate = obj{"type": "object"}
	}
	b.tag(certificatesTag, "Records of the certificates collection.")
	b.op(http.MethodPost, "/api/ib/certificates/{id}/reissue", certificatesTag, accessRequired,
		"the coordinator of the certificate's institution, superusers.", obj{
			"operationId": "reissueCertificate",
			"summary":     "Reissue a certificate from the current data",
			"description": "Issues a new certificate with replaces set and marks the old one superseded. Only a valid certificate can be reissued (else ib_locked).",
			"parameters": []any{obj{"name": "id", "in": "path", "required": true, "description": "The certificate's record id.",
				"schema": obj{"type": "string", "minLength": 1}}},
			"responses": obj{
				"200": response("The new certificate.", certificate),
				"400": ref("responses", "BadRequest"),
				"401": ref("responses", "Unauthorized"),
				"403": ref("responses", "Forbidden"),
				"404": ref("responses", "NotFound"),
			},
		})

	b.onboardingRoutes()
	b.digilockerRoutes()

	b.tag("reports", "Reports: the credits report for the Academic Bank of Credits and dashboard counts.")
	b.op(http.MethodGet, "/api/ib/reports/credits", "reports", accessRequired, "the coordinator of that institution, superusers.", obj{
		"operationId": "creditsReport",
		"summary":     "Credits report of an institution",
		"description": "One row per completed placement, ordered by completed_on. CSV has a header row of the column names. " +
			"nad is the same rows as CSV in the column layout of the National Academic Depository's student-data upload " +
			"template (" + reports.NADTemplate + "): the header row is the template's column names; the columns Internbase " +
			"has no data for are empty. A cell a spreadsheet would run as a formula starts with an apostrophe.",
		"parameters": []any{
			obj{"name": "institution", "in": "query", "required": true, "description": "The institution's record id.",
				"schema": obj{"type": "string", "minLength": 1}},
			obj{"name": "format", "in": "query", "required": false, "schema": obj{"type": "string", "enum": []any{"json", "csv", "nad"}, "default": "json"}},
			obj{"name": "from", "in": "query", "required": false, "description": "First completed_on day, YYYY-MM-DD (inclusive).",
				"schema": obj{"type": "string", "format": "date"}},
			obj{"name": "to", "in": "query", "required": false, "description": "Last completed_on day, YYYY-MM-DD (inclusive).",
				"schema": obj{"type": "string", "format": "date"}},
		},
		"responses": obj{
			"200": obj{"description": "The report.", "content": obj{
				"application/json": obj{"schema": ref("schemas", "CreditsReport")},
				"text/csv": obj{"schema": obj{"type": "string",
					"pattern": "^(" + regexp.QuoteMeta(strings.Join(reports.CreditColumns, ",")) + "|" +
						regexp.QuoteMeta(strings.Join(reports.NADColumns, ",")) + ")\r?\n",
					"description": "format=csv: the header row " + strings.Join(reports.CreditColumns, ",") +
						"; format=nad: the header row " + strings.Join(reports.NADColumns, ",") + "."}},
			}},
			"400": ref("responses", "BadRequest"),
			"401": ref("responses", "Unauthorized"),
			"403": ref("responses", "Forbidden"),
			"404": ref("responses", "NotFound"),
		},
	})
	b.op(http.MethodGet, "/api/ib/stats", "reports", accessRequired, "any signed-in user; counts only what the caller can see.", obj{
		"operationId": "stats",
		"summary":     "Dashboard counts for the caller",
		"responses": obj{
			"200": response("Counts per status.", ref("schemas", "Stats")),
			"401": ref("responses", "Unauthorized"),
		},
	})

	b.op(http.MethodGet, reports.ChartsPath, "reports", accessRequired, "any signed-in user; only what the caller can see.", obj{
		"operationId": "statsCharts",
		"summary":     "The numbers of the portal's charts for the caller",
		"responses": obj{
			"200": response("The caller's chart numbers.", ref("schemas", "Charts")),
			"401": ref("responses", "Unauthorized"),
		},
	})

	langs := []any{}
	for _, l := range i18n.Languages {
		langs = append(langs, l)
	}
	b.tag("portal", "The portal's platform settings.")
	b.op(http.MethodGet, i18n.PortalPath, "portal", accessPublic, "anyone (cacheable for 5 minutes).", obj{
		"operationId": "portalSettings",
		"summary":     "The platform time zone and the languages of the portal",
		"description": "The portal shows every date and time in the platform time zone (IB_TIMEZONE), naming it; a user's " +
			"language (users.language) is one of languages, the first being the default. Errors are answered in the " +
			"signed-in user's language, or for guests in the first of these the Accept-Language header names.",
		"responses": obj{
			"200": response("The settings.", obj{"type": "object", "additionalProperties": false, "required": []any{"timezone", "languages"},
				"properties": obj{
					"timezone":  obj{"type": "string", "minLength": 1, "examples": []any{"Asia/Kolkata"}},
					"languages": obj{"type": "array", "minItems": 1, "items": obj{"type": "string", "enum": langs}},
				}}),
		},
	})

	b.tag("documentation", "This API description.")
	b.op(http.MethodGet, DocumentPath, "documentation", accessPublic, "anyone.", obj{
		"operationId": "openapi",
		"summary":     "This OpenAPI 3.1 document",
		"responses":   obj{"200": response("The document, generated from the live schema.", obj{"type": "object"})},
	})
	b.op(http.MethodGet, PagePath, "documentation", accessPublic, "anyone.", obj{
		"operationId": "docsPage",
		"summary":     "A readable API reference (HTML)",
		"responses":   obj{"200": obj{"description": "The page.", "content": obj{"text/html": obj{"schema": str}}}},
	})
}

// certificatesTag is the tag of the certificates collection (the reissue
// route joins it).
const certificatesTag = "certificates"

func (b *builder) pocketbaseRoutes() {
	const tag = "pocketbase"
	b.tag(tag, "PocketBase's own routes: health, files, realtime and batch.")
	b.op(http.MethodGet, "/api/health", tag, accessPublic, "anyone.", obj{
		"operationId": "health",
		"summary":     "Health check",
		"responses": obj{"200": response("The server is up.", obj{"type": "object", "required": []any{"code", "message"},
			"properties": obj{"code": obj{"type": "integer"}, "message": str, "data": obj{"type": "object"}}})},
	})
	b.op(http.MethodPost, "/api/files/token", tag, accessRequired, "any signed-in record.", obj{
		"operationId": "fileToken",
		"summary":     "A short-lived token for protected files",
		"responses": obj{
			"200": response("The token (valid about 3 minutes).", object([]any{"token"}, obj{"token": str})),
			"401": ref("responses", "Unauthorized"),
		},
	})
	b.op(http.MethodGet, "/api/files/{collection}/{recordId}/{filename}", tag, accessPublic,
		"whoever may view the record; protected files also need ?token=.", obj{
			"operationId": "downloadFile",
			"summary":     "Download a file",
			"parameters": []any{
				obj{"name": "collection", "in": "path", "required": true, "schema": str, "description": "Collection id or name."},
				obj{"name": "recordId", "in": "path", "required": true, "schema": str},
				obj{"name": "filename", "in": "path", "required": true, "schema": str},
				obj{"name": "token", "in": "query", "schema": str, "description": "A file token (protected files)."},
				obj{"name": "thumb", "in": "query", "schema": str, "description": "A thumb size of the field, e.g. 100x100."},
				obj{"name": "download", "in": "query", "schema": obj{"type": "boolean"}, "description": "Send as an attachment."},
			},
			"responses": obj{
				"200": obj{"description": "The file.", "content": obj{"application/octet-stream": obj{"schema": obj{
					"type": "string", "contentMediaType": "application/octet-stream"}}}},
				"404": ref("responses", "NotFound"),
			},
		})
	b.op(http.MethodGet, "/api/realtime", tag, accessPublic, "anyone; subscriptions follow the collections' list and view rules.", obj{
		"operationId": "realtimeConnect",
		"summary":     "Open the realtime event stream (SSE)",
		"description": "The first event, PB_CONNECT, carries {\"clientId\"}; record events carry {\"action\":\"create|update|delete\",\"record\":{…}}.",
		"responses":   obj{"200": obj{"description": "A text/event-stream.", "content": obj{"text/event-stream": obj{"schema": str}}}},
	})
	b.op(http.MethodPost, "/api/realtime", tag, accessOptional, "the connected client; its auth is taken from this request.", obj{
		"operationId": "realtimeSubscribe",
		"summary":     "Set the topics of a realtime client",
		"requestBody": body(object([]any{"clientId"}, obj{
			"clientId":      str,
			"subscriptions": obj{"type": "array", "items": str, "description": "Topics: <collection>/* or <collection>/<id>."},
		})),
		"responses": obj{"204": obj{"description": "Subscribed."}, "400": ref("responses", "BadRequest"),
			"403": ref("responses", "Forbidden"), "404": ref("responses", "NotFound")},
	})
	b.schemas["BatchError"] = obj{"type": "object", "required": []any{"status", "message", "data"}, "properties": obj{
		"status": obj{"type": "integer"}, "message": str,
		"data": obj{"type": "object", "description": `{"requests":{"<index>":{"code":"batch_request_failed","message":…,"response":…}}}`},
	}}
	b.op(http.MethodPost, "/api/batch", tag, accessOptional, "each request is checked as if sent alone.", obj{
		"operationId": "batch",
		"summary":     "Run record creates, updates, upserts and deletes in one transaction",
		"requestBody": body(object([]any{"requests"}, obj{"requests": obj{"type": "array", "maxItems": 100, "items": object(
			[]any{"method", "url"}, obj{
				"method":  obj{"type": "string", "enum": []any{"POST", "PATCH", "PUT", "DELETE"}},
				"url":     obj{"type": "string", "examples": []any{"/api/collections/logbook_entries/records/abc123def456ghi"}},
				"headers": obj{"type": "object", "additionalProperties": str},
				"body":    obj{"type": "object"},
			})}})),
		"responses": obj{
			"200": response("One result per request, in order.", obj{"type": "array", "items": object([]any{"status", "body"},
				obj{"status": obj{"type": "integer"}, "body": obj{}})}),
			"400": response("The whole batch was rolled back.", ref("schemas", "BatchError")),
			"403": ref("responses", "Forbidden"),
		},
	})
}
