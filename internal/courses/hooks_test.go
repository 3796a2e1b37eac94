package courses_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/courses"
)

const (
	coursesURL = "/api/collections/courses/records"
	lessonsURL = "/api/collections/lessons/records"
	doneURL    = "/api/collections/lesson_completions/records"
)

func count(t *testing.T, app core.App, collection string, exp dbx.Expression) int64 {
	t.Helper()
	n, err := app.CountRecords(collection, exp)
	apptest.Must(t, err)
	return n
}

// course saves a course of institution (nil = global) with n lessons.
func course(t *testing.T, app core.App, institution *core.Record, published bool, n int) (*core.Record, []*core.Record) {
	t.Helper()
	data := map[string]any{"title": "Course", "published": published, "hours": 3}
	if institution != nil {
		data["institution"] = institution.Id
	}
	c := apptest.Save(t, app, courses.Courses, data)
	var lessons []*core.Record
	for i := range n {
		lessons = append(lessons, apptest.Save(t, app, courses.Lessons, map[string]any{"course": c.Id, "title": "Lesson", "position": i + 1}))
	}
	return c, lessons
}

func TestStaffWriteCoursesOfTheirInstitution(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)

	for _, by := range []apptest.User{w.CoordA, w.MentorA} {
		res := c.Do(http.MethodPost, coursesURL, by.Token, map[string]any{"title": "Report writing", "published": true})
		if res.Status != 200 {
			t.Fatalf("%s creates: %d %s", by.GetString("role"), res.Status, res)
		}
		j := res.JSON()
		if j["author"] != by.Id || j["institution"] != w.InstA.Id {
			t.Fatalf("author/institution not set: %s", res)
		}
	}
	for _, by := range []apptest.User{w.S1, w.SupX} {
		if res := c.Do(http.MethodPost, coursesURL, by.Token, map[string]any{"title": "Nope"}); res.Status != 400 {
			t.Fatalf("%s creates: %d %s", by.GetString("role"), res.Status, res)
		}
	}
	if res := c.Do(http.MethodPost, coursesURL, w.CoordA.Token, map[string]any{"title": "B's", "institution": w.InstB.Id}); res.Status != 400 || res.Code("institution") == "" {
		t.Fatalf("course for another institution: %d %s", res.Status, res)
	}

	// Editing: the coordinators of the institution and the author.
	mine := c.Do(http.MethodPost, coursesURL, w.MentorA.Token, map[string]any{"title": "Mentor's draft"}).JSON()["id"].(string)
	for _, tc := range []struct {
		by     apptest.User
		status int
	}{
		{w.MentorA, 200}, {w.CoordA, 200}, {apptest.Mentor(t, w.App, w.InstA), 404}, {w.CoordB, 404}, {w.S1, 404}, {w.SupX, 404},
	} {
		if res := c.Do(http.MethodPatch, coursesURL+"/"+mine, tc.by.Token, map[string]any{"title": "Renamed"}); res.Status != tc.status {
			t.Errorf("%s edits: %d %s, want %d", tc.by.GetString("role"), res.Status, res, tc.status)
		}
	}
}

func TestLessonCompletionsFinishTheCourseOnce(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	clock.Set(w.App, clock.Fixed(time.Date(2026, 11, 21, 10, 4, 5, 0, time.UTC)))
	c := apptest.NewClient(t, w.App)
	crs, lessons := course(t, w.App, w.InstA, true, 3)
	done := func(u apptest.User, l *core.Record) *apptest.Response {
		return c.Do(http.MethodPost, doneURL, u.Token, map[string]any{"lesson": l.Id})
	}
	completions := func(u apptest.User) int64 {
		return count(t, w.App, courses.CourseCompletions, dbx.HashExp{"student": u.Id, "course": crs.Id})
	}

	for i, l := range lessons[:2] {
		res := done(w.S2, l)
		if res.Status != 200 {
			t.Fatalf("lesson %d: %d %s", i, res.Status, res)
		}
		j := res.JSON()
		if j["student"] != w.S2.Id || j["course"] != crs.Id || j["institution"] != w.InstA.Id {
			t.Fatalf("server fields: %s", res)
		}
		if n := completions(w.S2); n != 0 {
			t.Fatalf("course completed after %d of 3 lessons", i+1)
		}
	}
	// Another student's progress is their own.
	if res := done(w.S1, lessons[2]); res.Status != 200 || completions(w.S1) != 0 {
		t.Fatalf("S1: %d %s", res.Status, res)
	}

	res := done(w.S2, lessons[1])
	if res.Status != 400 || res.Code("lesson") != apierror.CodeDuplicate {
		t.Fatalf("duplicate: %d %s", res.Status, res)
	}
	if n := count(t, w.App, courses.LessonCompletions, dbx.HashExp{"student": w.S2.Id, "lesson": lessons[1].Id}); n != 1 {
		t.Fatalf("%d completions after a duplicate", n)
	}

	if res := done(w.S2, lessons[2]); res.Status != 200 {
		t.Fatalf("last lesson: %d %s", res.Status, res)
	}
	cc, err := w.App.FindFirstRecordByFilter(courses.CourseCompletions, "student = {:s} && course = {:c}", dbx.Params{"s": w.S2.Id, "c": crs.Id})
	apptest.Must(t, err)
	if cc.GetString("institution") != w.InstA.Id || !cc.GetDateTime("completed_at").Time().Equal(clock.Now(w.App)) {
		t.Fatalf("course completion %v", cc.PublicExport())
	}
	if n := completions(w.S2); n != 1 {
		t.Fatalf("%d course completions", n)
	}
	// The completion is readable by the student and their coordinator only.
	for _, tc := range []struct {
		by   apptest.User
		seen bool
	}{{w.S2, true}, {w.CoordA, true}, {w.S1, false}, {w.CoordB, false}, {w.MentorA, false}} {
		res := c.Do(http.MethodGet, "/api/collections/course_completions/records/"+cc.Id, tc.by.Token, nil)
		if (res.Status == 200) != tc.seen {
			t.Errorf("%s reads the completion: %d", tc.by.GetString("role"), res.Status)
		}
	}

	// A lesson added later does not undo the completion, and finishing it
	// does not record a second one.
	extra := apptest.Save(t, w.App, courses.Lessons, map[string]any{"course": crs.Id, "title": "Addendum", "position": 4})
	if res := done(w.S2, extra); res.Status != 200 || completions(w.S2) != 1 {
		t.Fatalf("extra lesson: %d %s, %d completions", res.Status, res, completions(w.S2))
	}
}

