package migrations_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/hooks"
	"github.com/internbase/internbase/internal/apptest"
)

// The access-matrix world: one seeded data dir, built once per test binary
// and cloned (a file copy) for every scenario that may change data.
//
// Two institutions A and B, two host organizations X and Y, one user of each
// role per tenant, students S1 and S2 of A and S3 of B; S1 is placed at X
// (endorsed application, ongoing placement with logbook, submission,
// evaluations and a certificate), S2 has an un-endorsed application to the
// same posting, S3 is placed at Y. Ids are fixed so tables can name them.

// pid pads a short name with zeros to a 15-character record id.
func pid(name string) string {
	if len(name) > 15 {
		panic("id too long: " + name)
	}
	return name + strings.Repeat("0", 15-len(name))
}

var (
	idRegA, idRegZ                      = pid("rega"), pid("regz")
	idInstA, idInstB, idInstZ           = pid("insta"), pid("instb"), pid("instz")
	idOrgX, idOrgY, idOrgZ              = pid("orgx"), pid("orgy"), pid("orgz")
	idS1, idS2, idS3                    = pid("s1"), pid("s2"), pid("s3")
	idMentorA, idMentorB                = pid("mentora"), pid("mentorb")
	idCoordA, idCoordB                  = pid("coorda"), pid("coordb")
	idSupX, idSupY                      = pid("supx"), pid("supy")
	idAdmin                             = pid("admin")
	idCoursePubA, idCourseDraftA        = pid("coursepuba"), pid("coursedrafta")
	idCoursePubB, idCourseGlobal        = pid("coursepubb"), pid("courseglobal")
	idLessonPubA, idLessonDraftA        = pid("lessonpuba"), pid("lessondrafta")
	idLessonPubB                        = pid("lessonpubb")
	idLCS1, idCCS1                      = pid("lcs1"), pid("ccs1")
	idIntOpenX, idIntDraftX, idIntOpenY = pid("intopenx"), pid("intdraftx"), pid("intopeny")
	idAppS1, idAppS2, idAppS3           = pid("apps1"), pid("apps2"), pid("apps3")
	idPlacS1, idPlacS3                  = pid("placs1"), pid("placs3")
	idLogS1a, idLogS1b, idLogS3         = pid("logs1a"), pid("logs1b"), pid("logs3")
	idTaskX, idTaskFinalX, idTaskDraftX = pid("taskx"), pid("taskfinalx"), pid("taskdraftx")
	idSubS1                             = pid("subs1")
	idEvalSupS1, idEvalMenS1            = pid("evalsups1"), pid("evalmens1")
	idCertS1                            = pid("certs1")
	idSigKey                            = pid("sigkey")
	idNotifS1, idNotifS2                = pid("notifs1"), pid("notifs2")
	idAuditA, idAuditB                  = pid("audita"), pid("auditb")
)

// Names of the fixture people, unique enough to filter on.
const (
	nameS1       = "Asha Fixture"
	nameS2       = "Bina Fixture"
	nameS3       = "Chitra Fixture"
	codeInstA    = "INSA"
	codeInstB    = "INSB"
	certNumber   = "IB-2026-7K3F9QXD"
	privateKey   = "cHJpdmF0ZS1rZXktb2YtdGhlLWZpeHR1cmUtd29ybGQ"
	statementS2  = "Unendorsed statement of the second student."
	statementS1  = "Endorsed statement of the first student."
	pdfBytes     = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
	activityText = "Set up the development environment and read the code base."
)

// Callers of the matrix; "anon" sends no token.
const (
	anon    = "anon"
	s1      = "S1"
	s2      = "S2"
	s3      = "S3"
	mentorA = "mentorA"
	mentorB = "mentorB"
	coordA  = "coordA"
	coordB  = "coordB"
	supX    = "supX"
	supY    = "supY"
	admin   = "superuser"
)

var callers = []string{anon, s1, s2, s3, mentorA, mentorB, coordA, coordB, supX, supY, admin}

