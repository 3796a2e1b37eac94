package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Supervisors add colleagues of their own organization; coordinators create
// only the first supervisor of an organization (DESIGN.md §3 users). The
// rule lets the three kinds of creator in; the users hooks decide the rest.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.CreateRule = p(or(`@request.auth.id = ""`, isCoordinator, isSupervisor))
		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.CreateRule = p(or(`@request.auth.id = ""`, isCoordinator))
		return app.Save(users)
	})
}
