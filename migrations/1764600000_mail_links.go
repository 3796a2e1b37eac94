package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The mails of the users collection lead to the portal (DESIGN.md §10, §11):
// the password reset link opens the portal's page for a new password
// (`#/reset-password/{TOKEN}`) instead of PocketBase's admin UI, and the
// one-time code mail says it is the Internbase sign-in code. PocketBase's
// placeholders stay: {APP_URL} is IB_APP_URL, {APP_NAME} the app name.
func init() {
	m.Register(upMailLinks, downMailLinks)
}

const resetPasswordSubject = "Set your {APP_NAME} password"

const resetPasswordBody = `<p>Hello,</p>
<p>Someone, probably you, asked to set a new password for your {APP_NAME} account.
Open the link below to choose one. The link works once, for 30 minutes.</p>
<p>
  <a class="btn" href="{APP_URL}/#/reset-password/{TOKEN}" target="_blank" rel="noopener">Set my password</a>
</p>
<p>If the button does not work, copy this address into your browser:<br/>
{APP_URL}/#/reset-password/{TOKEN}</p>
<p><i>If you did not ask for this, ignore this email: your password stays as it is.</i></p>
<p>
  Thanks,<br/>
  {APP_NAME} team
</p>`

const otpSubject = "Your {APP_NAME} sign-in code"

const otpBody = `<p>Hello,</p>
<p>Your {APP_NAME} sign-in code is: <strong>{OTP}</strong></p>
<p>Type it on the sign-in page where you asked for it. It works once, for a few minutes.
Nobody from {APP_NAME} or your college will ever ask you for this code.</p>
<p><i>If you did not ask for a sign-in code, ignore this email: nobody can sign in without it.</i></p>
<p>
  Thanks,<br/>
  {APP_NAME} team
</p>`

func upMailLinks(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.ResetPasswordTemplate = core.EmailTemplate{Subject: resetPasswordSubject, Body: resetPasswordBody}
	users.OTP.EmailTemplate = core.EmailTemplate{Subject: otpSubject, Body: otpBody}
	return app.Save(users)
}

// downMailLinks restores PocketBase's default templates (those a new auth
// collection gets).
func downMailLinks(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	defaults := core.NewAuthCollection("users")
	users.ResetPasswordTemplate = defaults.ResetPasswordTemplate
	users.OTP.EmailTemplate = defaults.OTP.EmailTemplate
	return app.Save(users)
}
