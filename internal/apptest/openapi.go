package apptest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/content"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"

	"github.com/internbase/internbase/internal/apidocs"
)

// APIDoc is the OpenAPI document an app serves at GET /api/ib/openapi.json,
// with a validator (libopenapi-validator) of requests and responses against
// it.
type APIDoc struct {
	Raw       []byte
	JSON      map[string]any
	Validator validator.Validator
}

// LoadAPIDoc fetches the document through c, checks that it builds and
// validates against the OpenAPI 3.1 specification with zero errors, and
// returns it with its validator.
func LoadAPIDoc(t testing.TB, c *Client) *APIDoc {
	t.Helper()
	res := c.Do(http.MethodGet, apidocs.DocumentPath, "", nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s %.300s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	d := &APIDoc{Raw: res.Body}
	Must(t, json.Unmarshal(res.Body, &d.JSON))
	doc, err := libopenapi.NewDocument(res.Body)
	if err != nil {
		t.Fatalf("parse document: %v", err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Fatalf("openapi version %q", v)
	}
	if _, err := doc.BuildV3Model(); err != nil {
		t.Fatalf("build v3 model: %v", err)
	}
	// No schema cache: the validator compiles the schemas a test checks
	// against when it checks them, instead of every schema of the document
	// up front (which was most of the apidocs tests' time). The standard
	// body decoders make it check multipart, CSV and text bodies too, not
	// only JSON; XML bodies go through the validator's own mapping of the
	// OpenAPI xml objects (see xmlBody).
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions(), config.WithSchemaCache(nil),
		config.WithStandardBodyDecoders(), config.WithBodyDecoder("application/xml", content.DecoderFunc(xmlBody)))
	if len(errs) > 0 {
		t.Fatalf("new validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok || len(verrs) > 0 {
		t.Fatalf("the document does not validate against the OpenAPI 3.1 schema:\n%s", DescribeAPIErrors(verrs))
	}
	d.Validator = v
	return d
}

// RequestErrors describes how req differs from the document ("" when it
// matches).
func (d *APIDoc) RequestErrors(req *http.Request) string {
	if ok, errs := d.Validator.ValidateHttpRequest(req); !ok {
		return DescribeAPIErrors(errs)
	}
	return ""
}

// ResponseErrors describes how res, the answer to req, differs from the
// document ("" when it matches). It reads and restores res.Body.
func (d *APIDoc) ResponseErrors(req *http.Request, res *http.Response) string {
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err.Error()
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	defer func() { res.Body = io.NopCloser(bytes.NewReader(body)) }()
	if ok, errs := d.Validator.ValidateHttpResponse(req, res); !ok {
		return DescribeAPIErrors(errs)
	}
	return ""
}

// DescribeAPIErrors lists validation errors, one a line.
func DescribeAPIErrors(errs []*verrors.ValidationError) string {
	var sb strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&sb, "- %s: %s\n", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&sb, "    %s at %s (%s)\n", s.Reason, s.FieldPath, s.KeywordLocation)
		}
	}
	return sb.String()
}

// xmlBody decodes an XML body for schema validation with
// libopenapi-validator's own mapping of the OpenAPI xml objects (element
// names, attributes, wrapped arrays), after two changes that mapping cannot
// make itself: namespace declarations (xmlns, xmlns:p) are dropped, since
// they are not attributes; and the text of an element that has attributes is
// dropped, since OpenAPI 3.1 cannot describe an element with both (3.2's
// nodeType text can) and the mapping would read such an element as its text
// alone, losing its attributes. Tests check such text themselves.
func xmlBody(in *content.DecodeInput) (any, error) {
	if in == nil || in.Body == nil {
		return nil, nil
	}
	dec := xml.NewDecoder(in.Body)
	var out bytes.Buffer
	enc := xml.NewEncoder(&out)
	var hasAttrs []bool // per open element
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			var attrs []xml.Attr
			for _, a := range tk.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				attrs = append(attrs, a)
			}
			tk.Attr = attrs
			hasAttrs = append(hasAttrs, len(attrs) > 0)
			tok = tk
		case xml.EndElement:
			if len(hasAttrs) > 0 {
				hasAttrs = hasAttrs[:len(hasAttrs)-1]
			}
		case xml.CharData:
			if len(hasAttrs) > 0 && hasAttrs[len(hasAttrs)-1] {
				continue
			}
		case xml.ProcInst, xml.Directive, xml.Comment:
			continue
		}
		if err := enc.EncodeToken(xml.CopyToken(tok)); err != nil {
			return nil, err
		}
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	v, errs := schema_validation.TransformXMLToSchemaJSON(out.String(), in.Schema)
	if len(errs) > 0 {
		return nil, errors.New(DescribeAPIErrors(errs))
	}
	return emptyObjects(v, in.Schema), nil
}

// emptyObjects turns the empty string that the mapping reads an empty
// element as (<DocDetails></DocDetails>) into an empty object where the
// schema has an object.
func emptyObjects(v any, s *base.Schema) any {
	if s == nil {
		return v
	}
	switch x := v.(type) {
	case string:
		if x == "" && slices.Contains(s.Type, "object") {
			return map[string]any{}
		}
	case map[string]any:
		for k, sub := range x {
			if s.Properties != nil {
				if p := s.Properties.GetOrZero(k); p != nil {
					x[k] = emptyObjects(sub, p.Schema())
				}
			}
		}
	case []any:
		if s.Items != nil && s.Items.IsA() {
			for i := range x {
				x[i] = emptyObjects(x[i], s.Items.A.Schema())
			}
		}
	}
	return v
}
