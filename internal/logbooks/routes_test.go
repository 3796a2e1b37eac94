package logbooks_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/logger"

	"github.com/internbase/internbase/internal/apptest"
)

// requestLogs flushes the app's batched logger and counts the request log
// rows (_logs in auxiliary.db) per method and URL.
func requestLogs(t *testing.T, app core.App) map[string]int {
	t.Helper()
	h, ok := app.Logger().Handler().(*logger.BatchHandler)
	if !ok {
		t.Fatalf("logger handler %T", app.Logger().Handler())
	}
	apptest.Must(t, h.WriteAll(context.Background()))
	var rows []struct {
		Method string `db:"method"`
		URL    string `db:"url"`
	}
	apptest.Must(t, app.AuxDB().NewQuery("SELECT json_extract(data, '$.method') AS method, json_extract(data, '$.url') AS url"+
		" FROM _logs WHERE json_extract(data, '$.type') = 'request'").All(&rows))
	out := map[string]int{}
	for _, r := range rows {
		out[r.Method+" "+r.URL]++
	}
	return out
}

// Logging a day and editing or reviewing an entry are the evening's hot
// writes: PocketBase's activity log keeps only those that failed. Other
// requests are logged as before.
func TestHotWritesLogOnlyFailures(t *testing.T) {
	w, c := setup(t)
	// PocketBase's test app keeps no logs; production keeps 14 days.
	s := w.App.Settings()
	s.Logs.MaxDays = 14
	apptest.Must(t, w.App.Save(s))
	body := map[string]any{"placement": w.Placement.Id, "date": day(w, -2), "hours": 3, "activity": activity}
	do := func(method, url, token string, body any, status int) *apptest.Response {
		t.Helper()
		res := c.Do(method, url, token, body)
		if res.Status != status {
			t.Fatalf("%s %s: %d %s, want %d", method, url, res.Status, res, status)
		}
		return res
	}

	// Successes: a day logged, edited, approved.
	id := do(http.MethodPost, entries, w.S1.Token, body, 200).JSON()["id"].(string)
	entry := entries + "/" + id
	do(http.MethodPatch, entry, w.S1.Token, map[string]any{"hours": 4}, 200)
	do(http.MethodPatch, entry, w.SupX.Token, map[string]any{"status": "approved"}, 200)
	// Failures: a second entry for the day, an edit of the approved entry.
	do(http.MethodPost, entries, w.S1.Token, body, 400)
	do(http.MethodPatch, entry, w.S1.Token, map[string]any{"hours": 5}, 400)
	// Other requests, logged when they succeed: a read, another
	// collection's update.
	do(http.MethodGet, entry, w.S1.Token, nil, 200)
	notice := apptest.Save(t, w.App, "notifications", map[string]any{"user": w.S1.Id, "kind": "test", "title": "Hello"})
	read := "/api/collections/notifications/records/" + notice.Id
	do(http.MethodPatch, read, w.S1.Token, map[string]any{"read": true}, 200)

	// PocketBase writes request logs from a goroutine each: wait for the
	// ones that must be there.
	want := map[string]int{"POST " + entries: 1, "PATCH " + entry: 1, "GET " + entry: 1, "PATCH " + read: 1}
	var got map[string]int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		got = requestLogs(t, w.App)
		done := true
		for k, n := range want {
			done = done && got[k] >= n
		}
		if done || time.Now().After(deadline) {
			break
		}
	}
	time.Sleep(100 * time.Millisecond)
	got = requestLogs(t, w.App)
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d request logs, want %d (only the failures of logbook writes)", k, got[k], n)
		}
	}
}
