package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"

	"github.com/internbase/internbase/internal/apptest"
)

// TestMailLinks: the reset mail of a user links to the portal's page for a
// new password on the app URL, the one-time code mail names Internbase, and
// the migration's down restores PocketBase's defaults (and up again works).
func TestMailLinks(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	s := app.Settings()
	s.Meta.AppURL = "https://internbase.example.edu"
	apptest.Must(t, app.Save(s))

	users, err := app.FindCollectionByNameOrId("users")
	apptest.Must(t, err)
	u := core.NewRecord(users)
	u.Set("email", "meera@college.test")
	u.Set("name", "Meera")
	u.Set("role", "student")
	u.SetPassword("a-long-pass-2026")
	apptest.Must(t, app.SaveNoValidate(u))

	app.TestMailer.Reset()
	apptest.Must(t, mails.SendRecordPasswordReset(app, u))
	msg := app.TestMailer.LastMessage()
	if !strings.Contains(msg.HTML, `href="https://internbase.example.edu/#/reset-password/ey`) {
		t.Errorf("reset mail does not link to the portal page:\n%s", msg.HTML)
	}
	if strings.Contains(msg.HTML, "/_/") || strings.Contains(msg.HTML, "{APP_") || strings.Contains(msg.HTML, "{TOKEN}") {
		t.Errorf("reset mail links to the admin UI or keeps a placeholder:\n%s", msg.HTML)
	}
	if msg.Subject != "Set your Internbase password" {
		t.Errorf("reset subject %q", msg.Subject)
	}

	app.TestMailer.Reset()
	apptest.Must(t, mails.SendRecordOTP(app, u, "otpid", "12345678"))
	msg = app.TestMailer.LastMessage()
	if !strings.Contains(msg.HTML, "Internbase sign-in code is: <strong>12345678</strong>") || msg.Subject != "Your Internbase sign-in code" {
		t.Errorf("OTP mail %q:\n%s", msg.Subject, msg.HTML)
	}

	var mig *core.Migration
	for _, it := range core.AppMigrations.Items() {
		if strings.HasSuffix(it.File, "1764600000_mail_links.go") {
			mig = it
		}
	}
	if mig == nil {
		t.Fatal("migration 1764600000_mail_links.go is not registered")
	}
	defaults := core.NewAuthCollection("x")
	apptest.Must(t, mig.Down(app))
	users, err = app.FindCollectionByNameOrId("users")
	apptest.Must(t, err)
	if users.ResetPasswordTemplate != defaults.ResetPasswordTemplate || users.OTP.EmailTemplate != defaults.OTP.EmailTemplate {
		t.Errorf("down did not restore the defaults: %+v %+v", users.ResetPasswordTemplate, users.OTP.EmailTemplate)
	}
	apptest.Must(t, mig.Up(app))
	users, err = app.FindCollectionByNameOrId("users")
	apptest.Must(t, err)
	if !strings.Contains(users.ResetPasswordTemplate.Body, "{APP_URL}/#/reset-password/{TOKEN}") {
		t.Errorf("up again: %s", users.ResetPasswordTemplate.Body)
	}
}