// callerIDs maps a caller to its users (or _superusers) record id.
var callerIDs = map[string]string{
	s1: idS1, s2: idS2, s3: idS3, mentorA: idMentorA, mentorB: idMentorB, coordA: idCoordA,
	coordB: idCoordB, supX: idSupX, supY: idSupY, admin: idAdmin,
}

// world is the seeded template: its data dir, the callers' auth tokens, the
// stored names of the protected files, and the collections in which the
// server added records of its own (their list totals are not asserted).
type world struct {
	dir          string
	tokens       map[string]string
	emails       map[string]string
	resumeS1     string
	resumeS2     string
	submissionS1 string
	extra        map[string]bool
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if theWorld != nil {
		os.RemoveAll(theWorld.dir)
	}
	os.Exit(code)
}

// getWorld builds the template once (with the first caller's t) and returns it.
func getWorld(t testing.TB) *world {
	t.Helper()
	worldOnce.Do(func() {
		ok := false
		defer func() {
			if !ok && worldErr == "" {
				worldErr = "building the fixture world failed (see the first failing test)"
			}
		}()
		theWorld = buildWorld(t)
		ok = true
	})
	if worldErr != "" {
		t.Fatal(worldErr)
	}
	return theWorld
}

// clone returns a fresh app on a copy of the world, with Internbase's hooks.
func (w *world) clone(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(w.dir)
	if err != nil {
		t.Fatalf("clone world: %v", err)
	}
	hooks.Register(app)
	apptest.UseTestClock(t, app)
	return app
}

// factory is an ApiScenario factory: a fresh clone per scenario.
func (w *world) factory() func(t testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp { return w.clone(t) }
}

// day is the calendar day offset days from the test clock's today.
func day(offset int) types.DateTime {
	dt, _ := types.ParseDateTime(apptest.Today().AddDate(0, 0, offset))
	return dt
}

func pdfFile(t testing.TB) *filesystem.File {
	f, err := filesystem.NewFileFromBytes([]byte(pdfBytes), "x.pdf")
	apptest.Must(t, err)
	return f
}

