package courses

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
)

// onCourseCreateRequest: staff create courses of their own institution and
// are their author; superusers may create global courses.
func onCourseCreateRequest(e *core.RecordRequestEvent) error {
	if !e.HasSuperuserAuth() {
		inst := access.Institution(e.Auth)
		if e.Record.GetString("institution") == "" {
			e.Record.Set("institution", inst)
		}
		if e.Record.GetString("institution") != inst {
			return apierror.FieldError("institution", apierror.CodeForbiddenField, "You can create courses for your own institution only.")
		}
		e.Record.Set("author", e.Auth.Id)
	}
	return e.Next()
}

// onLessonCompletionCreateRequest: the student marking a lesson done is the
// caller (the create rule lets only students of the course's institution, or
// of any institution for a global course, mark lessons of published courses).
func onLessonCompletionCreateRequest(e *core.RecordRequestEvent) error {
	if e.Auth != nil && !e.HasSuperuserAuth() {
		e.Record.Set("student", e.Auth.Id)
		e.Record.Set("institution", access.Institution(e.Auth))
	}
	return e.Next()
}

// onLessonCompletionValidate: the course of a lesson completion always
// follows its lesson.
func onLessonCompletionValidate(e *core.RecordEvent) error {
	lesson, err := e.App.FindRecordById(Lessons, e.Record.GetString("lesson"))
	if err != nil {
		return apierror.ValidationError("lesson", "validation_missing_rel_records", "Choose an existing lesson.")
	}
	e.Record.Set("course", lesson.GetString("course"))
	return e.Next()
}

// onLessonCompletionCreate refuses a second completion of a lesson by the
// same student (inside the transaction, so concurrent requests cannot both
// pass) and, when this completion finishes the course, records the course
// completion in the same transaction.
func onLessonCompletionCreate(e *core.RecordEvent) error {
	r := e.Record
	lesson, err := e.App.FindRecordById(Lessons, r.GetString("lesson"))
	if err != nil {
		return apierror.ValidationError("lesson", "validation_missing_rel_records", "Choose an existing lesson.")
	}
	r.Set("course", lesson.GetString("course"))
	student := r.GetString("student")
	if student != "" && r.GetString("institution") == "" {
		if u, err := e.App.FindRecordById(access.Users, student); err == nil {
			r.Set("institution", u.GetString("institution"))
		}
	}
	n, err := e.App.CountRecords(LessonCompletions, dbx.HashExp{"student": student, "lesson": lesson.Id})
	if err != nil {
		return fmt.Errorf("count lesson completions: %w", err)
	}
	if n > 0 {
		return apierror.FieldError("lesson", apierror.CodeDuplicate, "You have already marked this lesson done.")
	}
	if err := e.Next(); err != nil {
		return err
	}
	if student == "" {
		return nil
	}
	_, err = awardIfComplete(e.App, student, lesson.GetString("course"), r.GetString("institution"))
	return err
}

// awardIfComplete records the course completion of student when they have
// done every lesson of the course and it is not recorded yet; it reports
// whether it recorded one. Pass the transaction's app.
func awardIfComplete(app core.App, student, course, institution string) (bool, error) {
	var total, done int
	if err := app.DB().Select("count(*)").From(Lessons).Where(dbx.HashExp{"course": course}).Row(&total); err != nil {
		return false, fmt.Errorf("count lessons: %w", err)
	}
	if total == 0 {
		return false, nil
	}
	err := app.DB().NewQuery(`SELECT count(DISTINCT lc.lesson) FROM lesson_completions lc
		JOIN lessons l ON l.id = lc.lesson WHERE lc.student = {:student} AND l.course = {:course}`).
		Bind(dbx.Params{"student": student, "course": course}).Row(&done)
	if err != nil {
		return false, fmt.Errorf("count completed lessons: %w", err)
	}
	if done < total {
		return false, nil
	}
	n, err := app.CountRecords(CourseCompletions, dbx.HashExp{"student": student, "course": course})
	if err != nil {
		return false, fmt.Errorf("count course completions: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	col, err := app.FindCachedCollectionByNameOrId(CourseCompletions)
	if err != nil {
		return false, err
	}
	cc := core.NewRecord(col)
	cc.Set("student", student)
	cc.Set("course", course)
	cc.Set("completed_at", clock.Now(app))
	cc.Set("institution", institution)
	if err := app.Save(cc); err != nil {
		return false, fmt.Errorf("record course completion: %w", err)
	}
	return true, nil
}

// onLessonDelete deletes the lesson's completions with it and gives the
// course completion to every student who has now done all remaining lessons
// (they could not otherwise finish the course).
func onLessonDelete(e *core.RecordEvent) error {
	lesson := e.Record
	done, err := e.App.FindAllRecords(LessonCompletions, dbx.HashExp{"lesson": lesson.Id})
	if err != nil {
		return fmt.Errorf("completions of lesson %s: %w", lesson.Id, err)
	}
	for _, c := range done {
		if err := e.App.Delete(c); err != nil {
			return fmt.Errorf("delete lesson completion %s: %w", c.Id, err)
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	course := lesson.GetString("course")
	var students []struct {
		Student     string `db:"student"`
		Institution string `db:"institution"`
	}
	err = e.App.DB().NewQuery(`SELECT lc.student AS student, MAX(lc.institution) AS institution
		FROM lesson_completions lc JOIN lessons l ON l.id = lc.lesson
		WHERE l.course = {:course} AND lc.student != ''
		AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.student = lc.student AND cc.course = {:course})
		GROUP BY lc.student ORDER BY lc.student`).Bind(dbx.Params{"course": course}).All(&students)
	if err != nil {
		return fmt.Errorf("students of course %s: %w", course, err)
	}
	for _, s := range students {
		if _, err := awardIfComplete(e.App, s.Student, course, s.Institution); err != nil {
			return err
		}
	}
	return nil
}

// onCourseDelete keeps the record of students' work: a course with lesson
// or course completions is not deleted; otherwise its lessons go with it.
// (A course a posting requires is kept by the internships domain.)
func onCourseDelete(e *core.RecordEvent) error {
	c := e.Record
	for _, col := range []string{CourseCompletions, LessonCompletions} {
		n, err := e.App.CountRecords(col, dbx.HashExp{"course": c.Id})
		if err != nil {
			return fmt.Errorf("count %s: %w", col, err)
		}
		if n > 0 {
			return apierror.FieldError("published", apierror.CodeLocked,
				"Students have worked through this course, so it stays on their record; unpublish it instead of deleting it.")
		}
	}
	lessons, err := e.App.FindAllRecords(Lessons, dbx.HashExp{"course": c.Id})
	if err != nil {
		return fmt.Errorf("lessons of course %s: %w", c.Id, err)
	}
	for _, l := range lessons {
		if err := e.App.Delete(l); err != nil {
			return fmt.Errorf("delete lesson %s: %w", l.Id, err)
		}
	}
	return e.Next()
}