// An internal save (the demo loader, a superuser script) finishes a course
// the same way as the API.
func TestInternalLessonCompletion(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	// The world's course has one lesson, which S1 has done.
	if n := count(t, w.App, courses.CourseCompletions, dbx.HashExp{"student": w.S1.Id, "course": w.Course.Id}); n != 1 {
		t.Fatalf("%d course completions of S1", n)
	}
	col, err := w.App.FindCollectionByNameOrId(courses.LessonCompletions)
	apptest.Must(t, err)
	dup := core.NewRecord(col)
	dup.Load(map[string]any{"student": w.S1.Id, "lesson": w.Lesson.Id})
	if err := w.App.Save(dup); err == nil {
		t.Fatal("an internal duplicate saved")
	}
}

func TestWhoMarksLessonsDone(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	_, draft := course(t, w.App, w.InstA, false, 1)
	_, ofB := course(t, w.App, w.InstB, true, 1)
	_, global := course(t, w.App, nil, true, 1)
	_, ofA := course(t, w.App, w.InstA, true, 2)

	for _, tc := range []struct {
		name   string
		by     apptest.User
		body   map[string]any
		status int
		field  string
	}{
		{"a draft course", w.S2, map[string]any{"lesson": draft[0].Id}, 400, ""},
		{"another institution's course", w.S2, map[string]any{"lesson": ofB[0].Id}, 400, ""},
		{"a global course", w.S2, map[string]any{"lesson": global[0].Id}, 200, ""},
		{"for another student", w.S2, map[string]any{"lesson": ofA[0].Id, "student": w.S1.Id}, 400, "student"},
		{"naming the course", w.S2, map[string]any{"lesson": ofA[0].Id, "course": global[0].GetString("course")}, 400, "course"},
		{"a mentor", w.MentorA, map[string]any{"lesson": ofA[0].Id}, 400, ""},
		{"a coordinator", w.CoordA, map[string]any{"lesson": ofA[0].Id}, 400, ""},
		{"a supervisor", w.SupX, map[string]any{"lesson": ofA[0].Id}, 400, ""},
		{"a guest", apptest.User{}, map[string]any{"lesson": ofA[0].Id}, 400, ""},
		{"an unknown lesson", w.S2, map[string]any{"lesson": "nosuchlesson00"}, 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := count(t, w.App, courses.LessonCompletions, nil)
			res := c.Do(http.MethodPost, doneURL, tc.by.Token, tc.body)
			if res.Status != tc.status || (tc.field != "" && res.Code(tc.field) != apierror.CodeForbiddenField) {
				t.Fatalf("got %d %s, want %d", res.Status, res, tc.status)
			}
			want := before
			if tc.status == 200 {
				want++
			}
			if n := count(t, w.App, courses.LessonCompletions, nil); n != want {
				t.Fatalf("%d completions, want %d", n, want)
			}
		})
	}
	// The single-lesson global course is now completed by S2.
	if n := count(t, w.App, courses.CourseCompletions, dbx.HashExp{"student": w.S2.Id, "course": global[0].GetString("course")}); n != 1 {
		t.Fatalf("global course completions: %d", n)
	}
	// Nobody writes course completions through the API.
	for _, by := range []apptest.User{w.S2, w.CoordA, w.Admin} {
		res := c.Do(http.MethodPost, "/api/collections/course_completions/records", by.Token,
			map[string]any{"student": w.S2.Id, "course": w.Course.Id, "completed_at": "2026-01-01 00:00:00.000Z"})
		if res.Status != 403 {
			t.Errorf("%v creates a course completion: %d %s", by.Id, res.Status, res)
		}
	}
}

