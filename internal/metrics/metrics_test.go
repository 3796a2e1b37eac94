package metrics_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/mail"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/mailer"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/livefeed"
	"github.com/internbase/internbase/internal/metrics"
)

const apps = "/api/collections/applications/records"

// world is a populated app with the metrics registered (hooks.Register may
// already do it; Register is idempotent) and a client over its router.
func world(t *testing.T) (*apptest.World, *apptest.Client) {
	t.Helper()
	w := apptest.NewWorld(t)
	metrics.Register(w.App)
	metrics.Register(w.App) // a second call must not double-count
	return w, apptest.NewClient(t, w.App)
}

// scrape reads /metrics with the Authorization header auth and parses it.
func scrape(t *testing.T, c *apptest.Client, auth string) map[string]*dto.MetricFamily {
	t.Helper()
	res := c.Do(http.MethodGet, metrics.Path, "", nil, "Authorization", auth)
	if res.Status != http.StatusOK {
		t.Fatalf("scrape: %d %s", res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("content type %q", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("parse exposition: %v\n%s", err, res.Body)
	}
	return families
}

// value returns the value of the sample of family name whose labels are
// exactly labels (false when there is none).
func value(families map[string]*dto.MetricFamily, name string, labels map[string]string) (float64, bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, l := range m.GetLabel() {
			if labels[l.GetName()] != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		case m.Untyped != nil:
			return m.GetUntyped().GetValue(), true
		}
	}
	return 0, false
}

func TestGuard(t *testing.T) {
	w, c := world(t)
	t.Setenv(metrics.TokenEnv, "scrape-secret-0123456789")
	cases := []struct {
		name, auth string
		status     int
	}{
		{"no auth", "", http.StatusUnauthorized},
		{"wrong bearer token", "Bearer scrape-secret-0123456788", http.StatusUnauthorized},
		{"token without the Bearer scheme", "scrape-secret-0123456789", http.StatusUnauthorized},
		{"student", w.S1.Token, http.StatusForbidden},
		{"coordinator", "Bearer " + w.CoordA.Token, http.StatusForbidden},
		{"superuser", w.Admin.Token, http.StatusOK},
		{"superuser with Bearer", "Bearer " + w.Admin.Token, http.StatusOK},
		{"metrics token", "Bearer scrape-secret-0123456789", http.StatusOK},
		{"metrics token, any case scheme", "bearer scrape-secret-0123456789", http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodGet, metrics.Path, "", nil, "Authorization", tc.auth)
			if res.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tc.status, res.Body)
			}
			if tc.status != http.StatusOK {
				if res.JSON()["message"] == "" || bytes.Contains(res.Body, []byte("ib_http_requests_total")) {
					t.Errorf("refusal body: %s", res.Body)
				}
			}
		})
	}
}

func TestTokenUnsetRefusesBearer(t *testing.T) {
	w, c := world(t)
	t.Setenv(metrics.TokenEnv, "")
	if res := c.Do(http.MethodGet, metrics.Path, "", nil, "Authorization", "Bearer "); res.Status != http.StatusUnauthorized {
		t.Fatalf("empty bearer with no token configured: %d", res.Status)
	}
	if res := c.Do(http.MethodGet, metrics.Path, w.Admin.Token, nil); res.Status != http.StatusOK {
		t.Fatalf("superuser: %d", res.Status)
	}
}