func buildWorld(t testing.TB) *world {
	t.Helper()
	empty, err := os.MkdirTemp("", "ib_world_empty_*")
	apptest.Must(t, err)
	defer os.RemoveAll(empty)
	app, err := tests.NewTestApp(empty)
	apptest.Must(t, err)
	hooks.Register(app)
	apptest.UseTestClock(t, app)
	apptest.CheapPasswords(t, app) // as in every test app: the matrix creates users

	w := &world{dir: app.DataDir(), tokens: map[string]string{}, emails: map[string]string{}, extra: map[string]bool{}}

	// Rate limits are production settings; the matrix sends hundreds of
	// requests from one address.
	s := app.Settings()
	s.RateLimits.Enabled = false
	apptest.Must(t, app.Save(s))

	save := func(collection string, data map[string]any) *core.Record {
		t.Helper()
		return apptest.Save(t, app, collection, data)
	}

	apptest.Regulation(t, app, map[string]any{"id": idRegA, "name": "Calicut FYUGP Internship Regulation"})
	apptest.Regulation(t, app, map[string]any{"id": idRegZ, "name": "Unused Regulation"})
	save("institutions", map[string]any{"id": idInstA, "name": "College A", "code": codeInstA, "regulation": idRegA})
	save("institutions", map[string]any{"id": idInstB, "name": "College B", "code": codeInstB, "regulation": idRegA})
	save("institutions", map[string]any{"id": idInstZ, "name": "College Z", "code": "INSZ", "regulation": idRegA})
	apptest.Organization(t, app, map[string]any{"id": idOrgX, "name": "Host X"})
	apptest.Organization(t, app, map[string]any{"id": idOrgY, "name": "Host Y"})
	apptest.Organization(t, app, map[string]any{"id": idOrgZ, "name": "Host Z"})

	user := func(key, role string, data map[string]any) {
		data["id"] = callerIDs[key]
		u := apptest.NewUser(t, app, role, data)
		w.tokens[key] = u.Token
		w.emails[key] = u.Email()
	}
	user(s1, "student", map[string]any{"institution": idInstA, "name": nameS1, "register_no": "REGS1"})
	user(s2, "student", map[string]any{"institution": idInstA, "name": nameS2, "register_no": "REGS2"})
	user(s3, "student", map[string]any{"institution": idInstB, "name": nameS3, "register_no": "REGS3"})
	user(mentorA, "mentor", map[string]any{"institution": idInstA})
	user(mentorB, "mentor", map[string]any{"institution": idInstB})
	user(coordA, "coordinator", map[string]any{"institution": idInstA})
	user(coordB, "coordinator", map[string]any{"institution": idInstB})
	user(supX, "supervisor", map[string]any{"organization": idOrgX})
	user(supY, "supervisor", map[string]any{"organization": idOrgY})

	suCol, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	apptest.Must(t, err)
	su := core.NewRecord(suCol)
	su.Id = idAdmin
	su.SetEmail("admin@example.test")
	su.SetPassword(apptest.Password)
	apptest.Must(t, app.Save(su))
	tok, err := su.NewAuthToken()
	apptest.Must(t, err)
	w.tokens[admin] = tok
	w.emails[admin] = su.Email()

	// Training.
	save("courses", map[string]any{"id": idCoursePubA, "title": "Workplace Safety A", "hours": 4, "institution": idInstA, "published": true, "author": idCoordA})
	save("courses", map[string]any{"id": idCourseDraftA, "title": "Draft Course A", "hours": 2, "institution": idInstA, "published": false, "author": idMentorA})
	save("courses", map[string]any{"id": idCoursePubB, "title": "Workplace Safety B", "hours": 4, "institution": idInstB, "published": true, "author": idCoordB})
	save("courses", map[string]any{"id": idCourseGlobal, "title": "Global Ethics", "hours": 1, "published": true})
	save("lessons", map[string]any{"id": idLessonPubA, "course": idCoursePubA, "position": 1, "title": "Lesson of A"})
	save("lessons", map[string]any{"id": idLessonDraftA, "course": idCourseDraftA, "position": 1, "title": "Lesson of the draft"})
	save("lessons", map[string]any{"id": idLessonPubB, "course": idCoursePubB, "position": 1, "title": "Lesson of B"})
	save("course_completions", map[string]any{"id": idCCS1, "student": idS1, "course": idCoursePubA, "completed_at": day(-20), "institution": idInstA})
	save("lesson_completions", map[string]any{"id": idLCS1, "student": idS1, "lesson": idLessonPubA, "course": idCoursePubA, "institution": idInstA})

	// Postings.
	posting := func(id, org, sup, status, title string) {
		save("internships", map[string]any{
			"id": id, "organization": org, "supervisor": sup, "title": title, "description": "<p>Work with us.</p>",
			"mode": "hybrid", "seats": 3, "starts_on": day(-10), "ends_on": day(80), "apply_by": day(5),
			"hours": 120, "stipend": 5000, "fee": 0, "status": status,
		})
	}
	posting(idIntOpenX, idOrgX, idSupX, "open", "Backend intern at X")
	posting(idIntDraftX, idOrgX, idSupX, "draft", "Draft posting at X")
	posting(idIntOpenY, idOrgY, idSupY, "open", "Data intern at Y")

	// Applications: S1 endorsed (visible to X), S2 submitted (hidden from X),
	// S3 accepted at Y.
	appS1 := save("applications", map[string]any{
		"id": idAppS1, "internship": idIntOpenX, "student": idS1, "statement": statementS1, "resume": pdfFile(t),
		"status": "accepted", "endorsed_by": idCoordA, "endorsed_at": day(-15), "institution": idInstA, "organization": idOrgX,
		"decided_by": idSupX,
	})
	appS2 := save("applications", map[string]any{
		"id": idAppS2, "internship": idIntOpenX, "student": idS2, "statement": statementS2, "resume": pdfFile(t),
		"status": "submitted", "institution": idInstA, "organization": idOrgX,
	})
	save("applications", map[string]any{
		"id": idAppS3, "internship": idIntOpenY, "student": idS3, "statement": "Statement of the third student.",
		"status": "accepted", "endorsed_by": idCoordB, "endorsed_at": day(-15), "institution": idInstB, "organization": idOrgY,
		"decided_by": idSupY,
	})
	w.resumeS1 = appS1.GetString("resume")
	w.resumeS2 = appS2.GetString("resume")

	// Placements.
	save("placements", map[string]any{
		"id": idPlacS1, "application": idAppS1, "student": idS1, "internship": idIntOpenX, "organization": idOrgX,
		"institution": idInstA, "supervisor": idSupX, "mentor": idMentorA, "status": "ongoing", "started_on": day(-10),
		"approved_hours": 6,
	})
	save("placements", map[string]any{
		"id": idPlacS3, "application": idAppS3, "student": idS3, "internship": idIntOpenY, "organization": idOrgY,
		"institution": idInstB, "supervisor": idSupY, "mentor": idMentorB, "status": "ongoing", "started_on": day(-10),
	})

	save("logbook_entries", map[string]any{"id": idLogS1a, "placement": idPlacS1, "date": day(-2), "hours": 4, "activity": activityText, "status": "pending"})
	save("logbook_entries", map[string]any{"id": idLogS1b, "placement": idPlacS1, "date": day(-1), "hours": 6, "activity": activityText, "status": "approved", "reviewed_by": idSupX, "reviewed_at": day(0)})
	save("logbook_entries", map[string]any{"id": idLogS3, "placement": idPlacS3, "date": day(-2), "hours": 5, "activity": activityText, "status": "pending"})

	save("tasks", map[string]any{"id": idTaskX, "internship": idIntOpenX, "title": "First assignment", "kind": "assignment", "due_on": day(20), "max_score": 10, "required": true})
	save("tasks", map[string]any{"id": idTaskFinalX, "internship": idIntOpenX, "title": "Final report", "kind": "final_report", "due_on": day(75), "max_score": 20, "required": true})
	save("tasks", map[string]any{"id": idTaskDraftX, "internship": idIntDraftX, "title": "Task of the draft", "kind": "assignment", "max_score": 10})
	sub := save("submissions", map[string]any{"id": idSubS1, "task": idTaskX, "placement": idPlacS1, "attempt": 1, "files": []*filesystem.File{pdfFile(t)}, "note": "My work.", "status": "submitted"})
	w.submissionS1 = sub.GetStringSlice("files")[0]

	save("evaluations", map[string]any{"id": idEvalSupS1, "placement": idPlacS1, "kind": "supervisor", "evaluator": idSupX,
		"scores": map[string]any{"attendance": 8, "skills": 7, "initiative": 9, "communication": 8, "conduct": 10}, "total": 42, "submitted": false})
	save("evaluations", map[string]any{"id": idEvalMenS1, "placement": idPlacS1, "kind": "mentor", "evaluator": idMentorA,
		"scores": map[string]any{"logbook": 8, "report": 15, "viva": 16}, "total": 39, "submitted": false})

	save("certificates", map[string]any{
		"id": idCertS1, "number": certNumber, "placement": idPlacS1, "student": idS1, "institution": idInstA, "organization": idOrgX,
		"student_name": nameS1, "register_no": "REGS1", "institution_name": "College A", "organization_name": "Host X",
		"title": "Backend intern at X", "starts_on": day(-10).Time().Format("2006-01-02"), "ends_on": day(80).Time().Format("2006-01-02"),
		"hours": 6, "credits": 2, "marks": 40.5, "max_marks": 50, "grade": "A+", "issued_at": day(0), "status": "valid",
		"sha256": strings.Repeat("ab", 32), "signature": "c2lnbmF0dXJl", "key_id": "key-1",
	})
	seed, _ := base64.RawURLEncoding.DecodeString(privateKey)
	publicKey := base64.RawURLEncoding.EncodeToString(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey))
	save("signing_keys", map[string]any{"id": idSigKey, "kid": "key-1", "public_key": publicKey, "private_key": privateKey, "active": true})

	save("notifications", map[string]any{"id": idNotifS1, "user": idS1, "kind": "application.accepted", "title": "You are placed", "link": "/applications/" + idAppS1, "record": idAppS1})
	save("notifications", map[string]any{"id": idNotifS2, "user": idS2, "kind": "application.submitted", "title": "Application received", "link": "/applications/" + idAppS2, "record": idAppS2})
	save("audit_events", map[string]any{"id": idAuditA, "actor": idCoordA, "actor_label": "coordinator:" + idCoordA, "action": "applications.status",
		"collection": "applications", "record": idAppS1, "from": "submitted", "to": "endorsed", "institution": idInstA})
	save("audit_events", map[string]any{"id": idAuditB, "actor": idCoordB, "actor_label": "coordinator:" + idCoordB, "action": "applications.status",
		"collection": "applications", "record": idAppS3, "from": "submitted", "to": "endorsed", "institution": idInstB})

	// The workflow hooks notify people about the fixture's records; those
	// notices are not part of the access matrix, so only the fixture's stay.
	_, err = app.DB().NewQuery("DELETE FROM notifications WHERE id NOT IN ({:a}, {:b})").
		Bind(map[string]any{"a": idNotifS1, "b": idNotifS2}).Execute()
	apptest.Must(t, err)

	// Hooks may add records of their own (audit events, …); list totals
	// are asserted only where the fixture holds every record.
	for collection, ids := range known {
		var n int
		col, err := app.FindCollectionByNameOrId(collection)
		apptest.Must(t, err)
		apptest.Must(t, app.RecordQuery(col).Select("count(*)").Row(&n))
		if n != len(ids) {
			w.extra[collection] = true
		}
	}

	// Close the databases so the template is complete on disk; every
	// scenario copies it.
	app.ResetBootstrapState()
	return w
}

