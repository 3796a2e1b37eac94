package migrations_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
)

// js marshals a request body.
func js(v map[string]any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// makes returns a before func that saves a record (through the model hooks)
// on the fresh clone, e.g. the record a successful delete removes.
func makes(coll string, data map[string]any) func(t testing.TB, app core.App) {
	return func(t testing.TB, app core.App) {
		t.Helper()
		apptest.Save(t, app, coll, data)
	}
}

func fieldIs(field, value string) string { return `"` + field + `":"` + value + `"` }

var (
	idTmp          = pid("tmp")
	supScores      = map[string]any{"attendance": 8, "skills": 8, "initiative": 7, "communication": 9, "conduct": 10}
	mentorScores   = map[string]any{"logbook": 8, "report": 16, "viva": 15}
	newStudentBody = map[string]any{
		"email": "new.student@example.test", "password": apptest.Password, "passwordConfirm": apptest.Password,
		"name": "New Student", "role": "student", "institution": idInstA, "register_no": "REGNEW", "semester": 3,
	}
)

func staffBody(role string, extra map[string]any) string {
	b := map[string]any{
		"email": "new." + role + "@example.test", "password": apptest.Password, "passwordConfirm": apptest.Password,
		"name": "New " + role, "role": role,
	}
	for k, v := range extra {
		b[k] = v
	}
	return js(b)
}

// writes[collection] are the create, update and delete cases; every caller
// appears at least once for each method.
func writes() map[string][]tc {
	m := map[string][]tc{}

	// regulations and institutions: public reads, superusers write.
	m["regulations"] = concat(
		byCaller(all(403, admin, 200), func(c string, st int) tc {
			return create("regulations", c, "", js(map[string]any{"name": "New Regulation"}), st, pick(st, `"hours_per_credit":30`, ""))
		}),
		byCaller(all(403, admin, 200), func(c string, st int) tc {
			return update("regulations", c, idRegA, "", js(map[string]any{"credits": 3}), st, pick(st, `"credits":3`, ""))
		}),
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("regulations", c, idRegZ, st) }),
	)
	m["institutions"] = concat(
		byCaller(all(403, admin, 200), func(c string, st int) tc {
			return create("institutions", c, "", js(map[string]any{"name": "College N", "code": "INSN", "regulation": idRegA}), st, pick(st, `"code":"INSN"`, ""))
		}),
		byCaller(all(403, admin, 200), func(c string, st int) tc {
			return update("institutions", c, idInstA, "", js(map[string]any{"district": "Thrissur"}), st, pick(st, `"district":"Thrissur"`, ""))
		}),
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("institutions", c, idInstZ, st) }),
	)

	// organizations: coordinators create and update; the organization's
	// supervisors update about, logo and website; superusers delete.
	m["organizations"] = concat(
		byCaller(all(400, coordA, 200, coordB, 200, admin, 200), func(c string, st int) tc {
			return create("organizations", c, "", js(map[string]any{"name": "Host N", "kind": "startup"}), st, pick(st, `"name":"Host N"`, ruleFail))
		}),
		byCaller(all(404, coordA, 200, coordB, 200, supX, 200, admin, 200), func(c string, st int) tc {
			return update("organizations", c, idOrgX, "about", js(map[string]any{"about": "<p>About X.</p>"}), st, pick(st, `About X.`, ""))
		}),
		[]tc{
			update("organizations", supX, idOrgX, "website", js(map[string]any{"website": "https://x.example.com"}), 200, `"website":"https://x.example.com"`),
			update("organizations", supX, idOrgX, "name", js(map[string]any{"name": "Renamed X"}), 400, fieldErr("name")),
			update("organizations", supX, idOrgX, "verified", js(map[string]any{"verified": false}), 400, fieldErr("verified")),
			update("organizations", supX, idOrgY, "about of another", js(map[string]any{"about": "x"}), 404),
			update("organizations", coordA, idOrgY, "verified", js(map[string]any{"verified": false}), 200, `"verified":false`),
		},
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("organizations", c, idOrgZ, st) }),
	)

	// users: guests sign up as students; coordinators create mentors of
	// their institution and supervisors; a user edits their own profile but
	// not role, institution, organization, register_no; coordinators edit
	// the students and mentors of their institution and enrol its
	// sign-ups; a coordinator deletes an un-enrolled student of their
	// institution who never applied, superusers anyone without applications.
	m["users"] = concat(
		[]tc{
			create("users", anon, "student sign-up", js(newStudentBody), 200, `"role":"student"`, fieldIs("institution", idInstA)),
			create("users", anon, "mentor sign-up", staffBody("mentor", map[string]any{"institution": idInstA}), 400, fieldErr("role")),
			create("users", anon, "supervisor sign-up", staffBody("supervisor", map[string]any{"organization": idOrgX}), 400, fieldErr("role")),
			create("users", s1, "student", js(newStudentBody), 400, ruleFail),
			create("users", s2, "mentor", staffBody("mentor", map[string]any{"institution": idInstA}), 400, ruleFail),
			create("users", s3, "student", js(newStudentBody), 400, ruleFail),
			create("users", mentorA, "mentor", staffBody("mentor", nil), 400, ruleFail),
			create("users", mentorB, "student", js(newStudentBody), 400, ruleFail),
			create("users", coordA, "mentor", staffBody("mentor", nil), 200, `"role":"mentor"`, fieldIs("institution", idInstA)),
			create("users", coordA, "mentor of another institution", staffBody("mentor", map[string]any{"institution": idInstB}), 400, fieldErr("institution")),
			create("users", coordA, "supervisor of a host that has one", staffBody("supervisor", map[string]any{"organization": idOrgY}), 403),
			create("users", coordA, "student", js(newStudentBody), 400, fieldErr("role")),
			create("users", coordA, "coordinator", staffBody("coordinator", map[string]any{"institution": idInstA}), 400, fieldErr("role")),
			create("users", coordB, "mentor", staffBody("mentor", nil), 200, fieldIs("institution", idInstB)),
			create("users", supX, "colleague", staffBody("supervisor", map[string]any{"organization": idOrgX}), 200, `"role":"supervisor"`, fieldIs("organization", idOrgX)),
			create("users", supX, "supervisor of another host", staffBody("supervisor", map[string]any{"organization": idOrgY}), 403),
			create("users", supY, "mentor", staffBody("mentor", nil), 403),
			create("users", admin, "coordinator", staffBody("coordinator", map[string]any{"institution": idInstB}), 200, `"role":"coordinator"`),

			update("users", anon, idS1, "name", js(map[string]any{"name": "X"}), 404),
			update("users", s1, idS1, "own name", js(map[string]any{"name": "Asha Renamed"}), 200, `"name":"Asha Renamed"`),
			update("users", s1, idS1, "own role", js(map[string]any{"role": "coordinator"}), 400, fieldErr("role")),
			update("users", s1, idS1, "own institution", js(map[string]any{"institution": idInstB}), 400, fieldErr("institution")),
			update("users", s1, idS1, "own register_no", js(map[string]any{"register_no": "REGX"}), 400, fieldErr("register_no")),
			update("users", s1, idS2, "another student", js(map[string]any{"name": "X"}), 404),
			update("users", s1, idCoordA, "staff", js(map[string]any{"name": "X"}), 404),
			update("users", s2, idS1, "same institution", js(map[string]any{"name": "X"}), 404),
			update("users", s3, idS1, "other institution", js(map[string]any{"name": "X"}), 404),
			update("users", mentorA, idMentorA, "own name", js(map[string]any{"name": "Mentor A"}), 200, `"name":"Mentor A"`),
			update("users", mentorA, idS1, "own mentee", js(map[string]any{"name": "X"}), 404),
			update("users", mentorA, idMentorB, "mentor of B", js(map[string]any{"name": "X"}), 404),
			update("users", mentorB, idS3, "own mentee", js(map[string]any{"name": "X"}), 404),
			update("users", coordA, idS1, "student name", js(map[string]any{"name": "Asha K"}), 200, `"name":"Asha K"`),
			update("users", coordA, idS1, "student register_no", js(map[string]any{"register_no": "REGS1B"}), 200, `"register_no":"REGS1B"`),
			update("users", coordA, idS1, "student role", js(map[string]any{"role": "mentor"}), 400, fieldErr("role")),
			update("users", coordA, idS1, "student institution", js(map[string]any{"institution": idInstB}), 400, fieldErr("institution")),
			update("users", coordA, idMentorA, "mentor", js(map[string]any{"phone": "9999999999"}), 200, `"phone":"9999999999"`),
			update("users", coordA, idS3, "student of B", js(map[string]any{"name": "X"}), 404),
			update("users", coordA, idCoordB, "coordinator of B", js(map[string]any{"name": "X"}), 404),
			update("users", coordA, idMentorB, "mentor of B", js(map[string]any{"name": "X"}), 404),
			update("users", coordA, idSupX, "supervisor", js(map[string]any{"name": "X"}), 404),
			update("users", coordB, idS1, "student of A", js(map[string]any{"name": "X"}), 404),
			update("users", coordB, idS3, "own student", js(map[string]any{"semester": 6}), 200, `"semester":6`),
			update("users", supX, idSupX, "own about", js(map[string]any{"phone": "8888888888"}), 200, `"phone":"8888888888"`),
			update("users", supX, idSupX, "own organization", js(map[string]any{"organization": idOrgY}), 400, fieldErr("organization")),
			update("users", supX, idS1, "applicant", js(map[string]any{"name": "X"}), 404),
			update("users", supY, idSupX, "other supervisor", js(map[string]any{"name": "X"}), 404),
			update("users", admin, idS1, "register_no", js(map[string]any{"register_no": "REGS1C"}), 200, `"register_no":"REGS1C"`),
		},
		byCaller(all(404, admin, 400), func(c string, st int) tc {
			// s2 is enrolled and has applied: nobody deletes them.
			return del("users", c, idS2, st)
		}),
		byCaller(all(404, coordA, 204, admin, 204), func(c string, st int) tc {
			return del("users", c, idTmp, st).prepared(makes("users", map[string]any{
				"id": idTmp, "email": "tmp@example.test", "password": apptest.Password, "name": "Tmp Sign-up", "role": "student",
				"institution": idInstA, "register_no": "TMP-1", "semester": 2, "enrolled": false,
			}))
		}),
		[]tc{del("users", admin, idTmp, 204).prepared(makes("users", map[string]any{
			"id": idTmp, "email": "tmp@example.test", "password": apptest.Password, "name": "Tmp Mentor", "role": "mentor", "institution": idInstZ,
		}))},
	)

	// courses: coordinators and mentors write the courses of their
	// institution.
	tmpCourse := makes("courses", map[string]any{"id": idTmp, "title": "Tmp course", "institution": idInstA, "author": idMentorA})
	m["courses"] = concat(
		byCaller(all(400, coordA, 200, mentorA, 200, coordB, 200, mentorB, 200, admin, 200), func(c string, st int) tc {
			want := ruleFail
			switch c {
			case coordA, mentorA:
				want = fieldIs("institution", idInstA)
			case coordB, mentorB:
				want = fieldIs("institution", idInstB)
			case admin:
				want = `"title":"New Course"`
			}
			cs := create("courses", c, "", js(map[string]any{"title": "New Course", "hours": 3}), st, want)
			if c != admin && st == 200 {
				cs.want = append(cs.want, fieldIs("author", callerIDs[c]))
			}
			return cs
		}),
		[]tc{
			create("courses", coordA, "for another institution", js(map[string]any{"title": "N", "institution": idInstB}), 400, fieldErr("institution")),
			create("courses", mentorA, "with an author", js(map[string]any{"title": "N", "author": idS1}), 400, fieldErr("author")),
		},
		byCaller(all(404, coordA, 200, mentorA, 200, admin, 200), func(c string, st int) tc {
			return update("courses", c, idCourseDraftA, "title", js(map[string]any{"title": "Draft Renamed"}), st, pick(st, `"title":"Draft Renamed"`, ""))
		}),
		[]tc{
			update("courses", s1, idCoursePubA, "published course", js(map[string]any{"title": "X"}), 404),
			update("courses", supX, idCoursePubA, "published course", js(map[string]any{"title": "X"}), 404),
			update("courses", coordA, idCourseDraftA, "institution", js(map[string]any{"institution": idInstB}), 400, fieldErr("institution")),
			update("courses", coordA, idCourseGlobal, "global course", js(map[string]any{"title": "X"}), 404),
			update("courses", coordB, idCoursePubB, "own course", js(map[string]any{"published": false}), 200, `"published":false`),
			update("courses", mentorA, idCoursePubA, "a course another wrote", js(map[string]any{"title": "X"}), 404),
		},
		byCaller(all(404, coordA, 204, mentorA, 204, admin, 204), func(c string, st int) tc {
			if st == 204 {
				return del("courses", c, idTmp, st).prepared(tmpCourse)
			}
			return del("courses", c, idCourseDraftA, st)
		}),
	)

	// lessons: as their course.
	tmpLesson := makes("lessons", map[string]any{"id": idTmp, "course": idCourseDraftA, "title": "Tmp lesson"})
	m["lessons"] = concat(
		// mentors write only the courses they authored (pub A is the coordinator's)
		byCaller(all(400, coordA, 200, admin, 200), func(c string, st int) tc {
			return create("lessons", c, "in course of A", js(map[string]any{"course": idCoursePubA, "title": "New Lesson", "position": 2}), st,
				pick(st, fieldIs("course", idCoursePubA), ruleFail))
		}),
		[]tc{
			create("lessons", coordB, "in own course", js(map[string]any{"course": idCoursePubB, "title": "New Lesson"}), 200, fieldIs("course", idCoursePubB)),
			create("lessons", mentorB, "in a course another wrote", js(map[string]any{"course": idCoursePubB, "title": "New Lesson"}), 400, ruleFail),
			create("lessons", mentorA, "in own draft course", js(map[string]any{"course": idCourseDraftA, "title": "New Lesson"}), 200, fieldIs("course", idCourseDraftA)),
			create("lessons", coordA, "in global course", js(map[string]any{"course": idCourseGlobal, "title": "New Lesson"}), 400, ruleFail),
		},
		byCaller(all(404, coordA, 200, admin, 200), func(c string, st int) tc {
			return update("lessons", c, idLessonPubA, "title", js(map[string]any{"title": "Renamed Lesson"}), st, pick(st, `"title":"Renamed Lesson"`, ""))
		}),
		[]tc{
			update("lessons", coordA, idLessonPubA, "course", js(map[string]any{"course": idCourseDraftA}), 400, fieldErr("course")),
		},
		byCaller(all(404, coordA, 204, mentorA, 204, admin, 204), func(c string, st int) tc {
			if st == 204 {
				return del("lessons", c, idTmp, st).prepared(tmpLesson)
			}
			return del("lessons", c, idLessonDraftA, st)
		}),
	)

	// lesson_completions: a student marks a lesson of a published course of
	// their institution (or a global one) done; no client edits.
	m["lesson_completions"] = concat(
		[]tc{
			create("lesson_completions", anon, "", js(map[string]any{"lesson": idLessonPubA}), 400, ruleFail),
			create("lesson_completions", s1, "course of another institution", js(map[string]any{"lesson": idLessonPubB}), 400, ruleFail),
			create("lesson_completions", s2, "published course", js(map[string]any{"lesson": idLessonPubA}), 200,
				fieldIs("student", idS2), fieldIs("course", idCoursePubA), fieldIs("institution", idInstA)),
			create("lesson_completions", s2, "draft course", js(map[string]any{"lesson": idLessonDraftA}), 400, ruleFail),
			create("lesson_completions", s2, "for another student", js(map[string]any{"lesson": idLessonPubA, "student": idS1}), 400, fieldErr("student")),
			create("lesson_completions", s3, "course of another institution", js(map[string]any{"lesson": idLessonPubA}), 400, ruleFail),
			create("lesson_completions", s3, "own course", js(map[string]any{"lesson": idLessonPubB}), 200, fieldIs("student", idS3), fieldIs("institution", idInstB)),
			create("lesson_completions", admin, "", js(map[string]any{"lesson": idLessonPubB}), 200, fieldIs("lesson", idLessonPubB)),
		},
		byCaller(all(400, s1, 0, s2, 0, s3, 0, admin, 0), func(c string, st int) tc {
			if st == 0 {
				return tc{}
			}
			return create("lesson_completions", c, "", js(map[string]any{"lesson": idLessonPubA}), st, ruleFail)
		}),
		byCaller(all(403, admin, 200), func(c string, st int) tc {
			return update("lesson_completions", c, idLCS1, "", "{}", st, pick(st, fieldIs("student", idS1), ""))
		}),
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("lesson_completions", c, idLCS1, st) }),
	)

	// course_completions: server only.
	m["course_completions"] = concat(
		byCaller(all(403), func(c string, st int) tc {
			return create("course_completions", c, "", js(map[string]any{"student": idS2, "course": idCoursePubA, "completed_at": day(0).String()}), st)
		}),
		byCaller(all(403, admin, 400), func(c string, st int) tc {
			u := update("course_completions", c, idCCS1, "completed_at", js(map[string]any{"completed_at": day(-1).String()}), st)
			if c == admin {
				// DESIGN §3: student, course, completed_at are all server
				// fields ("no client writes"), superusers included.
				u.want = append(u.want, fieldErr("completed_at"))
			}
			return u
		}),
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("course_completions", c, idCCS1, st) }),
	)

	// internships: supervisors of the organization write; only drafts are
	// deleted.
	posting := map[string]any{"title": "New Posting", "seats": 2, "hours": 100,
		"starts_on": day(30).String(), "ends_on": day(90).String(), "apply_by": day(20).String()}
	tmpDraft := makes("internships", map[string]any{"id": idTmp, "organization": idOrgX, "supervisor": idSupX, "title": "Tmp draft",
		"seats": 1, "hours": 10, "starts_on": day(30), "ends_on": day(40), "apply_by": day(20), "status": "draft"})
	m["internships"] = concat(
		byCaller(all(400, supX, 200, supY, 200, admin, 200), func(c string, st int) tc {
			body := posting
			want := []string{ruleFail}
			switch c {
			case supX:
				want = []string{fieldIs("organization", idOrgX), fieldIs("supervisor", idSupX), `"status":"draft"`}
			case supY:
				want = []string{fieldIs("organization", idOrgY), fieldIs("supervisor", idSupY), `"status":"draft"`}
			case admin:
				body = merge(posting, map[string]any{"organization": idOrgX, "supervisor": idSupX})
				want = []string{fieldIs("organization", idOrgX), `"status":"draft"`}
			}
			return create("internships", c, "", js(body), st, want...)
		}),
		[]tc{
			create("internships", supX, "for another organization", js(merge(posting, map[string]any{"organization": idOrgY})), 400, fieldErr("organization")),
			create("internships", supX, "with a supervisor of another organization", js(merge(posting, map[string]any{"supervisor": idSupY})), 400, fieldErr("supervisor")),
		},
		byCaller(all(404, supX, 200, admin, 200), func(c string, st int) tc {
			return update("internships", c, idIntOpenX, "description", js(map[string]any{"description": "<p>Updated.</p>"}), st, pick(st, `Updated.`, ""))
		}),
		[]tc{
			update("internships", supX, idIntOpenX, "organization", js(map[string]any{"organization": idOrgY}), 400, fieldErr("organization")),
			update("internships", supY, idIntDraftX, "draft of another organization", js(map[string]any{"title": "X"}), 404),
			update("internships", supY, idIntOpenY, "own posting", js(map[string]any{"location": "Kochi"}), 200, `"location":"Kochi"`),
			del("internships", supX, idIntOpenX, 404),
		},
		byCaller(all(404, supX, 204, admin, 204), func(c string, st int) tc {
			if st == 204 {
				return del("internships", c, idTmp, st).prepared(tmpDraft)
			}
			return del("internships", c, idIntDraftX, st)
		}),
	)

	// applications: students apply; the server fills student, institution,
	// organization, status; readers update (the workflow hooks decide
	// which moves); nobody but superusers deletes.
	m["applications"] = concat(
		// S1 and S3 are placed (a new application would be ib_busy); S2 of
		// institution A applies to Y's posting.
		byCaller(all(400, s1, 0, s2, 200, s3, 0, admin, 403), func(c string, st int) tc {
			switch c {
			case s1, s3:
				return tc{}
			case s2:
				return create("applications", c, "", js(map[string]any{"internship": idIntOpenY, "statement": "Please consider me."}), st,
					fieldIs("student", idS2), `"status":"submitted"`, fieldIs("institution", idInstA), fieldIs("organization", idOrgY))
			}
			if c == admin {
				return create("applications", c, "", js(map[string]any{"internship": idIntOpenY}), st, "Only students apply")
			}
			return create("applications", c, "", js(map[string]any{"internship": idIntOpenY}), st, ruleFail)
		}),
		[]tc{
			create("applications", s1, "with a status", js(map[string]any{"internship": idIntOpenY, "status": "endorsed"}), 400, fieldErr("status")),
			create("applications", s1, "with endorsed_at", js(map[string]any{"internship": idIntOpenY, "endorsed_at": day(0).String()}), 400, fieldErr("endorsed_at")),
			create("applications", s2, "for another student", js(map[string]any{"internship": idIntOpenY, "student": idS3}), 400, fieldErr("student")),
			create("applications", s3, "with an institution", js(map[string]any{"internship": idIntOpenX, "institution": idInstA}), 400, fieldErr("institution")),
			create("applications", s3, "with endorsed_by", js(map[string]any{"internship": idIntOpenX, "endorsed_by": idCoordB}), 400, fieldErr("endorsed_by")),
			create("applications", s2, "with an organization", js(map[string]any{"internship": idIntOpenY, "organization": idOrgX}), 400, fieldErr("organization")),
		},
		[]tc{
			update("applications", anon, idAppS2, "", js(map[string]any{"statement": "X"}), 404),
			update("applications", s1, idAppS2, "another student's", js(map[string]any{"statement": "X"}), 404),
			update("applications", s2, idAppS2, "own statement", js(map[string]any{"statement": "A better statement."}), 200, `"statement":"A better statement."`),
			update("applications", s2, idAppS2, "institution", js(map[string]any{"institution": idInstB}), 400, fieldErr("institution")),
			update("applications", s2, idAppS2, "internship", js(map[string]any{"internship": idIntOpenY}), 400, fieldErr("internship")),
			update("applications", s2, idAppS2, "organization", js(map[string]any{"organization": idOrgY}), 400, fieldErr("organization")),
			update("applications", s3, idAppS2, "other institution's", js(map[string]any{"statement": "X"}), 404),
			update("applications", mentorA, idAppS1, "", js(map[string]any{"reason": "X"}), 404),
			update("applications", mentorB, idAppS3, "", js(map[string]any{"reason": "X"}), 404),
			update("applications", coordA, idAppS2, "endorse", js(map[string]any{"status": "endorsed"}), 200, `"status":"endorsed"`),
			update("applications", coordA, idAppS2, "endorsed_at", js(map[string]any{"endorsed_at": day(0).String()}), 400, fieldErr("endorsed_at")),
			update("applications", coordA, idAppS2, "student", js(map[string]any{"student": idS1}), 400, fieldErr("student")),
			update("applications", coordB, idAppS2, "other institution's", js(map[string]any{"status": "endorsed"}), 404),
			update("applications", supX, idAppS2, "unendorsed", js(map[string]any{"status": "shortlisted"}), 404),
			update("applications", supX, idAppS1, "endorsed", "{}", 200, fieldIs("student", idS1)),
			update("applications", supY, idAppS1, "other organization's", "{}", 404),
			update("applications", admin, idAppS2, "statement", js(map[string]any{"statement": "Edited by the platform."}), 200, `"statement":"Edited by the platform."`),
		},
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("applications", c, idAppS2, st) }),
	)

	// placements: server-created; the coordinator and the mentor update.
	tmpPlacement := makes("placements", map[string]any{"id": idTmp, "application": idAppS2, "student": idS2, "internship": idIntOpenX,
		"organization": idOrgX, "institution": idInstA, "supervisor": idSupX, "status": "ongoing"})
	m["placements"] = concat(
		byCaller(all(403), func(c string, st int) tc {
			return create("placements", c, "", js(map[string]any{"application": idAppS2, "student": idS2, "internship": idIntOpenX,
				"organization": idOrgX, "institution": idInstA, "status": "ongoing"}), st)
		}),
		byCaller(all(404, coordA, 200, mentorA, 200, admin, 200), func(c string, st int) tc {
			body := "{}"
			if c == coordA {
				body = js(map[string]any{"mentor": idMentorA})
			}
			return update("placements", c, idPlacS1, "", body, st, pick(st, fieldIs("mentor", idMentorA), ""))
		}),
		[]tc{
			update("placements", coordA, idPlacS1, "approved_hours", js(map[string]any{"approved_hours": 100}), 400, fieldErr("approved_hours")),
			update("placements", coordA, idPlacS1, "student", js(map[string]any{"student": idS2}), 400, fieldErr("student")),
			update("placements", coordA, idPlacS1, "mentor of another institution", js(map[string]any{"mentor": idMentorB}), 400, fieldErr("mentor")),
			update("placements", mentorA, idPlacS1, "mentor", js(map[string]any{"mentor": ""}), 400, fieldErr("mentor")),
			update("placements", mentorA, idPlacS1, "grade", js(map[string]any{"grade": "O"}), 400, fieldErr("grade")),
			update("placements", coordB, idPlacS3, "own", js(map[string]any{"mentor": idMentorB}), 200, fieldIs("mentor", idMentorB)),
		},
		byCaller(all(403, admin, 204), func(c string, st int) tc {
			if st == 204 {
				return del("placements", c, idTmp, st).prepared(tmpPlacement)
			}
			return del("placements", c, idPlacS1, st)
		}),
	)

	// logbook_entries: the student writes; the supervisor reviews.
	entry := map[string]any{"placement": idPlacS1, "date": day(-3).String(), "hours": 3, "activity": activityText}
	m["logbook_entries"] = concat(
		byCaller(all(400, s1, 200, admin, 200), func(c string, st int) tc {
			return create("logbook_entries", c, "", js(entry), st, pick(st, `"status":"pending"`, ruleFail))
		}),
		[]tc{
			create("logbook_entries", s3, "own placement", js(merge(entry, map[string]any{"placement": idPlacS3})), 200, fieldIs("placement", idPlacS3)),
			create("logbook_entries", s1, "approved", js(merge(entry, map[string]any{"status": "approved"})), 400, fieldErr("status")),
			create("logbook_entries", s1, "reviewed_by", js(merge(entry, map[string]any{"reviewed_by": idSupX})), 400, fieldErr("reviewed_by")),
		},
		byCaller(all(404, s1, 200, supX, 200, admin, 200), func(c string, st int) tc {
			body := map[string]any{"learning": "Learned the deployment process."}
			want := `"learning":"Learned the deployment process."`
			if c == supX {
				body = map[string]any{"status": "rejected", "review_note": "Please add detail."}
				want = `"status":"rejected"`
			}
			return update("logbook_entries", c, idLogS1a, "", js(body), st, pick(st, want, ""))
		}),
		[]tc{
			update("logbook_entries", s1, idLogS1a, "self-approve", js(map[string]any{"status": "approved"}), 400, fieldErr("status")),
			update("logbook_entries", s1, idLogS1a, "placement", js(map[string]any{"placement": idPlacS3}), 400, fieldErr("placement")),
			update("logbook_entries", s1, idLogS1a, "reviewed_at", js(map[string]any{"reviewed_at": day(0).String()}), 400, fieldErr("reviewed_at")),
			update("logbook_entries", supX, idLogS1a, "activity", js(map[string]any{"activity": activityText + " Edited."}), 400, fieldErr("activity")),
			update("logbook_entries", supX, idLogS1a, "reviewed_by", js(map[string]any{"reviewed_by": idSupY}), 400, fieldErr("reviewed_by")),
			update("logbook_entries", supY, idLogS3, "own placement's", js(map[string]any{"status": "approved"}), 200, `"status":"approved"`),
		},
		byCaller(all(404, s1, 204, admin, 204), func(c string, st int) tc { return del("logbook_entries", c, idLogS1a, st) }),
	)

	// tasks: the internship's supervisors write.
	task := map[string]any{"internship": idIntOpenX, "title": "New Task", "kind": "assignment", "max_score": 10}
	m["tasks"] = concat(
		byCaller(all(400, supX, 200, admin, 200), func(c string, st int) tc {
			return create("tasks", c, "", js(task), st, pick(st, fieldIs("internship", idIntOpenX), ruleFail))
		}),
		[]tc{
			create("tasks", supY, "own posting", js(merge(task, map[string]any{"internship": idIntOpenY})), 200, fieldIs("internship", idIntOpenY)),
		},
		byCaller(all(404, supX, 200, admin, 200), func(c string, st int) tc {
			return update("tasks", c, idTaskX, "title", js(map[string]any{"title": "Renamed Task"}), st, pick(st, `"title":"Renamed Task"`, ""))
		}),
		[]tc{
			update("tasks", supX, idTaskX, "internship", js(map[string]any{"internship": idIntDraftX}), 400, fieldErr("internship")),
		},
		byCaller(all(404, supX, 204, admin, 204), func(c string, st int) tc {
			if st == 204 {
				return del("tasks", c, idTaskDraftX, st)
			}
			return del("tasks", c, idTaskX, st)
		}),
	)

	// submissions: the placement's student submits; the supervisor and the
	// mentor review; no client deletes.
	sub := map[string]any{"task": idTaskFinalX, "placement": idPlacS1, "link": "https://example.com/report"}
	m["submissions"] = concat(
		byCaller(all(400, s1, 200, admin, 200), func(c string, st int) tc {
			return create("submissions", c, "", js(sub), st, pick(st, fieldIs("placement", idPlacS1), ruleFail))
		}),
		[]tc{
			create("submissions", s1, "score", js(merge(sub, map[string]any{"score": 10})), 400, fieldErr("score")),
			create("submissions", s1, "attempt", js(merge(sub, map[string]any{"attempt": 2})), 400, fieldErr("attempt")),
			create("submissions", s1, "status", js(merge(sub, map[string]any{"status": "approved"})), 400, fieldErr("status")),
			create("submissions", s1, "late", js(merge(sub, map[string]any{"late": true})), 400, fieldErr("late")),
			create("submissions", s3, "own placement, task of another internship", js(merge(sub, map[string]any{"placement": idPlacS3})), 400, ruleFail),
		},
		byCaller(all(404, supX, 200, mentorA, 200, admin, 200), func(c string, st int) tc {
			return update("submissions", c, idSubS1, "feedback", js(map[string]any{"feedback": "Good start."}), st, pick(st, `"feedback":"Good start."`, ""))
		}),
		[]tc{
			update("submissions", supX, idSubS1, "note", js(map[string]any{"note": "X"}), 400, fieldErr("note")),
			update("submissions", supX, idSubS1, "late", js(map[string]any{"late": true}), 400, fieldErr("late")),
			update("submissions", supX, idSubS1, "reviewed_by", js(map[string]any{"reviewed_by": idSupY}), 400, fieldErr("reviewed_by")),
			update("submissions", mentorA, idSubS1, "placement", js(map[string]any{"placement": idPlacS3}), 400, fieldErr("placement")),
		},
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("submissions", c, idSubS1, st) }),
	)

	// evaluations: the placement's supervisor writes kind=supervisor, its
	// mentor kind=mentor; the evaluator updates.
	evalBody := func(placement, kind string) map[string]any {
		scores := supScores
		if kind == "mentor" {
			scores = mentorScores
		}
		return map[string]any{"placement": placement, "kind": kind, "scores": scores, "remarks": "Steady work."}
	}
	m["evaluations"] = concat(
		[]tc{
			create("evaluations", anon, "", js(evalBody(idPlacS3, "supervisor")), 400, ruleFail),
			create("evaluations", s1, "own placement", js(evalBody(idPlacS1, "mentor")), 400, ruleFail),
			create("evaluations", s2, "", js(evalBody(idPlacS1, "mentor")), 400, ruleFail),
			create("evaluations", s3, "own placement", js(evalBody(idPlacS3, "supervisor")), 400, ruleFail),
			create("evaluations", mentorA, "placement of B", js(evalBody(idPlacS3, "mentor")), 400, ruleFail),
			create("evaluations", mentorB, "own mentee", js(evalBody(idPlacS3, "mentor")), 200, fieldIs("evaluator", idMentorB), `"kind":"mentor"`),
			create("evaluations", coordA, "", js(evalBody(idPlacS1, "mentor")), 400, ruleFail),
			create("evaluations", coordB, "", js(evalBody(idPlacS3, "mentor")), 400, ruleFail),
			create("evaluations", supX, "placement of Y", js(evalBody(idPlacS3, "supervisor")), 400, ruleFail),
			create("evaluations", supX, "mentor kind", js(evalBody(idPlacS1, "mentor")), 403),
			create("evaluations", supY, "own placement", js(evalBody(idPlacS3, "supervisor")), 200, fieldIs("evaluator", idSupY), `"kind":"supervisor"`),
			create("evaluations", supY, "evaluator", js(merge(evalBody(idPlacS3, "supervisor"), map[string]any{"evaluator": idSupX})), 400, fieldErr("evaluator")),
			create("evaluations", supY, "total", js(merge(evalBody(idPlacS3, "supervisor"), map[string]any{"total": 50})), 400, fieldErr("total")),
			create("evaluations", admin, "", js(evalBody(idPlacS3, "supervisor")), 200, fieldIs("placement", idPlacS3)),
		},
		byCaller(all(404, supX, 200, admin, 200), func(c string, st int) tc {
			return update("evaluations", c, idEvalSupS1, "remarks", js(map[string]any{"remarks": "Punctual and keen."}), st, pick(st, `"remarks":"Punctual and keen."`, ""))
		}),
		[]tc{
			update("evaluations", mentorA, idEvalMenS1, "own", js(map[string]any{"remarks": "Good logbook."}), 200, `"remarks":"Good logbook."`),
			update("evaluations", supX, idEvalMenS1, "mentor's", js(map[string]any{"remarks": "X"}), 404),
			update("evaluations", supX, idEvalSupS1, "total", js(map[string]any{"total": 50}), 400, fieldErr("total")),
			update("evaluations", supX, idEvalSupS1, "kind", js(map[string]any{"kind": "mentor"}), 400, fieldErr("kind")),
			update("evaluations", supX, idEvalSupS1, "evaluator", js(map[string]any{"evaluator": idSupY}), 400, fieldErr("evaluator")),
		},
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("evaluations", c, idEvalSupS1, st) }),
	)

	// certificates: server-created, revoked by the institution's
	// coordinator, never deleted.
	revoke := js(map[string]any{"status": "revoked", "revoke_reason": "Issued in error."})
	m["certificates"] = concat(
		byCaller(all(403), func(c string, st int) tc {
			return create("certificates", c, "", js(map[string]any{"number": "IB-2026-ABCDEFGH", "placement": idPlacS1, "student": idS1,
				"institution": idInstA, "organization": idOrgX, "issued_at": day(0).String(), "status": "valid"}), st)
		}),
		byCaller(all(404, coordA, 200, admin, 200), func(c string, st int) tc {
			u := update("certificates", c, idCertS1, "revoke", revoke, st, pick(st, `"status":"revoked"`, ""))
			if c == coordA {
				u.want = append(u.want, fieldIs("revoked_by", idCoordA))
			}
			return u
		}),
		[]tc{
			update("certificates", coordA, idCertS1, "grade", js(map[string]any{"grade": "O"}), 400, fieldErr("grade")),
			update("certificates", admin, idCertS1, "marks", js(map[string]any{"marks": 50}), 400, fieldErr("marks")),
		},
		byCaller(all(403), func(c string, st int) tc { return del("certificates", c, idCertS1, st) }),
	)

	// signing_keys: superusers only.
	m["signing_keys"] = concat(
		byCaller(all(403, admin, 200), func(c string, st int) tc {
			return create("signing_keys", c, "", js(map[string]any{"kid": "key-2", "public_key": "cHVi", "private_key": "cHJpdg", "active": false}), st,
				pick(st, `"kid":"key-2"`, ""))
		}),
		byCaller(all(403, admin, 200), func(c string, st int) tc {
			return update("signing_keys", c, idSigKey, "", js(map[string]any{"active": false}), st, pick(st, `"active":false`, ""))
		}),
		byCaller(all(403, admin, 204), func(c string, st int) tc { return del("signing_keys", c, idSigKey, st) }),
	)

	// notifications: server-created; the user marks read and deletes.
	m["notifications"] = concat(
		byCaller(all(403), func(c string, st int) tc {
			return create("notifications", c, "", js(map[string]any{"user": idS1, "kind": "test", "title": "Hello"}), st)
		}),
		byCaller(all(404, s1, 200, admin, 200), func(c string, st int) tc {
			return update("notifications", c, idNotifS1, "read", js(map[string]any{"read": true}), st, pick(st, `"read":true`, ""))
		}),
		[]tc{
			update("notifications", s1, idNotifS1, "title", js(map[string]any{"title": "Changed"}), 400, fieldErr("title")),
			update("notifications", s1, idNotifS1, "user", js(map[string]any{"user": idS2}), 400, fieldErr("user")),
		},
		byCaller(all(404, s1, 204, admin, 204), func(c string, st int) tc { return del("notifications", c, idNotifS1, st) }),
	)

	// audit_events: append-only, superusers included.
	m["audit_events"] = concat(
		byCaller(all(403), func(c string, st int) tc {
			return create("audit_events", c, "", js(map[string]any{"actor_label": "system", "action": "x.y", "institution": idInstA}), st)
		}),
		byCaller(all(403), func(c string, st int) tc {
			return update("audit_events", c, idAuditA, "", js(map[string]any{"note": "tampered"}), st)
		}),
		byCaller(all(403), func(c string, st int) tc { return del("audit_events", c, idAuditA, st) }),
	)
	return m
}

func concat(parts ...[]tc) []tc {
	var out []tc
	for _, p := range parts {
		for _, c := range p {
			if c.method != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

func merge(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// pick returns ok for a 2xx status and fail otherwise ("" adds nothing).
func pick(status int, ok, fail string) string {
	if status/100 == 2 {
		return ok
	}
	return fail
}

// TestAccessWrite runs the create, update and delete matrix.
func TestAccessWrite(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	m := writes()
	for _, coll := range collectionOrder {
		cases := m[coll]
		for _, method := range []string{http.MethodPost, http.MethodPatch, http.MethodDelete} {
			for _, caller := range callers {
				found := false
				for _, c := range cases {
					if c.method == method && c.caller == caller {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("%s: no %s case for %s", coll, method, caller)
				}
			}
		}
		for i := range cases {
			if cases[i].want != nil {
				cases[i].want = nonEmpty(cases[i].want)
			}
		}
		t.Run(coll, func(t *testing.T) {
			t.Parallel() // every collection's cases on clones of their own
			w.run(t, cases)
		})
	}
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
