// Package courses holds the training modules: courses and lessons written by
// an institution's staff, and the lesson and course completions of students.
//
// Edge cases DESIGN.md leaves open, decided here:
//   - A course completion is a fact: once recorded it stays, whatever later
//     happens to the course (new lessons, unpublishing, lesson deletes).
//   - Unpublishing a course only stops new lesson completions (the API rules
//     allow marking lessons of published courses only); completions stay and
//     count as prerequisites. Republishing lets students carry on.
//   - Deleting a lesson deletes its lesson completions in the same
//     transaction; a student who has then done every remaining lesson of the
//     course gets the course completion there and then (so nobody is left
//     unable to finish).
//   - Deleting a course is refused with ib_locked once a student completed
//     any of its lessons or it is a required course of an internship
//     (unpublish it instead); otherwise its lessons are deleted with it.
package courses

import (
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/transaction"
	"github.com/pocketbase/pocketbase/core"
)

// Collection names of the training domain.
const (
	Courses           = "courses"
	Lessons           = "lessons"
	LessonCompletions = "lesson_completions"
	CourseCompletions = "course_completions"
)

// Register binds the courses hooks to app.
func Register(app core.App) {
	fields.Protect(app, Courses, fields.Policy{Server: []string{"author"}, Fixed: []string{"institution"}})
	fields.Protect(app, Lessons, fields.Policy{Fixed: []string{"course"}})
	fields.Protect(app, LessonCompletions, fields.Policy{
		Server: []string{"student", "course", "institution"},
	})
	fields.Protect(app, CourseCompletions, fields.Policy{
		Server:        []string{"student", "course", "completed_at", "institution"},
		NoCreate:      true,
		CreateMessage: "Course completions are recorded by the server when the last lesson is done.",
	})
	transaction.Requests(app, Courses, Lessons, LessonCompletions)
	transaction.Saves(app, Courses, Lessons, LessonCompletions)

	app.OnRecordCreateRequest(Courses).BindFunc(onCourseCreateRequest)
	app.OnRecordCreateRequest(LessonCompletions).BindFunc(onLessonCompletionCreateRequest)
	app.OnRecordValidate(LessonCompletions).BindFunc(onLessonCompletionValidate)
	app.OnRecordCreate(LessonCompletions).BindFunc(onLessonCompletionCreate)
	app.OnRecordDelete(Lessons).BindFunc(onLessonDelete)
	app.OnRecordDelete(Courses).BindFunc(onCourseDelete)
}

// Course is a course as later domains read it: a proxy of its record with
// typed getters.
type Course struct {
	core.BaseRecordProxy
}

// FindAll reads the courses of ids with app (those that exist).
func FindAll(app core.App, ids []string) ([]*Course, error) {
	records, err := app.FindRecordsByIds(Courses, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*Course, len(records))
	for i, r := range records {
		out[i] = &Course{}
		out[i].SetProxyRecord(r)
	}
	return out, nil
}

// Published reports whether students can see the course.
func (c *Course) Published() bool { return c.GetBool("published") }

// Institution is the id of the institution the course belongs to ("" for
// a course of every institution).
func (c *Course) Institution() string { return c.GetString("institution") }
