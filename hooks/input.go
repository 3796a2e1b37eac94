package hooks

import (
	"bytes"
	"encoding/json/jsontext"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Text that is not UTF-8, and JSON objects that give a key twice.
//
// Since v0.40 PocketBase reads JSON request bodies with encoding/json/v2,
// which refuses invalid UTF-8 (and lone surrogate escapes such as "\ud800")
// and duplicated object keys: the request fails with a 400 whose message
// ("Something went wrong while processing your request.") does not say why.
// jsonBodyCheck answers the same requests with the same status and a message
// that names the problem and the field. It refuses nothing that PocketBase
// accepts.
//
// Multipart form values and file names are not JSON: PocketBase stores a
// text value that is not UTF-8 as it came (and serves it with U+FFFD in
// place of the bad bytes), and fails a file name that is not UTF-8 with
// "Failed to create record." refuseInvalidForm refuses both with a field
// error before anything is saved.
func registerInputChecks(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: "ibJSONBody",
			// right after PocketBase's body limit (same priority, bound
			// later), before the realtime feed and every handler
			Priority: apis.DefaultBodyLimitMiddlewarePriority,
			Func:     jsonBodyCheck,
		})
		return se.Next()
	})
	app.OnRecordCreateRequest().BindFunc(refuseInvalidForm)
	app.OnRecordUpdateRequest().BindFunc(refuseInvalidForm)
}

// maxCheckedBody bounds the JSON bodies jsonBodyCheck reads: a larger one
// (or one of unknown length) goes on unchecked, and PocketBase answers its
// problems itself.
const maxCheckedBody = 1 << 20

func jsonBodyCheck(e *core.RequestEvent) error {
	switch e.Request.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
	default:
		return e.Next()
	}
	if e.Request.ContentLength <= 0 || e.Request.ContentLength > maxCheckedBody ||
		!strings.HasPrefix(e.Request.Header.Get("Content-Type"), "application/json") {
		return e.Next()
	}
	rr, ok := e.Request.Body.(router.Rereader)
	if !ok {
		return e.Next()
	}
	// Read to the end (a partial read cannot be rewound), then rewind for
	// the handlers.
	body, err := io.ReadAll(e.Request.Body)
	rr.Reread()
	if err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr // e.g. the body limit's 413
		}
		return e.BadRequestError("Failed to read the request body.", err)
	}
	if err := jsonBodyProblem(body); err != nil {
		return err
	}
	return e.Next()
}

// jsonBodyProblem returns the 400 for a JSON body that is well formed but
// for invalid UTF-8 or a duplicated key, and nil for any other body (valid,
// or malformed in another way, which PocketBase answers itself).
func jsonBodyProblem(body []byte) error {
	v := jsontext.Value(body)
	if v.IsValid() || !v.IsValid(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)) {
		return nil
	}
	var se *jsontext.SyntacticError
	err := jsontext.NewDecoder(bytes.NewReader(body)).SkipValue()
	if !errors.As(err, &se) {
		return nil
	}
	tokens := slices.Collect(se.JSONPointer.Tokens())
	// Each answer is one whole sentence (so that the i18n catalog can say it
	// in Malayalam).
	if errors.Is(se.Err, jsontext.ErrDuplicateName) {
		switch n := len(tokens); n {
		case 0:
			return fieldError(tokens, "The request body gives a key twice; give each key once.")
		case 1:
			return fieldError(tokens, fmt.Sprintf("The request body gives %q twice; give each key once.", tokens[0]))
		default:
			return fieldError(tokens, fmt.Sprintf("The request body gives %q twice in %q; give each key once.",
				tokens[n-1], strings.Join(tokens[:n-1], ".")))
		}
	}
	if len(tokens) > 0 && utf8.ValidString(strings.Join(tokens, "")) {
		return fieldError(tokens, fmt.Sprintf("The request body is not valid UTF-8 text (in %q); send JSON encoded as UTF-8, without lone surrogates.",
			strings.Join(tokens, ".")))
	}
	return fieldError(tokens, "The request body is not valid UTF-8 text; send JSON encoded as UTF-8, without lone surrogates.")
}

// fieldError is a 400 with message, naming the top-level field of path (if
// any and if it is valid UTF-8) in its data.
func fieldError(path []string, message string) error {
	if len(path) == 0 || !utf8.ValidString(path[0]) {
		return apis.NewBadRequestError(message, nil)
	}
	return apis.NewBadRequestError(message, validation.Errors{path[0]: validation.NewError("validation_invalid_value", message)})
}

// refuseInvalidForm refuses a multipart record create or update with a
// value or file name that is not UTF-8 text.
func refuseInvalidForm(e *core.RecordRequestEvent) error {
	if form := e.Request.MultipartForm; form != nil {
		if err := formProblem(form); err != nil {
			return err
		}
	}
	return e.Next()
}

func formProblem(form *multipart.Form) error {
	for _, key := range sortedKeys(form.Value) {
		bad := !utf8.ValidString(key)
		for _, v := range form.Value[key] {
			bad = bad || !utf8.ValidString(v)
		}
		if !bad {
			continue
		}
		if utf8.ValidString(key) {
			return fieldError([]string{key}, fmt.Sprintf("The value of %q is not valid UTF-8 text; send the form encoded as UTF-8.", key))
		}
		return fieldError([]string{key}, "The value of a field is not valid UTF-8 text; send the form encoded as UTF-8.")
	}
	for _, key := range sortedKeys(form.File) {
		for _, fh := range form.File[key] {
			if utf8.ValidString(key) && utf8.ValidString(fh.Filename) {
				continue
			}
			if utf8.ValidString(key) {
				return fieldError([]string{key}, fmt.Sprintf("The name of the file uploaded as %q is not valid UTF-8 text; rename the file and upload it again.", key))
			}
			return fieldError([]string{key}, "The name of the file uploaded as a field is not valid UTF-8 text; rename the file and upload it again.")
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
