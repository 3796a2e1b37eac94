package courses

import (
	"fmt"
	"slices"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/list"
)

// Missing describes the required courses the student has not
// completed: by title when the student may read the course (published, and
// global or of their institution), otherwise generically — a message never
// names a course its reader cannot see.
func Missing(app core.App, student *core.Record, required []string) ([]string, error) {
	if len(required) == 0 {
		return nil, nil
	}
	var done []string
	err := app.DB().Select("course").From(CourseCompletions).
		Where(dbx.HashExp{"student": student.Id}).AndWhere(dbx.In("course", list.ToInterfaceSlice(required)...)).Column(&done)
	if err != nil {
		return nil, apierror.Internal(app, "read the student's course completions", err)
	}
	courses, err := app.FindRecordsByIds(Courses, required)
	if err != nil {
		return nil, apierror.Internal(app, "read the required courses", err)
	}
	byID := make(map[string]*core.Record, len(courses))
	for _, c := range courses {
		byID[c.Id] = c
	}
	var named []string
	hidden := 0
	for _, id := range required {
		if slices.Contains(done, id) {
			continue
		}
		c := byID[id]
		if c == nil || !studentReads(student, c) {
			hidden++
			continue
		}
		named = append(named, "“"+c.GetString("title")+"”")
	}
	switch {
	case hidden == 1:
		named = append(named, "a course your institution has not published for you yet (ask your coordinator)")
	case hidden > 1:
		named = append(named, fmt.Sprintf("%d courses your institution has not published for you yet (ask your coordinator)", hidden))
	}
	return named, nil
}

// studentReads reports whether a student may read a course: published, and
// global or of the student's institution (the courses read rule).
func studentReads(student, course *core.Record) bool {
	inst := course.GetString("institution")
	return course.GetBool("published") && (inst == "" || inst == access.Institution(student))
}
