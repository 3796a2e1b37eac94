package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Settings of DESIGN.md §8. Environment overrides (app URL, SMTP, S3) are
// applied at every start by hooks, not stored here.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Meta.AppName = "Internbase"
		s.Meta.SenderName = "Internbase"
		s.Meta.SenderAddress = "no-reply@internbase.localhost"
		s.Batch.Enabled = true
		s.Batch.MaxRequests = 100
		s.Batch.Timeout = 10
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = []core.RateLimitRule{
			{Label: "*:auth", MaxRequests: 30, Duration: 60},
			{Label: "users:create", Audience: "@guest", MaxRequests: 10, Duration: 60},
			{Label: "*:requestPasswordReset", MaxRequests: 5, Duration: 60},
			{Label: "*:requestVerification", MaxRequests: 5, Duration: 60},
			{Label: "*:requestOTP", MaxRequests: 5, Duration: 60},
			{Label: "/api/ib/verify/", MaxRequests: 60, Duration: 60},
			{Label: "/verify/", MaxRequests: 60, Duration: 60},
			{Label: "*:create", MaxRequests: 100, Duration: 10},
			{Label: "/api/batch", MaxRequests: 10, Duration: 1},
			{Label: "/api/", MaxRequests: 1000, Duration: 10},
		}
		s.Backups.Cron = "0 2 * * *"
		s.Backups.CronMaxKeep = 7
		s.Logs.MaxDays = 14
		return app.Save(s)
	}, nil)
}
