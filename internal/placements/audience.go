package placements

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/users"
)

// refreshMentors keeps the student's users.mentors exact after every save or
// delete of a placement, in its transaction: the mentors of the student's
// placements (they may read the profile).
func refreshMentors(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	student := e.Record.GetString("student")
	var mentors []string
	err := e.App.DB().Select("mentor").Distinct(true).From(Collection).
		Where(dbx.HashExp{"student": student}).
		AndWhere(dbx.NewExp("mentor != ''")).Column(&mentors)
	if err != nil {
		return fmt.Errorf("read the mentors of %s: %w", student, err)
	}
	return users.SetMentors(e.App, student, mentors)
}
