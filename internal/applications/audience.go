package applications

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/users"
)

// refreshHosts keeps the student's users.hosts exact after every save or
// delete of an application, in its transaction: the organizations to which
// the student has an endorsed application (they may read the profile).
func refreshHosts(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	student := e.Record.GetString("student")
	var orgs []string
	err := e.App.DB().Select("organization").Distinct(true).From(Collection).
		Where(dbx.HashExp{"student": student}).
		AndWhere(dbx.NewExp("endorsed_at != ''")).Column(&orgs)
	if err != nil {
		return fmt.Errorf("read the hosts of %s: %w", student, err)
	}
	return users.SetHosts(e.App, student, orgs)
}
