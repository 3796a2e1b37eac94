package hooks_test

import (
	"strings"
	"testing"

	"github.com/internbase/internbase/hooks"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/digilocker"
)

func envOf(m map[string]string) hooks.Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestApplyEnvOverridesSettings(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	err := hooks.ApplyEnv(app, envOf(map[string]string{
		"IB_APP_URL": "https://internbase.example.edu/", "IB_SENDER_ADDRESS": "noreply@example.edu",
		"IB_SMTP_HOST": "smtp.example.edu", "IB_SMTP_PORT": "2525", "IB_SMTP_USERNAME": "mailer",
		"IB_SMTP_PASSWORD": "mail-secret", "IB_SMTP_TLS": "true",
		"IB_S3_BUCKET": "ib-files", "IB_S3_ENDPOINT": "http://127.0.0.1:7070", "IB_S3_REGION": "us-east-1",
		"IB_S3_ACCESS_KEY": "ak", "IB_S3_SECRET": "s3-secret", "IB_S3_FORCE_PATH_STYLE": "true",
		"IB_TIMEZONE": "Asia/Kolkata", "IB_TRUSTED_PROXY_HEADERS": "X-Forwarded-For, X-Real-IP",
	}))
	apptest.Must(t, err)
	apptest.Must(t, app.ReloadSettings()) // what was saved, not only what is in memory
	s := app.Settings()
	checks := map[string][2]any{
		"app url":      {s.Meta.AppURL, "https://internbase.example.edu"},
		"sender":       {s.Meta.SenderAddress, "noreply@example.edu"},
		"smtp on":      {s.SMTP.Enabled, true},
		"smtp host":    {s.SMTP.Host, "smtp.example.edu"},
		"smtp port":    {s.SMTP.Port, 2525},
		"smtp user":    {s.SMTP.Username, "mailer"},
		"smtp pass":    {s.SMTP.Password, "mail-secret"},
		"smtp tls":     {s.SMTP.TLS, true},
		"s3 on":        {s.S3.Enabled, true},
		"s3 bucket":    {s.S3.Bucket, "ib-files"},
		"s3 endpoint":  {s.S3.Endpoint, "http://127.0.0.1:7070"},
		"s3 region":    {s.S3.Region, "us-east-1"},
		"s3 key":       {s.S3.AccessKey, "ak"},
		"s3 secret":    {s.S3.Secret, "s3-secret"},
		"s3 pathstyle": {s.S3.ForcePathStyle, true},
		"app name":     {s.Meta.AppName, "Internbase"},
	}
	if got := strings.Join(s.TrustedProxy.Headers, ","); got != "X-Forwarded-For,X-Real-IP" {
		t.Errorf("trusted proxy headers %q", got)
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
}

func TestApplyEnvWithNothingSetKeepsDefaults(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	apptest.Must(t, hooks.ApplyEnv(app, envOf(nil)))
	s := app.Settings()
	if s.SMTP.Enabled || s.S3.Enabled || s.Meta.AppURL != "http://localhost:8090" {
		t.Fatalf("defaults changed: smtp %v s3 %v url %s", s.SMTP.Enabled, s.S3.Enabled, s.Meta.AppURL)
	}
	if !s.Batch.Enabled || s.Batch.MaxRequests != 100 {
		t.Fatalf("settings migration not applied: batch %+v", s.Batch)
	}
	if s.Backups.Cron != "0 2 * * *" || s.Backups.CronMaxKeep != 7 {
		t.Fatalf("backups %+v", s.Backups)
	}
}

func TestApplyEnvRefusesBadValues(t *testing.T) {
	t.Parallel()
	for name, env := range map[string]map[string]string{
		"port":      {"IB_SMTP_HOST": "smtp.x", "IB_SMTP_PORT": "twenty-five"},
		"tls":       {"IB_SMTP_HOST": "smtp.x", "IB_SMTP_TLS": "maybe"},
		"timezone":  {"IB_TIMEZONE": "Mars/Olympus"},
		"pathstyle": {"IB_S3_BUCKET": "b", "IB_S3_FORCE_PATH_STYLE": "yes please"},
	} {
		t.Run(name, func(t *testing.T) {
			app := apptest.NewApp(t)
			if err := hooks.ApplyEnv(app, envOf(env)); err == nil {
				t.Fatal("want an error")
			}
			apptest.Must(t, app.ReloadSettings())
			if app.Settings().SMTP.Enabled || app.Settings().S3.Enabled {
				t.Fatal("a refused configuration was saved")
			}
		})
	}
}

func TestApplyEnvConfiguresDigiLocker(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	if digilocker.ConfigOf(app).Enabled() {
		t.Fatal("DigiLocker on with nothing set")
	}
	want := digilocker.Config{IssuerID: "in.ac.x", DocType: "ITCER", APIKey: "k"}
	apptest.Must(t, hooks.ApplyEnv(app, envOf(map[string]string{
		"IB_DIGILOCKER_ISSUER_ID": want.IssuerID, "IB_DIGILOCKER_DOCTYPE": want.DocType, "IB_DIGILOCKER_API_KEY": want.APIKey,
	})))
	if got := digilocker.ConfigOf(app); got != want {
		t.Fatalf("config %+v", got)
	}
	partial := apptest.NewApp(t)
	if err := hooks.ApplyEnv(partial, envOf(map[string]string{"IB_DIGILOCKER_ISSUER_ID": "in.ac.x"})); err == nil ||
		digilocker.ConfigOf(partial).Enabled() {
		t.Fatalf("one variable alone: %v", err)
	}
}
