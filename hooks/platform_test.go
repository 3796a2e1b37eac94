package hooks_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
)

// What changed under us with PocketBase v0.40 and encoding/json/v2: request
// bodies with text that is not UTF-8 or with a JSON key given twice. Before,
// encoding/json replaced bad bytes with U+FFFD and kept the last of two
// keys, silently; now every such request is a 400 that names the problem
// (hooks/input.go), and nothing is written.

type platformCase struct {
	name        string
	method, url string
	token       string
	body        any
	headers     []string
	field       string // the field named in the error's data ("" for none)
	message     string // a part of the message
}

// refused sends tc and checks the 400, its message and field, and that
// nothing changed: the collection's count and the watched record's fields.
func refused(t *testing.T, w *apptest.World, c *apptest.Client, collection string, watch *core.Record, tc platformCase) {
	t.Helper()
	before, err := w.App.CountRecords(collection)
	apptest.Must(t, err)
	res := c.Do(tc.method, tc.url, tc.token, tc.body, tc.headers...)
	if res.Status != 400 {
		t.Fatalf("got %d %s, want 400", res.Status, res.String())
	}
	msg, _ := res.JSON()["message"].(string)
	if !strings.Contains(msg, tc.message) {
		t.Fatalf("message %q, want it to say %q", msg, tc.message)
	}
	if tc.field != "" && res.Code(tc.field) == "" {
		t.Fatalf("no error on %s in %s", tc.field, res.String())
	}
	if n, _ := w.App.CountRecords(collection); n != before {
		t.Fatalf("%s: %d records → %d", collection, before, n)
	}
	if watch != nil {
		now, err := w.App.FindRecordById(watch.Collection(), watch.Id)
		apptest.Must(t, err)
		for _, f := range watch.Collection().Fields {
			if a, b := now.GetString(f.GetName()), watch.GetString(f.GetName()); a != b {
				t.Fatalf("%s.%s changed from %q to %q", collection, f.GetName(), b, a)
			}
		}
	}
}

func openInternship(t *testing.T, w *apptest.World) *core.Record {
	return apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data intern", "seats": 2,
		"starts_on": w.End, "ends_on": w.End, "apply_by": w.Due, "hours": 60, "status": "open",
	})
}

