// Package metrics exposes Internbase's Prometheus metrics at GET /metrics,
// with the official Go client on a private registry per app: request counts
// and latencies by route pattern, realtime connections, the workflow
// counters (application transitions, certificates issued and revoked),
// failed mails, the database size, and the Go runtime and process
// collectors.
//
// The endpoint is guarded: a superuser's auth token, or, when the
// IB_METRICS_TOKEN environment variable is set, "Authorization: Bearer
// <IB_METRICS_TOKEN>" (the variable is read on every request).
package metrics

import (
	"net/http"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/livefeed"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Path is the route of the metrics endpoint.
const Path = "/metrics"

// TokenEnv names the environment variable holding the bearer token that a
// scraper may send instead of a superuser's auth token.
const TokenEnv = "IB_METRICS_TOKEN"

// storeKey marks an app whose metrics are registered (in app.Store()), so
// that Register binds everything once per app.
const storeKey = "ib.metrics"

// Metrics are the collectors of one app, registered on their own registry
// (never the process-global one, so that several apps in one process, as
// in tests, each count their own).
type Metrics struct {
	// Registry holds every collector below plus the Go runtime and process
	// collectors; GET /metrics serves it.
	Registry *prometheus.Registry

	requests            *prometheus.CounterVec
	duration            *prometheus.HistogramVec
	transitions         *prometheus.CounterVec
	certificatesIssued  prometheus.Counter
	certificatesRevoked prometheus.Counter
	mailsFailed         prometheus.Counter
	handler             http.Handler
}

// New builds the collectors of app on a fresh registry. It binds nothing to
// the app: Register does.
func New(app core.App) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ib_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ib_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		transitions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ib_applications_transitions_total",
			Help: "Committed application status changes, by previous and new status.",
		}, []string{"from", "to"}),
		certificatesIssued: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ib_certificates_issued_total",
			Help: "Certificates issued (including reissues).",
		}),
		certificatesRevoked: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ib_certificates_revoked_total",
			Help: "Certificates revoked.",
		}),
		mailsFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ib_mails_failed_total",
			Help: "Mails whose sending failed.",
		}),
	}
	reg.MustRegister(
		m.requests, m.duration, m.transitions,
		m.certificatesIssued, m.certificatesRevoked, m.mailsFailed,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ib_realtime_connections",
			Help: "Open realtime (SSE) connections.",
		}, func() float64 { return float64(livefeed.Clients(app)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ib_database_size_bytes",
			Help: "Size on disk of the main SQLite database (data.db plus its write-ahead log).",
		}, func() float64 { return float64(DatabaseSize(app.DataDir())) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return m
}

// Register builds the metrics of app and binds the request middleware, the
// /metrics route and the workflow hooks. Calling it again on the same app
// does nothing.
func Register(app core.App) {
	if app.Store().Has(storeKey) {
		return
	}
	m := New(app)
	app.Store().Set(storeKey, m)
	m.bindHTTP(app)
	m.bindWorkflow(app)
}

// DatabaseSize is the size in bytes of data.db and data.db-wal in dataDir
// (a missing file counts 0).
func DatabaseSize(dataDir string) int64 {
	var total int64
	for _, name := range []string{"data.db", "data.db-wal"} {
		if fi, err := os.Stat(filepath.Join(dataDir, name)); err == nil {
			total += fi.Size()
		}
	}
	return total
}