func TestRequestMetricsByRoutePattern(t *testing.T) {
	t.Parallel()
	w, c := world(t)
	view := "/api/collections/applications/records/" + w.Application.Id
	for range 3 {
		if res := c.Do(http.MethodGet, view, w.S1.Token, nil); res.Status != 200 {
			t.Fatalf("view: %d %s", res.Status, res.Body)
		}
	}
	if res := c.Do(http.MethodGet, "/api/collections/applications/records/nosuchrecord123", w.S1.Token, nil); res.Status != 404 {
		t.Fatalf("missing: %d", res.Status)
	}
	if res := c.Do(http.MethodGet, "/api/ib/stats", "", nil); res.Status != 401 {
		t.Fatalf("stats without auth: %d", res.Status)
	}

	f := scrape(t, c, w.Admin.Token)
	const pattern = "/api/collections/{collection}/records/{id}"
	for _, tc := range []struct {
		labels map[string]string
		want   float64
	}{
		{map[string]string{"route": pattern, "method": "GET", "status": "200"}, 3},
		{map[string]string{"route": pattern, "method": "GET", "status": "404"}, 1},
		{map[string]string{"route": "/api/ib/stats", "method": "GET", "status": "401"}, 1},
	} {
		if v, ok := value(f, "ib_http_requests_total", tc.labels); !ok || v != tc.want {
			t.Errorf("ib_http_requests_total%v = %v (found %v), want %v", tc.labels, v, ok, tc.want)
		}
	}
	if n, ok := value(f, "ib_http_request_duration_seconds", map[string]string{"route": pattern, "method": "GET"}); !ok || n != 4 {
		t.Errorf("duration histogram count = %v (found %v), want 4", n, ok)
	}
	// No raw path (and so no record id) ever becomes a label value.
	for _, m := range f["ib_http_requests_total"].GetMetric() {
		for _, l := range m.GetLabel() {
			if strings.Contains(l.GetValue(), w.Application.Id) || strings.Contains(l.GetValue(), "nosuchrecord") {
				t.Errorf("raw path in a label: %v", m.GetLabel())
			}
		}
	}
	for _, name := range []string{"ib_realtime_connections", "ib_database_size_bytes", "go_goroutines", "process_cpu_seconds_total",
		"ib_mails_failed_total", "ib_certificates_issued_total", "ib_certificates_revoked_total"} {
		if f[name] == nil {
			t.Errorf("%s missing", name)
		}
	}
	if v, _ := value(f, "ib_database_size_bytes", map[string]string{}); v <= 0 {
		t.Errorf("database size %v", v)
	}
}

func TestApplicationTransitions(t *testing.T) {
	t.Parallel()
	w, c := world(t)
	day := apptest.Day
	internship := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data intern", "seats": 2,
		"starts_on": day(w.App, 30), "ends_on": day(w.App, 90), "apply_by": day(w.App, 20), "hours": 120, "status": "open",
	})
	a := apptest.Save(t, w.App, "applications", map[string]any{
		"internship": internship.Id, "student": w.S2.Id, "institution": w.InstA.Id, "organization": w.OrgX.Id,
		"status": "endorsed", "endorsed_at": day(w.App, -1),
	})
	if res := c.Do(http.MethodPatch, apps+"/"+a.Id, w.SupX.Token, map[string]any{"status": "shortlisted"}); res.Status != 200 {
		t.Fatalf("shortlist: %d %s", res.Status, res.Body)
	}
	// A refused move counts nothing.
	if res := c.Do(http.MethodPatch, apps+"/"+a.Id, w.SupX.Token, map[string]any{"status": "accepted"}); res.Status < 400 {
		t.Fatalf("supervisor accepting: %d %s", res.Status, res.Body)
	}
	// A save that keeps the status counts nothing either.
	a, err := w.App.FindRecordById("applications", a.Id)
	apptest.Must(t, err)
	a.Set("reason", "Noted.")
	apptest.Must(t, w.App.Save(a))

	// An internal save that rolls back counts nothing.
	rollback := errors.New("roll back")
	err = w.App.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById("applications", a.Id)
		if err != nil {
			return err
		}
		r.Set("status", "withdrawn")
		if err := tx.Save(r); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("transaction: %v", err)
	}

	f := scrape(t, c, w.Admin.Token)
	if v, ok := value(f, "ib_applications_transitions_total", map[string]string{"from": "endorsed", "to": "shortlisted"}); !ok || v != 1 {
		t.Errorf(`transitions{from="endorsed",to="shortlisted"} = %v (found %v), want 1`, v, ok)
	}
	if got := len(f["ib_applications_transitions_total"].GetMetric()); got != 1 {
		t.Errorf("transition series: %d, want 1: %v", got, f["ib_applications_transitions_total"].GetMetric())
	}
}