// JSON bodies with bytes that are not UTF-8, or a lone surrogate escape
// (which JSON.stringify writes for a lone surrogate in a string): 400 naming
// the field, nothing written.
func TestInvalidUTF8InJSONBodies(t *testing.T) {
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	open := openInternship(t, w)
	apps := "/api/collections/applications/records"
	const notUTF8 = "not valid UTF-8"

	t.Run("control: valid UTF-8 is saved as sent", func(t *testing.T) {
		res := c.Do("POST", apps, w.S3.Token, `{"internship":"`+open.Id+`","statement":"Grüße, नमस्ते ✓ <b>&"}`)
		if res.Status != 200 {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
		r, err := w.App.FindRecordById("applications", res.JSON()["id"].(string))
		apptest.Must(t, err)
		if got := r.GetString("statement"); got != "Grüße, नमस्ते ✓ <b>&" {
			t.Fatalf("statement stored as %q", got)
		}
	})
	for _, tc := range []platformCase{
		{name: "bytes that are not UTF-8 in a text field", method: "POST", url: apps, token: w.S2.Token,
			body: "{\"internship\":\"" + open.Id + "\",\"statement\":\"I like \xff\xfe Go\"}", field: "statement", message: notUTF8},
		{name: "a lone surrogate escape in a text field", method: "POST", url: apps, token: w.S2.Token,
			body: `{"internship":"` + open.Id + `","statement":"half an emoji \ud83d"}`, field: "statement", message: notUTF8},
		{name: "bytes that are not UTF-8 in a key", method: "POST", url: apps, token: w.S2.Token,
			body: "{\"internship\":\"" + open.Id + "\",\"state\xffment\":\"x\"}", message: notUTF8},
	} {
		t.Run(tc.name, func(t *testing.T) { refused(t, w, c, "applications", nil, tc) })
	}
	t.Run("an update of a logbook entry", func(t *testing.T) {
		refused(t, w, c, "logbook_entries", w.Entry, platformCase{method: "PATCH", url: "/api/collections/logbook_entries/records/" + w.Entry.Id,
			token: w.S1.Token, body: "{\"activity\":\"Wrote the \xc3 login API and its tests.\"}", field: "activity", message: notUTF8})
	})
	t.Run("inside a json field's value", func(t *testing.T) {
		refused(t, w, c, "internships", open, platformCase{method: "PATCH", url: "/api/collections/internships/records/" + open.Id,
			token: w.SupX.Token, body: "{\"skills\":[\"Go\",\"SQL\xff\"]}", field: "skills", message: notUTF8})
	})
	t.Run("a sign-in", func(t *testing.T) {
		res := c.Do("POST", "/api/collections/users/auth-with-password", "", "{\"identity\":\"s\xff@example.edu\",\"password\":\"a-long-password\"}")
		if res.Status != 400 || res.Code("identity") == "" || !strings.Contains(res.String(), notUTF8) {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
	})
}

// Multipart forms: a value or a file name that is not UTF-8 is refused
// (PocketBase would store the value's bytes as sent and serve them with
// U+FFFD, and fail the file name with "Failed to create record.").
func TestInvalidUTF8InMultipartForms(t *testing.T) {
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	apps := "/api/collections/applications/records"
	form := func(fields map[string]string, files ...apptest.File) (any, []string) {
		body, ct := apptest.Multipart(t, fields, files...)
		return body, []string{"Content-Type", ct}
	}
	cv := func(name string) apptest.File {
		return apptest.File{Field: "resume", Name: name, Content: apptest.PDF(100)}
	}

	t.Run("control: UTF-8 text and file name are saved as sent", func(t *testing.T) {
		body, h := form(map[string]string{"internship": openInternship(t, w).Id, "statement": "Grüße ✓"}, cv("résumé ✓.pdf"))
		res := c.Do("POST", apps, w.S3.Token, body, h...)
		if res.Status != 200 {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
		r, err := w.App.FindRecordById("applications", res.JSON()["id"].(string))
		apptest.Must(t, err)
		if r.GetString("statement") != "Grüße ✓" || !strings.HasSuffix(r.GetString("resume"), ".pdf") {
			t.Fatalf("stored statement %q, resume %q", r.GetString("statement"), r.GetString("resume"))
		}
	})
	t.Run("a text value", func(t *testing.T) {
		body, h := form(map[string]string{"internship": openInternship(t, w).Id, "statement": "bad \xff\xfe text"}, cv("cv.pdf"))
		refused(t, w, c, "applications", nil, platformCase{method: "POST", url: apps, token: w.S2.Token, body: body, headers: h,
			field: "statement", message: "not valid UTF-8"})
	})
	t.Run("a file name", func(t *testing.T) {
		body, h := form(map[string]string{"internship": openInternship(t, w).Id}, cv("cv\xff\xfe.pdf"))
		refused(t, w, c, "applications", nil, platformCase{method: "POST", url: apps, token: w.S2.Token, body: body, headers: h,
			field: "resume", message: "name of the file"})
	})
	t.Run("a json field's value", func(t *testing.T) {
		open := openInternship(t, w)
		body, h := form(map[string]string{"skills": "[\"Go\xff\"]"})
		refused(t, w, c, "internships", open, platformCase{method: "PATCH", url: "/api/collections/internships/records/" + open.Id,
			token: w.SupX.Token, body: body, headers: h, field: "skills", message: "not valid UTF-8"})
	})
}

// A JSON key given twice: in the request body, refused by name; inside a
// json field's value sent as text, refused by the field's rules; keys that
// differ only in case are two keys. JSON stored before v0.40 with a key
// twice is still served, as stored.
func TestDuplicatedJSONKeys(t *testing.T) {
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	open := openInternship(t, w)
	apps := "/api/collections/applications/records"
	eval := "/api/collections/evaluations/records/" + w.Evaluation.Id

	t.Run("a field of the request body", func(t *testing.T) {
		refused(t, w, c, "applications", nil, platformCase{method: "POST", url: apps, token: w.S2.Token,
			body: `{"internship":"` + open.Id + `","statement":"first","statement":"second"}`, field: "statement", message: `"statement" twice`})
	})
	t.Run("a key inside a json field's value", func(t *testing.T) {
		refused(t, w, c, "evaluations", w.Evaluation, platformCase{method: "PATCH", url: eval, token: w.SupX.Token,
			body: `{"scores":{"attendance":8,"attendance":9}}`, field: "scores", message: `"attendance" twice in "scores"`})
	})
	t.Run("a key inside a json field's value sent as text", func(t *testing.T) {
		refused(t, w, c, "evaluations", w.Evaluation, platformCase{method: "PATCH", url: eval, token: w.SupX.Token,
			body: `{"scores":"{\"attendance\":8,\"attendance\":9}"}`, field: "scores", message: `"attendance" is given twice`})
	})
	t.Run("a key inside a json field's value in a form", func(t *testing.T) {
		body, ct := apptest.Multipart(t, map[string]string{"scores": `{"attendance":8,"attendance":9}`})
		refused(t, w, c, "evaluations", w.Evaluation, platformCase{method: "PATCH", url: eval, token: w.SupX.Token,
			body: body, headers: []string{"Content-Type", ct}, field: "scores", message: `"attendance" is given twice`})
	})
	t.Run("a field of a batch sub-request", func(t *testing.T) {
		refused(t, w, c, "logbook_entries", nil, platformCase{method: "POST", url: "/api/batch", token: w.S1.Token,
			body: `{"requests":[{"method":"POST","url":"/api/collections/logbook_entries/records","body":{"placement":"` + w.Placement.Id +
				`","date":"` + w.Today.String() + `","hours":3,"hours":30,"activity":"A long enough activity text."}}]}`,
			message: `"hours" twice`})
	})
	t.Run("keys that differ only in case", func(t *testing.T) {
		// Record bodies are read into a map: "Statement" is another key, and
		// not a field, so it is ignored.
		res := c.Do("POST", apps, w.S3.Token, `{"internship":"`+open.Id+`","statement":"first","Statement":"second"}`)
		if res.Status != 200 {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
		r, err := w.App.FindRecordById("applications", res.JSON()["id"].(string))
		apptest.Must(t, err)
		if got := r.GetString("statement"); got != "first" {
			t.Fatalf("statement stored as %q, want \"first\"", got)
		}
	})
	t.Run("stored before v0.40", func(t *testing.T) {
		const stored = `{"attendance":8,"attendance":9}`
		_, err := w.App.DB().NewQuery("UPDATE evaluations SET scores = {:s} WHERE id = {:id}").
			Bind(map[string]any{"s": stored, "id": w.Evaluation.Id}).Execute()
		apptest.Must(t, err)
		// The record as stored, both keys.
		res := c.Do("GET", eval, w.SupX.Token, nil)
		if res.Status != 200 || !strings.Contains(res.String(), `"scores":`+stored) {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
		// With the fields option the value is decoded: the last key wins.
		res = c.Do("GET", eval+"?fields=id,scores", w.SupX.Token, nil)
		if res.Status != 200 || !strings.Contains(res.String(), `"scores":{"attendance":9}`) {
			t.Fatalf("got %d %s", res.Status, res.String())
		}
	})
}
