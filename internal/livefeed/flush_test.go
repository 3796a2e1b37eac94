package livefeed_test

import (
	"fmt"
	"testing"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/livefeed"
)

// Once Flush returns, the messages of every write before it are in the
// subscribers' channels: a reader need not wait for them.
func TestFlushWaitsForTheBroadcasters(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	messages := attach(t, w, c, w.S1.Token, "notifications/*")
	livefeed.Flush(w.App) // nothing queued: returns at once
	const n = 8           // spread over the broadcasters' queues, within the client's buffer
	for i := range n {
		apptest.Must(t, w.App.Save(newRecord(t, w.App, "notifications", map[string]any{"user": w.S1.Id, "kind": "x", "title": fmt.Sprint("Hello ", i)})))
	}
	livefeed.Flush(w.App)
	got := 0
	for len(messages) > 0 {
		if m := <-messages; m.Name != livefeed.HeartbeatEvent {
			got++
		}
	}
	if got != n {
		t.Fatalf("%d messages queued after Flush, want %d", got, n)
	}
}
