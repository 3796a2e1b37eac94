package apidocs

import (
	"fmt"
	"net/http"

	"github.com/internbase/internbase/internal/digilocker"
)

// digilockerTag groups the DigiLocker Issuer API routes (DESIGN.md §12).
const digilockerTag = "digilocker"

// digilockerRoutes documents POST /api/ib/digilocker/pulluri and POST
// /api/ib/digilocker/pulldoc: XML in and out, as the DigiLocker Issuer API
// Specification v1.12 defines them, with the schemas' OpenAPI xml objects
// naming the elements and marking the attributes.
func (b *builder) digilockerRoutes() {
	b.tag(digilockerTag, "The DigiLocker Issuer API (DigiLocker Issuer API Specification v1.12): DigiLocker pulls a student's "+
		"certificate into their DigiLocker. Called by DigiLocker only, authenticated by the "+digilocker.HMACHeader+" header.")

	attr := func(description string, schema obj) obj {
		return merge(obj{"type": "string", "description": description, "xml": obj{"attribute": true}}, schema)
	}
	text := func(description string) obj { return obj{"type": "string", "description": description} }
	// The request's root attributes, the same for both requests.
	requestAttrs := func(docDetails obj) obj {
		return obj{
			"ver": attr("The API version (1.0).", nil),
			"ts": attr(fmt.Sprintf("When DigiLocker sent the request, YYYY-MM-DDThh:mm:ss±hh:mm (e.g. 2016-01-11T14:44:48+05:30). "+
				"A request more than %d minutes from the server's clock either way, or without ts, is refused with 401 "+
				"(a replay).", int(digilocker.MaxSkew.Minutes())), obj{"format": "date-time"}),
			"txn":   attr("DigiLocker's transaction id, echoed in the answer.", nil),
			"orgId": attr("The issuer's organisation id at DigiLocker (not checked).", nil),
			"format": attr("What the answer carries besides DataContent: pdf (DocContent, the PDF), xml (DataContent only) "+
				"or both; absent or empty means pdf. Any other value is refused with 400.",
				obj{"enum": []any{"pdf", "xml", "both", ""}}),
			"DocDetails": docDetails,
		}
	}
	other := obj{"type": "string", "description": "Any other parameter the issuer configured at DigiLocker (UDF3…): ignored."}
	pullURIDetails := obj{"type": "object", "required": []any{"DocType", "FullName", "UDF1", "UDF2"},
		"description": "The search parameters. Internbase finds the student's most recently issued valid certificate by " +
			"register number and institution code, then matches the name on it against FullName (letter case, spaces and " +
			"dots aside); Internbase keeps no date of birth, so DOB is not matched. A search that finds nothing (an unknown " +
			"register number or code, another name, another DocType, an empty parameter) answers 200 with Status 0.",
		"additionalProperties": other,
		"properties": obj{
			"DocType":      text("The document type; must be the issuer's configured IB_DIGILOCKER_DOCTYPE."),
			"DigiLockerId": text("The DigiLocker user's id (echoed, not matched)."),
			"UID":          text("The Aadhaar number, when sent (echoed, not matched)."),
			"FullName":     text("The name DigiLocker holds for its user; must be the name on the certificate."),
			"DOB":          text("The date of birth, when sent (echoed, not matched)."),
			"Photo":        text("The Aadhaar photograph, base64, when the issuer opts for it (ignored)."),
			"UDF1":         text("The student's register number at the institution."),
			"UDF2":         text("The institution's code (any case)."),
		}}
	pullDocDetails := obj{"type": "object", "required": []any{"URI"},
		"additionalProperties": other,
		"properties": obj{
			"URI": text("The document URI a Pull URI answer gave, <IssuerId>.<DocType>.<certificate number>. A URI of another " +
				"issuer or document type, an unknown number, or a revoked or superseded certificate answers 200 with Status 0."),
			"DigiLockerId": text("The DigiLocker user's id (echoed)."),
		}}
	request := func(root, description string, docDetails obj) obj {
		return obj{"type": "object", "xml": obj{"name": root}, "description": description,
			"required": []any{"ts", "DocDetails"}, "properties": requestAttrs(docDetails)}
	}
	b.schemas["DigiLockerPullURIRequest"] = request(digilocker.PullURIRequest,
		"The specification's PullURIRequest element: attributes ver, ts, txn, orgId and format, and the search parameters "+
			"in DocDetails. The root may declare xmlns:ns2=\"http://tempuri.org/\" as the specification's samples do.", pullURIDetails)
	b.schemas["DigiLockerPullDocRequest"] = request(digilocker.PullDocRequest,
		"The specification's PullDocRequest element: attributes ver, ts, txn, orgId and format, and the document URI in "+
			"DocDetails.", pullDocDetails)

	status := func(values []any, description string) obj {
		return obj{"type": "object", "xml": obj{"name": "ResponseStatus"}, "additionalProperties": false,
			"required": []any{"Status", "ts", "txn"}, "description": description,
			"properties": obj{
				"Status": attr("1: success, the document is in DocDetails; 0: no document, or the request was refused.",
					obj{"enum": values}),
				"ts":  attr("The request's ts (empty when the request was refused before it was read).", nil),
				"txn": attr("The request's txn (empty when the request was refused before it was read).", nil),
			}}
	}
	b.schemas["DigiLockerResponseStatus"] = status([]any{"1", "0"},
		"The element's text is its Status (1 or 0); OpenAPI 3.1 cannot describe the text of an element with attributes.")

	person := obj{"type": "object", "xml": obj{"name": "Person"}, "additionalProperties": false, "required": []any{"name"},
		"properties": obj{"name": attr("The student's name as on the certificate.", obj{"minLength": 1})}}
	responseDetails := func(pullURI bool) obj {
		props := obj{
			"DocType":      text("The request's DocType (echoed; absent when empty)."),
			"DigiLockerId": text("The request's DigiLockerId (echoed; absent when empty)."),
			"UID":          text("The request's UID (echoed; absent when empty)."),
			"FullName":     text("The request's FullName (echoed; absent when empty)."),
			"DOB":          text("The request's DOB (echoed; absent when empty)."),
			"UDF1":         text("The request's UDF1 (echoed; absent when empty)."),
			"UDF2":         text("The request's UDF2 (echoed; absent when empty)."),
			"DocContent": obj{"type": "string", "contentEncoding": "base64", "contentMediaType": "application/pdf",
				"pattern": base64Pattern,
				"description": "The certificate's PDF, base64 (the stored, signed file: its SHA-256 is the certificate's). " +
					"Present with Status 1 unless format is xml."},
			"DataContent": obj{"type": "string", "contentEncoding": "base64", "contentMediaType": "application/xml",
				"pattern": base64Pattern,
				"description": "The certificate's facts as XML, base64 (mandatory since v1.12): a Certificate element with " +
					"attributes number and issuedAt (UTC date-time), IssuedBy/Organization (name: the institution), " +
					"IssuedTo/Person (name, registerNo) and CertificateData/Internship (organization, title, startsOn and " +
					"endsOn as YYYY-MM-DD, hours, credits, marks and maxMarks as decimals, grade). Its XML Schema is " +
					"internal/digilocker/schema/datacontent.xsd in the source. Present with Status 1."},
		}
		if pullURI {
			props["URI"] = text("The document URI, <IssuerId>.<DocType>.<certificate number> (IB_DIGILOCKER_ISSUER_ID, " +
				"IB_DIGILOCKER_DOCTYPE and the number printed on the certificate). Present with Status 1.")
			props["IssuedTo"] = obj{"type": "object", "additionalProperties": false, "required": []any{"Persons"},
				"description": "Who the document was issued to (Status 1), for DigiLocker's own name matching.",
				"properties":  obj{"Persons": obj{"type": "array", "xml": obj{"wrapped": true}, "minItems": 1, "items": person}}}
		} else {
			props["URI"] = text("With Status 1 the document URI, <IssuerId>.<DocType>.<certificate number> (the number " +
				"as printed, whatever its case in the request); with Status 0 the request's URI (echoed; absent when empty).")
		}
		return obj{"type": "object", "additionalProperties": false, "properties": props,
			"description": "The request's parameters echoed and, with Status 1, the document."}
	}
	// A document comes only with Status 1, and Status 1 always brings one.
	served := func(pullURI bool) obj {
		required := []any{"URI", "DataContent"}
		if pullURI {
			required = append(required, "IssuedTo")
		}
		return obj{
			"if": obj{"required": []any{"ResponseStatus"},
				"properties": obj{"ResponseStatus": obj{"required": []any{"Status"}, "properties": obj{"Status": obj{"const": "1"}}}}},
			"then": obj{"required": []any{"DocDetails"}, "properties": obj{"DocDetails": obj{"required": required}}},
			"else": obj{"properties": obj{"DocDetails": obj{"not": obj{"anyOf": []any{
				obj{"required": []any{"DocContent"}}, obj{"required": []any{"DataContent"}}, obj{"required": []any{"IssuedTo"}},
			}}}}},
		}
	}
	answer := func(root, description string, pullURI bool) obj {
		return merge(obj{"type": "object", "xml": obj{"name": root}, "description": description,
			"required": []any{"ResponseStatus", "DocDetails"},
			"properties": obj{
				"ResponseStatus": ref("schemas", "DigiLockerResponseStatus"),
				"DocDetails":     responseDetails(pullURI),
			}}, served(pullURI))
	}
	const ns = " The root declares xmlns:ns2=\"http://tempuri.org/\", as the specification's samples do."
	b.schemas["DigiLockerPullURIResponse"] = answer("PullURIResponse",
		"The specification's PullURIResponse element: ResponseStatus with Status 1 and the document in DocDetails "+
			"(URI, IssuedTo, DataContent and, unless format is xml, DocContent), or Status 0 when the search finds no valid "+
			"certificate: a revoked or superseded certificate is never served."+ns, true)
	b.schemas["DigiLockerPullDocResponse"] = answer("PullDocResponse",
		"The specification's PullDocResponse element: ResponseStatus with Status 1 and the document in DocDetails "+
			"(URI, DataContent and, unless format is xml, DocContent), or Status 0 when the URI names no valid certificate "+
			"of this issuer: a revoked or superseded certificate is never served."+ns, false)
	refusal := func(root string) obj {
		return obj{"type": "object", "xml": obj{"name": root}, "additionalProperties": false, "required": []any{"ResponseStatus"},
			"description": "A refused request: the " + root + " element with only ResponseStatus, Status 0, whose text is " +
				"the reason." + ns,
			"properties": obj{"ResponseStatus": status([]any{"0"}, "Status 0; the element's text is the reason of the refusal.")}}
	}
	b.schemas["DigiLockerPullURIRefusal"] = refusal("PullURIResponse")
	b.schemas["DigiLockerPullDocRefusal"] = refusal("PullDocResponse")

	hmac := obj{"name": digilocker.HMACHeader, "in": "header", "required": true,
		"description": "The request's authentication, as the specification defines it: the HMAC of the HTTP request body " +
			"(the exact bytes sent) computed with SHA-256 and the issuer's API key (IB_DIGILOCKER_API_KEY) as the key, " +
			"converted to Base64 (standard alphabet, padded): Base64(HMAC-SHA256(body, API key)).",
		"schema": obj{"type": "string", "pattern": base64Pattern, "minLength": 1}}
	xmlContent := func(schema obj) obj { return obj{"application/xml": obj{"schema": schema}} }
	xmlResponse := func(description string, schema obj) obj {
		return obj{"description": description, "content": xmlContent(schema)}
	}
	route := func(path, operationID, summary, description, request, answer, refusal string) {
		b.op(http.MethodPost, path, digilockerTag, accessPublic,
			"DigiLocker only: a request needs the "+digilocker.HMACHeader+" header made with the issuer's API key.", obj{
				"operationId": operationID,
				"summary":     summary,
				"description": description,
				"parameters":  []any{hmac},
				"requestBody": obj{"required": true, "content": xmlContent(ref("schemas", request)),
					"description": fmt.Sprintf("The request, XML (at most %d MB). Internbase reads no DTD or external entity.",
						digilocker.MaxBody>>20)},
				"responses": obj{
					"200": xmlResponse("Answered: Status 1 with the document, or Status 0 when there is none to serve.",
						ref("schemas", answer)),
					"400": xmlResponse("The body is not the specification's XML: not well-formed, another root element, or "+
						"a format other than pdf, xml or both. The reason is \""+digilocker.ErrMalformed.Error()+"\".",
						ref("schemas", refusal)),
					"401": xmlResponse("Not authenticated: the "+digilocker.HMACHeader+" header is missing, not Base64, or "+
						"not the HMAC of this body with the issuer's API key; or the request's ts is missing, malformed or "+
						fmt.Sprintf("more than %d minutes from the server's clock. ", int(digilocker.MaxSkew.Minutes()))+
						"The HMAC is checked before the XML is read, so a malformed unsigned body also answers 401.",
						ref("schemas", refusal)),
					"404": response("DigiLocker is not configured on this server ("+digilocker.IssuerIDEnv+", "+
						digilocker.DocTypeEnv+" and "+digilocker.APIKeyEnv+" are not all set): PocketBase's JSON "+
						"not-found error. A document that is not found is not 404 but 200 with Status 0.",
						ref("schemas", "ApiError")),
					"413": xmlResponse(fmt.Sprintf("The body is larger than %d MB.", digilocker.MaxBody>>20),
						ref("schemas", refusal)),
					"429": ref("responses", "TooManyRequests"),
					"500": response("The certificate's stored PDF or facts could not be read: PocketBase's JSON error.",
						ref("schemas", "ApiError")),
				},
			})
	}
	route(digilocker.PullURIPath, "digilockerPullURI", "DigiLocker Pull URI Request: find a student's certificate",
		"DigiLocker searches for a student's certificate by register number (UDF1) and institution code (UDF2) with the "+
			"name it holds for its user (FullName), and gets the document URI with the certificate's facts (DataContent) "+
			"and, unless format is xml, its PDF (DocContent).",
		"DigiLockerPullURIRequest", "DigiLockerPullURIResponse", "DigiLockerPullURIRefusal")
	route(digilocker.PullDocPath, "digilockerPullDoc", "DigiLocker Pull Doc Request: a document by its URI",
		"DigiLocker fetches the document of a URI that a Pull URI answer gave: the certificate's facts (DataContent) and, "+
			"unless format is xml, its PDF (DocContent), while the certificate is valid.",
		"DigiLockerPullDocRequest", "DigiLockerPullDocResponse", "DigiLockerPullDocRefusal")
}

// base64Pattern is standard, padded Base64.
const base64Pattern = `^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`
