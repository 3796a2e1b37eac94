package i18n_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/notifications"
)

func setLanguage(t *testing.T, app core.App, u apptest.User, lang string) {
	t.Helper()
	_, err := app.DB().Update("users", dbx.Params{"language": lang}, dbx.HashExp{"id": u.Id}).Execute()
	apptest.Must(t, err)
}

func message(t *testing.T, res *apptest.Response, field string) (string, string) {
	t.Helper()
	var body struct {
		Message string                                    `json:"message"`
		Data    map[string]struct{ Code, Message string } `json:"data"`
	}
	apptest.Must(t, json.Unmarshal(res.Body, &body))
	return body.Message, body.Data[field].Message
}

// TestErrorsInTheCallersLanguage: the same refusal (applying after the
// deadline) reads in Malayalam for a Malayalam student and in English for
// an English one, with the same status and code; a guest gets the language
// of their Accept-Language header.
func TestErrorsInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	setLanguage(t, w.App, w.S2, i18n.ML)
	apply := func(u apptest.User) *apptest.Response {
		return c.Do(http.MethodPost, "/api/collections/applications/records", u.Token, map[string]any{"internship": w.Internship.Id})
	}
	ml := apply(w.S2)
	top, field := message(t, ml, "internship")
	want := "ഈ ഇന്റേൺഷിപ്പിലേക്ക് ഇപ്പോൾ അപേക്ഷ സ്വീകരിക്കുന്നില്ല."
	if ml.Status != 400 || ml.Code("internship") != "ib_closed" || top != want || field != want {
		t.Fatalf("Malayalam student: %d %s", ml.Status, ml)
	}
	en := apply(w.S3)
	top, field = message(t, en, "internship")
	if en.Status != 400 || en.Code("internship") != "ib_closed" || field != "This internship is not accepting applications." || top != field {
		t.Fatalf("English student: %d %s", en.Status, en)
	}

	// A logbook entry in the future: a model-hook error inside PocketBase's
	// own "Failed to create record." answer, both in Malayalam.
	setLanguage(t, w.App, w.S1, i18n.ML)
	res := c.Do(http.MethodPost, "/api/collections/logbook_entries/records", w.S1.Token, map[string]any{
		"placement": w.Placement.Id, "date": apptest.Day(w.App, 1).String(), "hours": 4, "activity": "Planned the next sprint with the team."})
	top, field = message(t, res, "date")
	if res.Status != 400 || res.Code("date") != "ib_out_of_range" || !strings.Contains(field, "ഇന്നോ") || strings.Contains(top+field, "the") {
		t.Fatalf("Malayalam logbook error: %d %s", res.Status, res)
	}

	signup := map[string]any{"email": "g@example.test", "password": apptest.Password, "passwordConfirm": apptest.Password,
		"name": "G", "role": "coordinator", "institution": w.InstA.Id}
	guest := c.Do(http.MethodPost, "/api/collections/users/records", "", signup, "Accept-Language", "ml-IN,ml;q=0.9,en;q=0.8")
	if _, field := message(t, guest, "role"); guest.Status != 400 || guest.Code("role") != "ib_forbidden_field" || !strings.HasPrefix(field, "സ്വയം രജിസ്റ്റർ") {
		t.Fatalf("Malayalam guest: %d %s", guest.Status, guest)
	}
	guest = c.Do(http.MethodPost, "/api/collections/users/records", "", signup, "Accept-Language", "en-IN,ml;q=0.5")
	if _, field := message(t, guest, "role"); !strings.HasPrefix(field, "Sign-up is for students only") {
		t.Fatalf("English guest: %d %s", guest.Status, guest)
	}
}

