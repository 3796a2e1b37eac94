package i18n_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/placements"
)

// refusal is one refused request's status, the code and message of its
// field, and its top message.
type refusal struct {
	status           int
	code, field, top string
}

func refused(t *testing.T, res *apptest.Response, field string) refusal {
	t.Helper()
	top, msg := message(t, res, field)
	return refusal{status: res.Status, code: res.Code(field), field: msg, top: top}
}

// sameRefusal checks that ml and en are the same refusal (status, code),
// en in English (wantEN) and ml in Malayalam (wantML), top messages
// included.
func sameRefusal(t *testing.T, what string, ml, en refusal, status int, code, wantML, wantEN string) {
	t.Helper()
	if en.status != status || en.code != code || en.field != wantEN {
		t.Errorf("%s, English: %d %s %q, want %d %s %q", what, en.status, en.code, en.field, status, code, wantEN)
	}
	if ml.status != en.status || ml.code != en.code || ml.field != wantML {
		t.Errorf("%s, Malayalam: %d %s %q, want %d %s %q", what, ml.status, ml.code, ml.field, en.status, en.code, wantML)
	}
	if got, ok := i18n.Translate(i18n.ML, en.top); !ok || ml.top != got || ml.top == en.top {
		t.Errorf("%s: Malayalam top message %q (English %q)", what, ml.top, en.top)
	}
}

// TestWorkRefusalsInTheCallersLanguage: refusals of the internships,
// certificates, courses and regulations domains (and of the request checks)
// answer a Malayalam caller in Malayalam and an English one in English,
// with the same status and code.
func TestWorkRefusalsInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	app := w.App
	c := apptest.NewClient(t, app)
	// as does the request as u in lang (the user's own language)
	as := func(u apptest.User, lang string, do func() *apptest.Response) *apptest.Response {
		setLanguage(t, app, u, lang)
		return do()
	}

	// Cancelling a posting without a reason (internships).
	posting := apptest.Save(t, app, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data intern", "seats": 3,
		"starts_on": apptest.Day(app, 20), "ends_on": apptest.Day(app, 60), "apply_by": apptest.Day(app, 10), "hours": 60, "status": "open",
	})
	cancel := func() *apptest.Response {
		return c.Do(http.MethodPatch, "/api/collections/internships/records/"+posting.Id, w.SupX.Token, map[string]any{"status": "cancelled"})
	}
	sameRefusal(t, "cancel without a reason",
		refused(t, as(w.SupX, i18n.ML, cancel), "cancel_reason"), refused(t, as(w.SupX, i18n.EN, cancel), "cancel_reason"),
		400, "validation_required", "ഇന്റേൺഷിപ്പ് റദ്ദാക്കുന്നതിന്റെ കാരണം എഴുതുക.", "Give the reason for cancelling the internship.")

	// Revoking a certificate without a reason (certificates).
	revoke := func() *apptest.Response {
		return c.Do(http.MethodPatch, "/api/collections/certificates/records/"+w.Certificate.Id, w.CoordA.Token, map[string]any{"status": "revoked"})
	}
	sameRefusal(t, "revoke without a reason",
		refused(t, as(w.CoordA, i18n.ML, revoke), "revoke_reason"), refused(t, as(w.CoordA, i18n.EN, revoke), "revoke_reason"),
		400, "validation_required", "സർട്ടിഫിക്കറ്റ് റദ്ദാക്കുന്നതിന്റെ കാരണം എഴുതുക.", "Give the reason for revoking the certificate.")

	// Marking a lesson done twice (courses).
	lesson := func() *apptest.Response {
		return c.Do(http.MethodPost, "/api/collections/lesson_completions/records", w.S1.Token, map[string]any{"lesson": w.Lesson.Id})
	}
	en := refused(t, as(w.S1, i18n.EN, lesson), "lesson")
	sameRefusal(t, "a lesson done twice", refused(t, as(w.S1, i18n.ML, lesson), "lesson"), en,
		400, en.code, "ഈ പാഠം പൂർത്തിയാക്കിയതായി നിങ്ങൾ നേരത്തേ രേഖപ്പെടുത്തിയിട്ടുണ്ട്.", "You have already marked this lesson done.")
	if en.code == "" {
		t.Errorf("a lesson done twice: no code")
	}

	// A malformed grade scale (regulations): a superuser's language is
	// their Accept-Language; the message carries the row and the grade.
	scale := func(lang string) *apptest.Response {
		return c.Do(http.MethodPatch, "/api/collections/regulations/records/"+w.Regulation.Id, w.Admin.Token, map[string]any{
			"grade_scale": []map[string]any{{"min": 60, "grade": "P", "point": 5}, {"min": 40, "grade": "P", "point": 4}, {"min": 0, "grade": "F", "point": 0}},
		}, "Accept-Language", lang)
	}
	sameRefusal(t, "a grade repeated", refused(t, scale("ml-IN,ml;q=0.9"), "grade_scale"), refused(t, scale("en-IN"), "grade_scale"),
		400, "validation_invalid_value",
		`ഗ്രേഡ് സ്കെയിലിലെ 2-ാം വരിയിൽ "P" എന്ന ഗ്രേഡ് ആവർത്തിക്കുന്നു; ഓരോ വരിക്കും വേറിട്ട ഗ്രേഡ് നൽകുക.`,
		`Row 2 of the grade scale repeats the grade "P"; give each row its own grade.`)

	// Completing a placement that still lacks hours, work and an
	// evaluation (placements): the list of what is missing reads in
	// Malayalam too, the task's title as it is.
	complete := func() *apptest.Response {
		return c.Do(http.MethodPatch, "/api/collections/placements/records/"+w.Placement.Id, w.CoordA.Token, map[string]any{"status": "completed"})
	}
	ml, en := refused(t, as(w.CoordA, i18n.ML, complete), "status"), refused(t, as(w.CoordA, i18n.EN, complete), "status")
	if !strings.HasPrefix(en.field, "This placement cannot be completed yet. Still missing: ") {
		t.Fatalf("complete too early, English: %d %q", en.status, en.field)
	}
	if want, _ := i18n.Translate(i18n.ML, en.field); ml.status != en.status || ml.code != en.code || ml.field != want ||
		!strings.Contains(ml.field, "മെന്ററുടെ മൂല്യനിർണയം") || !strings.Contains(ml.field, `"Final report" ടാസ്`) ||
		strings.Contains(ml.field, "evaluation") || strings.Contains(ml.field, "hours") {
		t.Errorf("complete too early, Malayalam: %d %s %q", ml.status, ml.code, ml.field)
	}

	// A JSON body that gives a key twice (the request checks of hooks).
	twice := func() *apptest.Response {
		return c.Do(http.MethodPatch, "/api/collections/internships/records/"+posting.Id, w.SupX.Token,
			`{"title":"Data intern","title":"Data intern (remote)"}`)
	}
	sameRefusal(t, "a key given twice", refused(t, as(w.SupX, i18n.ML, twice), "title"), refused(t, as(w.SupX, i18n.EN, twice), "title"),
		400, "validation_invalid_value",
		`അഭ്യർഥനയിൽ "title" രണ്ടു തവണ നൽകിയിരിക്കുന്നു; ഓരോ key-യും ഒരു തവണ മാത്രം നൽകുക.`,
		`The request body gives "title" twice; give each key once.`)
}

