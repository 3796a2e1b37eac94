// Package hooks is Internbase's composition root: Register wires every
// domain's hooks, routes and jobs, and the configuration overrides, into a
// PocketBase app (the production app and test apps alike).
package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	pbpublic "github.com/internbase/internbase/pb_public"

	"github.com/internbase/internbase/internal/apidocs"
	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/courses"
	"github.com/internbase/internbase/internal/digilocker"
	"github.com/internbase/internbase/internal/evaluations"
	"github.com/internbase/internbase/internal/filterguard"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/livefeed"
	"github.com/internbase/internbase/internal/logbooks"
	"github.com/internbase/internbase/internal/metrics"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/organizations"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/regulations"
	"github.com/internbase/internbase/internal/reports"
	"github.com/internbase/internbase/internal/submissions"
	"github.com/internbase/internbase/internal/users"
)

// Register wires Internbase into app.
func Register(app core.App) {
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return ApplyEnv(e.App, EnvFromOS())
	})

	// Text that is not UTF-8 and duplicated JSON keys: a 400 that says so
	// (input.go).
	registerInputChecks(app)

	// Client filters and sorts that PocketBase would evaluate without the
	// related collection's rules are refused before any handler runs.
	filterguard.Register(app)
	// Realtime connections stay up: heartbeats, spread lifetimes.
	livefeed.Register(app)
	// Errors in the caller's language; the portal's settings route.
	i18n.Register(app)

	regulations.Register(app)
	users.Register(app)
	organizations.Register(app)
	courses.Register(app)
	internships.Register(app)
	applications.Register(app)
	placements.Register(app)
	logbooks.Register(app)
	submissions.Register(app)
	evaluations.Register(app)
	certificates.Register(app)
	digilocker.Register(app)
	notifications.Register(app)
	audit.Register(app)
	reports.Register(app)
	apidocs.Register(app)
	metrics.Register(app)

	// The portal (pb_public, embedded), served last so every API route wins.
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Priority: 999,
		Func: func(e *core.ServeEvent) error {
			if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
				e.Router.GET("/{path...}", apis.Static(pbpublic.FS, false))
			}
			e.Router.BindFunc(pageHeaders)
			return e.Next()
		},
	})

	// The workflow runs one way: each domain declares the events a later
	// one reacts to, and the later one is bound to them here.
	internships.On(app).Uptake.BindFunc(applications.CountUptake)
	internships.On(app).Uptake.BindFunc(placements.CountUptake)
	internships.On(app).Ended.BindFunc(applications.WithdrawPending)
	applications.On(app).Busy.BindFunc(placements.ReportBusy)
	applications.On(app).Accepted.BindFunc(placements.Open)
	placements.On(app).Completing.BindFunc(submissions.ReportRequiredTasks)
	placements.On(app).Completing.BindFunc(evaluations.ReportScores)
	placements.On(app).Completed.BindFunc(certificates.IssueOnCompletion)

	// Cron jobs of DESIGN.md §7 (they tick only under serve).
	applications.RegisterJobs(app)
	internships.RegisterJobs(app)
	logbooks.RegisterJobs(app)
}

// pageHeaders adds a strict content security policy to the pages Internbase
// serves (the portal and the verify page): scripts, styles and connections
// from this origin only, no framing by others, no referrer leaks. The API
// (JSON) and the admin UI (which PocketBase gives its own policy) are left as
// they are.
func pageHeaders(e *core.RequestEvent) error {
	p := e.Request.URL.Path
	if !strings.HasPrefix(p, "/api/") && !strings.HasPrefix(p, "/_/") && p != "/_" {
		h := e.Response.Header()
		style := "'self'"
		if strings.HasPrefix(p, "/verify/") || strings.HasPrefix(p, "/docs") {
			style = "'self' 'unsafe-inline'" // server-rendered pages carry their own <style>
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src "+style+
			"; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	}
	return e.Next()
}