// TestNotificationsInTheRecipientsLanguage: an offer's notice and mail
// reach a Malayalam student in Malayalam and an English student in English,
// the expiry written in the platform zone and naming it.
func TestNotificationsInTheRecipientsLanguage(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	app := w.App
	c := apptest.NewClient(t, app)
	setLanguage(t, app, w.S2, i18n.ML)
	posting := apptest.Save(t, app, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data intern", "seats": 3,
		"starts_on": apptest.Day(app, 20), "ends_on": apptest.Day(app, 60), "apply_by": apptest.Day(app, 10), "hours": 60, "status": "open",
	})
	offer := func(student apptest.User, inst *core.Record) *core.Record {
		a := apptest.Save(t, app, "applications", map[string]any{
			"internship": posting.Id, "student": student.Id, "institution": inst.Id, "organization": w.OrgX.Id,
			"status": "endorsed", "endorsed_at": apptest.Day(app, -1),
		})
		if res := c.Do(http.MethodPatch, "/api/collections/applications/records/"+a.Id, w.SupX.Token, map[string]any{"status": "offered"}); res.Status != 200 {
			t.Fatalf("offer: %d %s", res.Status, res)
		}
		n, err := app.FindFirstRecordByFilter("notifications", "user = {:u} && kind = 'application.offered' && record = {:r}",
			dbx.Params{"u": student.Id, "r": a.Id})
		apptest.Must(t, err)
		return n
	}
	ml := offer(w.S2, w.InstA)
	if ml.GetString("title") != "“Data intern” ഇന്റേൺഷിപ്പിന് നിങ്ങൾക്ക് ഓഫർ ലഭിച്ചു" ||
		!strings.Contains(ml.GetString("body"), " IST-നു മുമ്പ് ഓഫർ സ്വീകരിക്കുകയോ") {
		t.Fatalf("Malayalam notice: %q / %q", ml.GetString("title"), ml.GetString("body"))
	}
	en := offer(w.S3, w.InstB)
	if en.GetString("title") != "You have an offer for “Data intern”" || !strings.HasPrefix(en.GetString("body"), "Accept or decline it before ") ||
		!strings.HasSuffix(en.GetString("body"), " IST.") || !(strings.Contains(en.GetString("body"), " am ") || strings.Contains(en.GetString("body"), " pm ")) {
		t.Fatalf("English notice: %q / %q", en.GetString("title"), en.GetString("body"))
	}

	app.TestMailer.Reset()
	notifications.Mail(app, ml)
	m := app.TestMailer.LastMessage()
	if m.Subject != ml.GetString("title") || !strings.Contains(m.HTML, "Internbase-ൽ തുറക്കുക") || !strings.Contains(m.Text, ml.GetString("body")) {
		t.Fatalf("Malayalam mail: %q %q", m.Subject, m.HTML)
	}
	notifications.Mail(app, en)
	if m := app.TestMailer.LastMessage(); !strings.Contains(m.HTML, "Open in Internbase") || m.Subject != en.GetString("title") {
		t.Fatalf("English mail: %q %q", m.Subject, m.HTML)
	}
}

// TestPortalSettings: GET /api/ib/portal answers the platform zone and the
// languages, cacheable, as the OpenAPI document describes.
func TestPortalSettings(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	c := apptest.NewClient(t, app)
	doc := apptest.LoadAPIDoc(t, c)
	r := c.Do(http.MethodGet, i18n.PortalPath, "", nil)
	res := &http.Response{StatusCode: r.Status, Header: r.Header, Body: io.NopCloser(bytes.NewReader(r.Body))}
	if errs := doc.ResponseErrors(httptest.NewRequest(http.MethodGet, i18n.PortalPath, nil), res); errs != "" {
		t.Errorf("the answer does not match the OpenAPI document:\n%s", errs)
	}
	if r.Status != 200 || r.String() != `{"languages":["en","ml"],"timezone":"Asia/Kolkata"}` && r.String() != `{"timezone":"Asia/Kolkata","languages":["en","ml"]}` ||
		!strings.Contains(r.Header.Get("Cache-Control"), "max-age=300") {
		t.Fatalf("portal: %d %s %q", r.Status, r, r.Header.Get("Cache-Control"))
	}
}