// TestWorkValues: sentences whose values are lists of catalog phrases
// render them in Malayalam, titles in quotation marks as they are.
func TestWorkValues(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		placements.IncompleteMessage(placements.Missing(42, 60, []string{"Final report"}, true, false)):                                             "ഈ പ്ലേസ്\u200cമെന്റ് ഇനിയും പൂർത്തിയാക്കാനാവില്ല. ബാക്കിയുള്ളത്: അംഗീകരിച്ച മണിക്കൂർ (60-ൽ 42 മാത്രം); \"Final report\" ടാസ്\u200cകിന് അംഗീകരിച്ച ഒരു സമർപ്പണം; മെന്ററുടെ മൂല്യനിർണയം.",
		"Complete the required courses first: “Workplace safety”, 2 courses your institution has not published for you yet (ask your coordinator).": "ആദ്യം ഈ നിർബന്ധിത കോഴ്\u200cസുകൾ പൂർത്തിയാക്കുക: “Workplace safety”, നിങ്ങളുടെ സ്ഥാപനം ഇതുവരെ നിങ്ങൾക്കായി പ്രസിദ്ധീകരിച്ചിട്ടില്ലാത്ത 2 കോഴ്\u200cസുകൾ (കോ-ഓർഡിനേറ്ററോട് ചോദിക്കുക).",
		"Complete the required courses first: “Workplace safety”, “First aid”.":                                                                     "ആദ്യം ഈ നിർബന്ധിത കോഴ്\u200cസുകൾ പൂർത്തിയാക്കുക: “Workplace safety”, “First aid”.",
		"Only a valid certificate can be reissued; this one is revoked.":                                                                            "സാധുവായ സർട്ടിഫിക്കറ്റ് മാത്രമേ വീണ്ടും നൽകാനാകൂ; ഇത് ‘റദ്ദാക്കിയത്’ എന്ന നിലയിലാണ്.",
		"This placement already has a mentor evaluation; edit that one instead.":                                                                    "ഈ പ്ലേസ്\u200cമെന്റിന് ഇതിനകം ഒരു മെന്ററുടെ മൂല്യനിർണയമുണ്ട്; പുതിയതിനു പകരം അത് തിരുത്തുക.",
		"Give the scores as an object of criterion keys and numbers, like {\"attendance\": 8}.":                                                     "ഓരോ മാനദണ്ഡത്തിന്റെയും key-യും മാർക്കും ചേർന്ന ഒരു object ആയി മാർക്കുകൾ നൽകുക, ഉദാഹരണത്തിന് {\"attendance\": 8}.",
		"Status list not found: a list is named by its institution's id and its number, as in /api/ib/status/{institution}-1.":                      "സ്റ്റാറ്റസ് ലിസ്റ്റ് കണ്ടെത്താനായില്ല: സ്ഥാപനത്തിന്റെ id-യും ലിസ്റ്റിന്റെ നമ്പറും ചേർന്നതാണ് ലിസ്റ്റിന്റെ പേര്, ഉദാഹരണത്തിന് /api/ib/status/{institution}-1.",
	}
	for en, want := range cases {
		if got, ok := i18n.Translate(i18n.ML, en); !ok || got != want {
			t.Errorf("%q\n got %q\nwant %q", en, got, want)
		}
	}
}