func TestCertificateCounters(t *testing.T) {
	t.Parallel()
	w, c := world(t)
	// The world itself may have issued certificates (hooks.Register binds the
	// metrics before the fixture is built): count from here on.
	before, _ := value(scrape(t, c, w.Admin.Token), "ib_certificates_issued_total", map[string]string{})
	_, err := w.App.DB().Update("placements", dbx.Params{"approved_hours": 64.5, "credits_earned": 2, "marks": 40.5,
		"percent": 81, "grade": "A+", "grade_point": 9, "status": "completed"}, dbx.HashExp{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	p, err := w.App.FindRecordById("placements", w.Placement.Id)
	apptest.Must(t, err)
	apptest.Must(t, certificates.Issue(w.App, p))
	issued, err := w.App.FindFirstRecordByFilter("certificates", "placement = {:p} && status = 'valid' && id != {:old}",
		dbx.Params{"p": p.Id, "old": w.Certificate.Id})
	apptest.Must(t, err)

	res := c.Do(http.MethodPatch, "/api/collections/certificates/records/"+issued.Id, w.CoordA.Token,
		map[string]any{"status": "revoked", "revoke_reason": "Issued against the wrong register number."})
	if res.Status != 200 {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}

	f := scrape(t, c, w.Admin.Token)
	if v, _ := value(f, "ib_certificates_issued_total", map[string]string{}); v-before != 1 {
		t.Errorf("issued = %v → %v, want one more", before, v)
	}
	if v, _ := value(f, "ib_certificates_revoked_total", map[string]string{}); v != 1 {
		t.Errorf("revoked = %v, want 1", v)
	}
}

// failing is a mailer whose every send fails.
type failing struct{}

func (failing) Send(*mailer.Message) error { return errors.New("smtp: connection refused") }

func TestMailsFailed(t *testing.T) {
	t.Parallel()
	w, c := world(t)
	msg := func() *mailer.Message {
		return &mailer.Message{From: mail.Address{Address: "noreply@example.test"},
			To: []mail.Address{{Address: "student@example.test"}}, Subject: "Hello", HTML: "<p>Hi</p>"}
	}
	apptest.Must(t, w.App.NewMailClient().Send(msg())) // the test mailer accepts it
	w.App.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Func: func(e *core.MailerEvent) error {
			e.Mailer = failing{}
			return e.Next()
		},
	})
	for range 2 {
		if err := w.App.NewMailClient().Send(msg()); err == nil {
			t.Fatal("the failing mailer succeeded")
		}
	}
	f := scrape(t, c, w.Admin.Token)
	if v, _ := value(f, "ib_mails_failed_total", map[string]string{}); v != 2 {
		t.Errorf("mails failed = %v, want 2", v)
	}
}

func TestRealtimeGauge(t *testing.T) {
	t.Parallel()
	w, c := world(t)
	for range 3 {
		_, _, detach := livefeed.Attach(w.App)
		t.Cleanup(detach)
	}
	f := scrape(t, c, w.Admin.Token)
	if v, _ := value(f, "ib_realtime_connections", map[string]string{}); v != 3 {
		t.Errorf("realtime connections = %v, want 3", v)
	}
}

func TestRouteLabel(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"GET /api/collections/{collection}/records/{id}": "/api/collections/{collection}/records/{id}",
		"/{path...}":        "/{path...}",
		"POST /api/batch":   "/api/batch",
		"":                  "unmatched",
		"GET /api/ib/stats": "/api/ib/stats",
	}
	for pattern, want := range cases {
		r, _ := http.NewRequest(http.MethodGet, "/x", nil)
		r.Pattern = pattern
		if got := metrics.Route(r); got != want {
			t.Errorf("Route(%q) = %q, want %q", pattern, got, want)
		}
	}
	for in, want := range map[string]string{"GET": "GET", "PATCH": "PATCH", "BREW": "OTHER", "get": "OTHER"} {
		if got := metrics.Method(in); got != want {
			t.Errorf("Method(%q) = %q, want %q", in, got, want)
		}
	}
}