func TestDeletingALesson(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	crs, lessons := course(t, w.App, w.InstA, true, 3)
	// S2 did lessons 1 and 2; S1 did lesson 3 only.
	for _, l := range lessons[:2] {
		if res := c.Do(http.MethodPost, doneURL, w.S2.Token, map[string]any{"lesson": l.Id}); res.Status != 200 {
			t.Fatalf("%d %s", res.Status, res)
		}
	}
	if res := c.Do(http.MethodPost, doneURL, w.S1.Token, map[string]any{"lesson": lessons[2].Id}); res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res)
	}

	// Removing lesson 3 removes its completions and finishes the course for
	// S2, who has done every lesson that remains.
	if res := c.Do(http.MethodDelete, lessonsURL+"/"+lessons[2].Id, w.CoordA.Token, nil); res.Status != 204 {
		t.Fatalf("delete lesson: %d %s", res.Status, res)
	}
	if n := count(t, w.App, courses.LessonCompletions, dbx.HashExp{"lesson": lessons[2].Id}); n != 0 {
		t.Fatalf("%d completions of a deleted lesson", n)
	}
	if n := count(t, w.App, courses.CourseCompletions, dbx.HashExp{"student": w.S2.Id, "course": crs.Id}); n != 1 {
		t.Fatalf("S2 course completions: %d", n)
	}
	if n := count(t, w.App, courses.CourseCompletions, dbx.HashExp{"student": w.S1.Id, "course": crs.Id}); n != 0 {
		t.Fatalf("S1 course completions: %d", n)
	}
	// The completion stays when more lessons go.
	if res := c.Do(http.MethodDelete, lessonsURL+"/"+lessons[1].Id, w.CoordA.Token, nil); res.Status != 204 {
		t.Fatalf("delete lesson: %d %s", res.Status, res)
	}
	if n := count(t, w.App, courses.CourseCompletions, dbx.HashExp{"course": crs.Id}); n != 1 {
		t.Fatalf("course completions: %d", n)
	}
}

func TestDeletingACourse(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)

	// A course nobody has worked through goes with its lessons.
	fresh, lessons := course(t, w.App, w.InstA, true, 2)
	if res := c.Do(http.MethodDelete, coursesURL+"/"+fresh.Id, w.CoordA.Token, nil); res.Status != 204 {
		t.Fatalf("delete: %d %s", res.Status, res)
	}
	if n := count(t, w.App, courses.Lessons, dbx.HashExp{"course": fresh.Id}); n != 0 || len(lessons) != 2 {
		t.Fatalf("%d lessons left", n)
	}

	// A course with completions stays, for superusers too.
	for _, by := range []apptest.User{w.CoordA, w.Admin} {
		res := c.Do(http.MethodDelete, coursesURL+"/"+w.Course.Id, by.Token, nil)
		if res.Status != 400 || res.Code("published") != apierror.CodeLocked {
			t.Fatalf("delete a course with completions: %d %s", res.Status, res)
		}
	}
	// A started but unfinished course stays too.
	started, sl := course(t, w.App, w.InstA, true, 2)
	if res := c.Do(http.MethodPost, doneURL, w.S2.Token, map[string]any{"lesson": sl[0].Id}); res.Status != 200 {
		t.Fatalf("%d %s", res.Status, res)
	}
	if res := c.Do(http.MethodDelete, coursesURL+"/"+started.Id, w.CoordA.Token, nil); res.Status != 400 || res.Code("published") != apierror.CodeLocked {
		t.Fatalf("delete a started course: %d %s", res.Status, res)
	}

	// A prerequisite of an internship stays.
	req, _ := course(t, w.App, w.InstA, true, 1)
	apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Needs the course", "seats": 1,
		"starts_on": w.Start, "ends_on": w.End, "apply_by": w.Start, "status": "draft", "required_courses": []string{req.Id}, "eligible_institutions": []string{w.InstA.Id},
	})
	if res := c.Do(http.MethodDelete, coursesURL+"/"+req.Id, w.CoordA.Token, nil); res.Status != 400 || res.Code("published") != apierror.CodeLocked {
		t.Fatalf("delete a prerequisite: %d %s", res.Status, res)
	}

	// Unpublishing keeps every completion and stops new ones.
	if res := c.Do(http.MethodPatch, coursesURL+"/"+started.Id, w.CoordA.Token, map[string]any{"published": false}); res.Status != 200 {
		t.Fatalf("unpublish: %d %s", res.Status, res)
	}
	if n := count(t, w.App, courses.LessonCompletions, dbx.HashExp{"course": started.Id}); n != 1 {
		t.Fatalf("%d completions after unpublishing", n)
	}
	if res := c.Do(http.MethodPost, doneURL, w.S2.Token, map[string]any{"lesson": sl[1].Id}); res.Status != 400 {
		t.Fatalf("lesson of an unpublished course: %d %s", res.Status, res)
	}
}
