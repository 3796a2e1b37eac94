// Package reports holds Internbase's read-only reports: the credits report a
// college uploads to the Academic Bank of Credits (GET
// /api/ib/reports/credits and `internbase export credits`) and the per-caller
// dashboard counts (GET /api/ib/stats) and the numbers of its charts (GET
// /api/ib/stats/charts). Each is one SQL query (or one GROUP
// BY per collection) over indexed columns, scoped exactly like the
// collections' API rules; nothing here writes.
package reports

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Route paths of the reports domain.
const (
	CreditsPath = "/api/ib/reports/credits"
	StatsPath   = "/api/ib/stats"
)

// Register binds the reports routes to app. Calling it more than once on the
// same app binds the routes once.
func Register(app core.App) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if !e.Router.HasRoute(http.MethodGet, CreditsPath) {
			e.Router.GET(CreditsPath, creditsRoute).Bind(apis.RequireAuth())
		}
		if !e.Router.HasRoute(http.MethodGet, StatsPath) {
			e.Router.GET(StatsPath, statsRoute).Bind(apis.RequireAuth())
		}
		if !e.Router.HasRoute(http.MethodGet, ChartsPath) {
			e.Router.GET(ChartsPath, chartsRoute).Bind(apis.RequireAuth())
		}
		return e.Next()
	})
}
