package migrations_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// q builds a query string.
func q(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

// TestAccessExpandFilter: expand and filter across relations must leak
// nothing the caller could not read directly.
func TestAccessExpandFilter(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	cases := []tc{
		// Filtering through a relation into records of another tenant.
		w.list("applications", s3, q("filter", `student.name~"Bina"`), nil),
		w.list("applications", s3, q("filter", `student.institution.code="INSA"`), nil),
		w.list("placements", coordB, q("filter", `institution.code="INSA"`), nil),
		w.list("placements", coordB, q("filter", `student.name~"Asha"`), nil),
		w.list("audit_events", coordB, q("filter", `institution.code="INSA"`), nil),
		w.list("certificates", s3, q("filter", `student.name~"Asha"`), nil),
		w.list("logbook_entries", mentorB, q("filter", `placement.student.name~"Asha"`), nil),
		w.list("courses", s1, q("filter", `institution.code="INSB"`), nil),
		w.list("notifications", s2, q("filter", `user="`+idS1+`"`), nil),
		w.list("tasks", supY, q("filter", `internship.status="draft"`), nil),
		// The host never sees an application before endorsement, however asked.
		w.list("applications", supX, q("filter", `status="submitted" || student="`+idS2+`"`), nil),
		w.list("applications", supX, q("filter", `internship="`+idIntOpenX+`"`), []string{idAppS1}),
		w.list("applications", supX, q("filter", `statement~"Unendorsed"`), nil),
		view("applications", supX, idAppS2, "", 404),
		view("applications", supX, idAppS2, q("expand", "student"), 404).without(nameS2),
		// Filters through back-relations are refused whatever they ask
		// (internal/filterguard); expanding them shows readable records only.
		refusedFilter("internships", supX, q("filter", `applications_via_internship.student="`+idS2+`"`)),
		refusedFilter("internships", supX, q("filter", `applications_via_internship.statement~"Unendorsed"`)),
		refusedFilter("internships", s1, q("filter", `applications_via_internship.student?="`+idS2+`"`)),
		refusedFilter("users", supX, q("filter", `applications_via_student.status="submitted"`)),
		refusedFilter("users", coordB, q("filter", `placements_via_student.institution.code="INSA"`)),
		view("internships", supX, idIntOpenX, q("expand", "applications_via_internship.student"),
			200, idIs(idAppS1), idIs(idS1)).without(idIs(idAppS2), idIs(idS2), statementS2, nameS2),
		view("internships", supY, idIntOpenX, q("expand", "applications_via_internship,supervisor,organization"),
			200, idIs(idSupX), idIs(idOrgX)).without(idIs(idAppS1), idIs(idAppS2), statementS1, statementS2),
		view("internships", s1, idIntOpenX, q("expand", "applications_via_internship.student"),
			200, idIs(idAppS1)).without(idIs(idAppS2), idIs(idS2), statementS2, nameS2),
		view("applications", s1, idAppS1, q("expand", "internship.applications_via_internship.student,student"),
			200, idIs(idS1)).without(idIs(idAppS2), idIs(idS2), statementS2, nameS2),
		view("internships", supY, idIntDraftX, q("expand", "organization"), 404),
		// A student expanding student on someone else's records.
		view("applications", s2, idAppS1, q("expand", "student"), 404).without(nameS1),
		w.list("applications", s3, q("expand", "student"), []string{idAppS3}).without(nameS1, nameS2),
		w.list("logbook_entries", s2, q("expand", "placement.student"), nil).without(nameS1),
		w.list("submissions", s2, q("expand", "placement.student,task"), nil).without(nameS1),
		// A visible record expanding a relation the caller may not read.
		view("placements", mentorA, idPlacS1, q("expand", "application,student"),
			200, idIs(idS1)).without(idIs(idAppS1), statementS1),
		w.list("evaluations", mentorA, q("expand", "placement.application"), known["evaluations"]).without(idIs(idAppS1), statementS1),
		view("placements", s1, idPlacS1, q("expand", "evaluations_via_placement"),
			200).without(idIs(idEvalSupS1), idIs(idEvalMenS1), `"remarks"`),
		w.list("evaluations", s1, q("filter", `placement.student="`+idS1+`"`), nil),
		view("certificates", supY, idCertS1, q("expand", "student"), 404).without(nameS1),
		view("placements", supX, idPlacS1, q("expand", "student,mentor,certificates_via_placement"),
			200, idIs(idS1), idIs(idMentorA), idIs(idCertS1)),
		view("placements", supY, idPlacS3, q("expand", "student,application.internship"), 200, idIs(idS3), idIs(idAppS3)).without(nameS1),
		// Users: a student sees self and staff only, never other students.
		w.list("users", s1, q("filter", `role="student"`), []string{idS1}),
		w.list("users", s1, q("filter", `institution="`+idInstA+`"`), []string{idS1, idMentorA, idCoordA}),
		w.list("users", s3, q("filter", `name~"Fixture"`), []string{idS3}),
		w.list("users", s1, "", visibility["users"][s1]).without(w.emails[s2], w.emails[coordA], w.emails[supX]),
		view("users", s1, idS1, "", 200, w.emails[s1]),
		view("users", s1, idCoordA, "", 200).without(w.emails[coordA]),
		view("users", supX, idS1, "", 200).without(w.emails[s1]),
		view("users", supX, idS2, "", 404),
		view("users", supX, idS1, q("expand", "applications_via_student"), 200, idIs(idAppS1)),
		view("users", s1, idS1, q("expand", "applications_via_student,placements_via_student"), 200, idIs(idAppS1), idIs(idPlacS1)),
		view("users", coordA, idS1, q("expand", "institution"), 200, `"code":"INSA"`),
		// Filters on fields the caller may not read: others' e-mails, hidden
		// fields.
		w.list("users", s1, q("filter", `email="`+w.emails[coordA]+`"`), nil),
		w.list("users", coordB, q("filter", `email="`+w.emails[s1]+`"`), nil),
		w.list("users", coordB, q("filter", `email~"example.test"`), nil),
		// PocketBase matches e-mail filters only against public e-mails
		// (emailVisibility), the caller's own included.
		w.list("users", s1, q("filter", `email="`+w.emails[s1]+`"`), nil),
		{caller: s1, name: "list users filter tokenKey", method: http.MethodGet, coll: "users",
			url: recordsURL("users", "", q("filter", `tokenKey!=""`)), status: 400, want: []string{`"status":400`}},
		{caller: s1, name: "list users filter password", method: http.MethodGet, coll: "users",
			url: recordsURL("users", "", q("filter", `password!=""`)), status: 400, want: []string{`"status":400`}},
		forbiddenList("signing_keys", coordA, q("filter", `private_key!=""`)),
		forbiddenList("signing_keys", anon, q("filter", `private_key~"cHJ"`)),
		view("signing_keys", supX, idSigKey, "", 403).without(privateKey),
		w.list("signing_keys", admin, q("filter", `private_key="`+privateKey+`"`), []string{idSigKey}),
		w.list("certificates", coordA, q("expand", "placement"), []string{idCertS1}),
	}
	// S2 also has an endorsed application elsewhere (at Y): her profile
	// becomes visible to Y, still not to X, where her application is not
	// endorsed (the two conditions must hold for the same application).
	endorsedAtY := makes("applications", map[string]any{"id": idTmp, "internship": idIntOpenY, "student": idS2,
		"status": "endorsed", "endorsed_by": idCoordA, "endorsed_at": day(-1), "institution": idInstA, "organization": idOrgY})
	cases = append(cases,
		view("users", supX, idS2, "", 404).prepared(endorsedAtY),
		view("users", supY, idS2, "", 200, `"name":"`+nameS2+`"`).prepared(endorsedAtY),
		w.list("users", supX, q("filter", `role="student"`), []string{idS1}).prepared(endorsedAtY),
	)
	w.run(t, cases)
}

// TestAccessFiles: protected files are served only with a file token of a
// caller who may view the record.
func TestAccessFiles(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	app := w.clone(t)
	defer app.Cleanup()
	fileTokens := map[string]string{}
	for _, c := range callers {
		if c == anon {
			continue
		}
		coll := "users"
		if c == admin {
			coll = core.CollectionNameSuperusers
		}
		r, err := app.FindRecordById(coll, callerIDs[c])
		if err != nil {
			t.Fatal(err)
		}
		tok, err := r.NewFileToken()
		if err != nil {
			t.Fatal(err)
		}
		fileTokens[c] = tok
	}

	file := func(coll, id, name, caller string, status int) tc {
		u := "/api/files/" + coll + "/" + id + "/" + name
		label := "no token"
		if caller != anon {
			u += "?token=" + fileTokens[caller]
			label = "file token"
		}
		c := tc{caller: caller, name: "download " + coll + "/" + id + " with " + label, method: http.MethodGet, url: u, status: status}
		if status == 200 {
			c.want = []string{"%PDF-1.4"}
		} else {
			c.want = []string{`"status":404`}
			c.notWant = []string{"%PDF"}
		}
		return c
	}
	var cases []tc
	// The resume of S1's endorsed application: the student, the
	// coordinators of A, the host X once endorsed.
	cases = append(cases, byCaller(all(404, s1, 200, coordA, 200, supX, 200, admin, 200), func(c string, st int) tc {
		return file("applications", idAppS1, w.resumeS1, c, st)
	})...)
	// The resume of S2's application, not endorsed: never the host.
	cases = append(cases, byCaller(all(404, s2, 200, coordA, 200, admin, 200), func(c string, st int) tc {
		return file("applications", idAppS2, w.resumeS2, c, st)
	})...)
	// The submission of S1's placement: the student, the supervisor, the
	// mentor, the coordinators of A.
	cases = append(cases, byCaller(all(404, s1, 200, mentorA, 200, coordA, 200, supX, 200, admin, 200), func(c string, st int) tc {
		return file("submissions", idSubS1, w.submissionS1, c, st)
	})...)
	// An auth token is not a file token.
	cases = append(cases, tc{caller: s1, name: "download resume with an auth token", method: http.MethodGet,
		url: "/api/files/applications/" + idAppS1 + "/" + w.resumeS1 + "?token=" + w.tokens[s1], status: 404,
		want: []string{`"status":404`}, notWant: []string{"%PDF"}})
	w.run(t, cases)
}

// TestAccessEndorsementReachesHost: the coordinator's endorsement is what
// makes an application visible to the host (endorsed_at is server-set).
func TestAccessEndorsementReachesHost(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	c := update("applications", coordA, idAppS2, "endorse, then visible to the host", `{"status":"endorsed"}`, 200, `"status":"endorsed"`).
		checked(func(t testing.TB, app core.App, _ []byte) {
			t.Helper()
			r, err := app.FindRecordById("applications", idAppS2)
			if err != nil {
				t.Fatal(err)
			}
			if r.GetString("endorsed_at") == "" || r.GetString("endorsed_by") != idCoordA {
				t.Errorf("endorsed application has endorsed_at=%q endorsed_by=%q; want both set by the server",
					r.GetString("endorsed_at"), r.GetString("endorsed_by"))
			}
			sup, err := app.FindRecordById("users", idSupX)
			if err != nil {
				t.Fatal(err)
			}
			ok, err := app.CanAccessRecord(r, &core.RequestInfo{Auth: sup}, r.Collection().ViewRule)
			if err != nil || !ok {
				t.Errorf("supervisor X cannot view the endorsed application (err %v)", err)
			}
		})
	w.run(t, []tc{c})
}
