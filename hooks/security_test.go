package hooks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
)

// API2 / API4: sign-in is rate limited per address.
func TestSignInIsRateLimited(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	apptest.RateLimits(t, w.App, true)
	c := apptest.NewClient(t, w.App)
	var statuses []int
	for i := 0; i < 31; i++ {
		res := c.Do(http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]any{"identity": w.S1.Email(), "password": "wrong-password"})
		statuses = append(statuses, res.Status)
	}
	for i, s := range statuses[:30] {
		if s != 400 {
			t.Fatalf("attempt %d: %d", i, s)
		}
	}
	if statuses[30] != http.StatusTooManyRequests {
		t.Fatalf("31st sign-in attempt within a minute: %d, want 429", statuses[30])
	}
}

// API4: page sizes are capped, long filters and oversized batches refused.
func TestResourceLimits(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	res := c.Do(http.MethodGet, "/api/collections/institutions/records?perPage=100000", "", nil)
	if res.Status != 200 || res.JSON()["perPage"].(float64) > 1000 {
		t.Fatalf("perPage not capped: %d %v", res.Status, res.JSON()["perPage"])
	}
	long := "name='" + strings.Repeat("a", 4000) + "'"
	if res := c.Do(http.MethodGet, "/api/collections/institutions/records?filter="+long, "", nil); res.Status != 400 {
		t.Fatalf("4 kB filter: %d", res.Status)
	}
	var reqs []map[string]any
	for i := 0; i < 101; i++ {
		reqs = append(reqs, map[string]any{"method": "PATCH", "url": "/api/collections/notifications/records/" + w.Notification.Id, "body": map[string]any{"read": true}})
	}
	if res := c.Do(http.MethodPost, "/api/batch", w.S1.Token, map[string]any{"requests": reqs}); res.Status != 400 {
		t.Fatalf("batch of 101: %d %s", res.Status, res.String())
	}
	if res := c.Do(http.MethodPost, "/api/batch", w.S1.Token, map[string]any{"requests": reqs[:3]}); res.Status != 200 {
		t.Fatalf("batch of 3: %d %s", res.Status, res.String())
	}
}

// API7: Internbase never fetches a URL a user gives (websites, links, videos
// are stored as text).
func TestUserURLsAreNeverFetched(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	trap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer trap.Close()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	cases := []struct {
		url, token string
		body       map[string]any
		method     string
	}{
		{"/api/collections/organizations/records/" + w.OrgX.Id, w.SupX.Token, map[string]any{"website": trap.URL + "/site"}, "PATCH"},
		{"/api/collections/submissions/records", w.S1.Token, map[string]any{"task": w.Task.Id, "placement": w.Placement.Id, "link": trap.URL + "/report"}, "POST"},
		{"/api/collections/lessons/records", w.CoordA.Token, map[string]any{"course": w.Course.Id, "title": "Video", "video_url": trap.URL + "/video"}, "POST"},
		{"/api/collections/organizations/records/" + w.OrgX.Id, w.SupX.Token, map[string]any{"logo": trap.URL + "/logo.png"}, "PATCH"},
	}
	for _, tc := range cases {
		res := c.Do(tc.method, tc.url, tc.token, tc.body)
		if res.Status >= 500 {
			t.Fatalf("%s %s: %d", tc.method, tc.url, res.Status)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the server fetched %d user-given URLs", n)
	}
}

// API8: security headers on the API and a strict CSP on the pages.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	api := c.Do(http.MethodGet, "/api/collections/institutions/records", "", nil)
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN", "Cross-Origin-Opener-Policy": "same-origin"} {
		if got := api.Header.Get(k); got != v {
			t.Errorf("API %s = %q", k, got)
		}
	}
	for _, path := range []string{"/", "/verify/IB-2026-AAAAAAAA"} {
		res := c.Do(http.MethodGet, path, "", nil)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'self'") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s CSP %q", path, csp)
		}
		if res.Header.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s Referrer-Policy %q", path, res.Header.Get("Referrer-Policy"))
		}
	}
	if csp := api.Header.Get("Content-Security-Policy"); csp != "" {
		t.Errorf("JSON API got a page CSP: %q", csp)
	}
}

// API5: every custom route refuses the wrong function-level caller.
func TestCustomRoutesFunctionLevelAccess(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	cases := []struct {
		method, url string
		token       string
		want        int
	}{
		{"POST", "/api/ib/certificates/" + w.Certificate.Id + "/reissue", "", 401},
		{"POST", "/api/ib/certificates/" + w.Certificate.Id + "/reissue", w.S1.Token, 403},
		{"POST", "/api/ib/certificates/" + w.Certificate.Id + "/reissue", w.CoordB.Token, 404},
		{"POST", "/api/ib/certificates/" + w.Certificate.Id + "/reissue", w.SupY.Token, 404},
		{"GET", "/api/ib/reports/credits?institution=" + w.InstA.Id, "", 401},
		{"GET", "/api/ib/reports/credits?institution=" + w.InstA.Id, w.S1.Token, 403},
		{"GET", "/api/ib/reports/credits?institution=" + w.InstA.Id, w.MentorA.Token, 403},
		{"GET", "/api/ib/reports/credits?institution=" + w.InstA.Id, w.SupX.Token, 403},
		{"GET", "/api/ib/reports/credits?institution=" + w.InstA.Id, w.CoordB.Token, 403},
		{"GET", "/api/ib/reports/credits?institution=" + w.InstA.Id, w.CoordA.Token, 200},
		{"GET", "/api/ib/stats", "", 401},
		{"GET", "/api/ib/stats", w.S3.Token, 200},
		{"GET", "/api/settings", w.CoordA.Token, 403},
		{"GET", "/api/collections", w.CoordA.Token, 403},
		{"GET", "/api/backups", w.CoordA.Token, 403},
		{"GET", "/api/logs", w.CoordA.Token, 403},
		{"POST", "/api/collections/users/impersonate/" + w.S1.Id, w.CoordA.Token, 403},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %s %d", tc.method, tc.url, tc.want), func(t *testing.T) {
			if res := c.Do(tc.method, tc.url, tc.token, nil); res.Status != tc.want {
				t.Fatalf("got %d %s", res.Status, res.String())
			}
		})
	}
}