// known lists the fixture records of every collection.
var known = map[string][]string{
	"regulations":        {idRegA, idRegZ},
	"institutions":       {idInstA, idInstB, idInstZ},
	"organizations":      {idOrgX, idOrgY, idOrgZ},
	"users":              {idS1, idS2, idS3, idMentorA, idMentorB, idCoordA, idCoordB, idSupX, idSupY},
	"courses":            {idCoursePubA, idCourseDraftA, idCoursePubB, idCourseGlobal},
	"lessons":            {idLessonPubA, idLessonDraftA, idLessonPubB},
	"lesson_completions": {idLCS1},
	"course_completions": {idCCS1},
	"internships":        {idIntOpenX, idIntDraftX, idIntOpenY},
	"applications":       {idAppS1, idAppS2, idAppS3},
	"placements":         {idPlacS1, idPlacS3},
	"logbook_entries":    {idLogS1a, idLogS1b, idLogS3},
	"tasks":              {idTaskX, idTaskFinalX, idTaskDraftX},
	"submissions":        {idSubS1},
	"evaluations":        {idEvalSupS1, idEvalMenS1},
	"certificates":       {idCertS1},
	"signing_keys":       {idSigKey},
	"notifications":      {idNotifS1, idNotifS2},
	"audit_events":       {idAuditA, idAuditB},
}

// TestWorld checks the fixture itself: every record exists with its id.
func TestWorld(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	app := w.clone(t)
	defer app.Cleanup()
	for collection, ids := range known {
		for _, id := range ids {
			if _, err := app.FindRecordById(collection, id); err != nil {
				t.Errorf("%s %s: %v", collection, id, err)
			}
		}
	}
	for _, c := range callers {
		if c != anon && w.tokens[c] == "" {
			t.Errorf("no token for %s", c)
		}
	}
	if w.resumeS1 == "" || w.resumeS2 == "" || w.submissionS1 == "" {
		t.Errorf("protected files missing: %q %q %q", w.resumeS1, w.resumeS2, w.submissionS1)
	}
}
