// Package courses holds the training modules: courses and lessons written by
// an institution's staff, and the lesson and course completions of students.
package courses

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
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
	access.Protect(app, Courses, access.Policy{Server: []string{"author"}, Fixed: []string{"institution"}})
	access.Protect(app, Lessons, access.Policy{Fixed: []string{"course"}})
	access.Protect(app, LessonCompletions, access.Policy{
		Server: []string{"student", "course", "institution"},
	})
	access.Protect(app, CourseCompletions, access.Policy{
		Server:        []string{"student", "course", "completed_at", "institution"},
		NoCreate:      true,
		CreateMessage: "Course completions are recorded by the server when the last lesson is done.",
	})

	app.OnRecordCreateRequest(Courses).BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			inst := access.Institution(e.Auth)
			if e.Record.GetString("institution") == "" {
				e.Record.Set("institution", inst)
			}
			if e.Record.GetString("institution") != inst {
				return access.FieldError("institution", access.CodeForbiddenField, "You can create courses for your own institution only.")
			}
			e.Record.Set("author", e.Auth.Id)
		}
		return e.Next()
	})

	app.OnRecordCreateRequest(LessonCompletions).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Auth != nil && !e.HasSuperuserAuth() {
			e.Record.Set("student", e.Auth.Id)
			e.Record.Set("institution", access.Institution(e.Auth))
		}
		return e.Next()
	})

	// The course of a lesson completion always follows its lesson.
	app.OnRecordValidate(LessonCompletions).BindFunc(func(e *core.RecordEvent) error {
		lesson, err := e.App.FindRecordById(Lessons, e.Record.GetString("lesson"))
		if err != nil {
			return access.ValidationError("lesson", "validation_missing_rel_records", "Choose an existing lesson.")
		}
		e.Record.Set("course", lesson.GetString("course"))
		return e.Next()
	})
}
