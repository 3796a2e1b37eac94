package reports_test

import (
	"net/http"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/reports"
)

// Register may run twice on one app (hooks.Register and a test, say): the
// routes are bound once and the router builds.
func TestRegisterTwice(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	reports.Register(w.App)
	reports.Register(w.App)
	c := apptest.NewClient(t, w.App)
	if res := c.Do(http.MethodGet, reports.StatsPath, w.S1.Token, nil); res.Status != http.StatusOK {
		t.Fatalf("stats: %d %s", res.Status, res)
	}
}
