// Package notifications holds the in-app notices of workflow events: created
// by the server, read, marked read and deleted by their user, and mailed
// after the transaction commits when SMTP is configured.
package notifications

import (
	"html"
	"log/slog"
	"net/mail"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/routine"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/i18n"
)

// Collection is the notifications collection.
const Collection = "notifications"

// Register binds the notifications hooks to app.
func Register(app core.App) {
	fields.Protect(app, Collection, fields.Policy{
		NoCreate:      true,
		CreateMessage: "Notifications are created by the server.",
		Writable: func(_, _ *core.Record) ([]string, bool) {
			return []string{"read"}, true
		},
	})
	// After-success hooks of a save inside a transaction run after commit,
	// so a rolled-back change never sends mail.
	app.OnRecordAfterCreateSuccess(Collection).BindFunc(func(e *core.RecordEvent) error {
		if e.App.Settings().SMTP.Enabled {
			app, n := e.App, e.Record
			routine.FireAndForget(func() { Mail(app, n) })
		}
		return e.Next()
	})
}

// Mail sends one notification to its user; a failure is logged, never
// returned, because the change it reports has already committed.
func Mail(app core.App, n *core.Record) {
	user, err := app.FindRecordById(access.Users, n.GetString("user"))
	if err != nil || user.Email() == "" {
		app.Logger().Warn("notification mail: no recipient", slog.String("notification", n.Id))
		return
	}
	s := app.Settings()
	link := strings.TrimRight(s.Meta.AppURL, "/") + n.GetString("link")
	body := n.GetString("body")
	msg := &mailer.Message{
		From:    mail.Address{Name: s.Meta.SenderName, Address: s.Meta.SenderAddress},
		To:      []mail.Address{{Name: user.GetString("name"), Address: user.Email()}},
		Subject: n.GetString("title"),
		Text:    n.GetString("title") + "\n\n" + body + "\n\n" + link + "\n",
		HTML: "<p><strong>" + html.EscapeString(n.GetString("title")) + "</strong></p><p>" + html.EscapeString(body) +
			"</p><p><a href=\"" + html.EscapeString(link) + "\">" + html.EscapeString(i18n.T(i18n.Of(user), "mail.open", nil)) + "</a></p>",
	}
	if err := app.NewMailClient().Send(msg); err != nil {
		app.Logger().Error("notification mail failed", slog.String("notification", n.Id),
			slog.String("kind", n.GetString("kind")), slog.String("error", err.Error()))
	}
}
