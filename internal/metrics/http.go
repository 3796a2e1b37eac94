package metrics

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// middlewareID names the request-measuring middleware.
const middlewareID = "ibMetrics"

// middlewarePriority runs the measuring middleware just inside PocketBase's
// activity logger: it wraps the panic recovery, the rate limiter, the auth
// loading and every route, so it sees the final status of every request.
const middlewarePriority = apis.DefaultActivityLoggerMiddlewarePriority + 5

func (m *Metrics) bindHTTP(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       middlewareID,
			Priority: middlewarePriority,
			Func:     m.measure,
		})
		if !se.Router.HasRoute(http.MethodGet, Path) {
			se.Router.GET(Path, m.serve)
		}
		return se.Next()
	})
}

// measure counts and times one request by the route pattern it matched.
func (m *Metrics) measure(e *core.RequestEvent) error {
	start := time.Now()
	err := e.Next()
	route, method := Route(e.Request), Method(e.Request.Method)
	m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	m.requests.WithLabelValues(route, method, strconv.Itoa(status(e, err))).Inc()
	return err
}

// status is the status code the client gets: the one written, else the one
// PocketBase's error handler will write for err, else 200.
func status(e *core.RequestEvent, err error) int {
	if s := e.Status(); s != 0 {
		return s
	}
	if err != nil {
		return router.ToApiError(err).Status
	}
	return http.StatusOK
}

// Route is the pattern that r matched in the router, without its method
// ("/api/collections/{collection}/records/{id}"), so that ids never become
// label values; "unmatched" when there is none.
func Route(r *http.Request) string {
	p := r.Pattern
	if i := strings.IndexByte(p, ' '); i >= 0 {
		p = strings.TrimSpace(p[i+1:])
	}
	if p == "" {
		return "unmatched"
	}
	return p
}

// Method is the method label of a request: one of the standard methods,
// else OTHER (the catch-all route accepts any method token).
func Method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, "SEARCH":
		return m
	}
	return "OTHER"
}

// serve answers GET /metrics in Prometheus' exposition format.
func (m *Metrics) serve(e *core.RequestEvent) error {
	if err := authorize(e); err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	m.handler.ServeHTTP(e.Response, e.Request)
	return nil
}

// authorize lets in a superuser, or the holder of the IB_METRICS_TOKEN
// bearer token when that variable is set; others get 401 (no valid auth) or
// 403 (signed in, but not a superuser).
func authorize(e *core.RequestEvent) error {
	if want := os.Getenv(TokenEnv); want != "" {
		if got, ok := bearer(e.Request.Header.Get("Authorization")); ok && sameToken(got, want) {
			return nil
		}
	}
	if e.HasSuperuserAuth() {
		return nil
	}
	if e.Auth == nil {
		return e.UnauthorizedError("Send a superuser's auth token or the metrics bearer token to read the metrics.", nil)
	}
	return e.ForbiddenError("Only superusers and the metrics scraper can read the metrics.", nil)
}

// bearer extracts the credentials of an "Authorization: Bearer …" header.
func bearer(header string) (string, bool) {
	const prefix = "Bearer "
	if len(header) <= len(prefix) || !strings.EqualFold(header[:len(prefix)], prefix) {
		return "", false
	}
	return strings.TrimSpace(header[len(prefix):]), true
}

// sameToken compares two tokens in constant time (hashed first, so that the
// time does not reveal the length either).
func sameToken(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
