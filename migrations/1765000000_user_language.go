package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Every user reads the portal, the server's messages, notifications and
// mails in their language (DESIGN.md §3 users, §10): `language` is `en`
// (English) or `ml` (Malayalam); empty means English. Only the account's
// owner changes it (the users hooks refuse anybody else).
func init() {
	m.Register(upUserLanguage, downUserLanguage)
}

func upUserLanguage(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.Add(&core.SelectField{Name: "language", Values: []string{"en", "ml"}, MaxSelect: 1})
	return app.Save(users)
}

func downUserLanguage(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.RemoveByName("language")
	return app.Save(users)
}
