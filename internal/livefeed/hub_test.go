package livefeed_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/livefeed"
)

// attach subscribes an in-process client signed in with token to topics.
func attach(t *testing.T, w *apptest.World, c *apptest.Client, token string, topics ...string) <-chan subscriptions.Message {
	t.Helper()
	id, messages, detach := livefeed.Attach(w.App)
	t.Cleanup(detach)
	if res := c.Do(http.MethodPost, "/api/realtime", token, map[string]any{"clientId": id, "subscriptions": topics}); res.Status != http.StatusNoContent {
		t.Fatalf("subscribe: %d %s", res.Status, res.String())
	}
	return messages
}

// next returns the next record message (heartbeats skipped), or "" after d.
func next(messages <-chan subscriptions.Message, d time.Duration) string {
	deadline := time.After(d)
	for {
		select {
		case m, ok := <-messages:
			if !ok {
				return "closed"
			}
			if m.Name != livefeed.HeartbeatEvent {
				return m.Name + " " + string(m.Data)
			}
		case <-deadline:
			return ""
		}
	}
}

// The writer does not wait for the broadcast: a save returns while the
// broadcaster is still building the subscriber's message.
func TestBroadcastIsOffTheWritersPath(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	messages := attach(t, w, c, w.S1.Token, "notifications/*")
	release := make(chan struct{})
	w.App.OnRecordEnrich("notifications").BindFunc(func(e *core.RecordEnrichEvent) error {
		<-release
		return e.Next()
	})
	saved := make(chan error, 1)
	go func() {
		saved <- w.App.Save(newRecord(t, w.App, "notifications", map[string]any{"user": w.S1.Id, "kind": "x", "title": "Hello"}))
	}()
	select {
	case err := <-saved:
		apptest.Must(t, err)
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("the save waited for the broadcast")
	}
	close(release)
	if got := next(messages, 5*time.Second); got == "" {
		t.Fatal("the notification never arrived")
	}
}

// A coordinator moved to another institution gets that institution's
// events from then on and no longer the old one's; a password change signs
// the connection out.
func TestAuthChangesMoveTheClient(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	messages := attach(t, w, c, w.CoordA.Token, "placements/*")
	touch := func(r *core.Record) {
		t.Helper()
		// an update event of r, without the workflow's hooks
		e := new(core.ModelEvent)
		e.App, e.Model, e.Context, e.Type = w.App, r, t.Context(), core.ModelEventTypeUpdate
		apptest.Must(t, w.App.OnModelAfterUpdateSuccess().Trigger(e))
	}
	placementB := newRecord(t, w.App, "placements", map[string]any{
		"id": "placementofb0001", "student": w.S3.Id, "internship": w.Internship.Id, "organization": w.OrgY.Id,
		"institution": w.InstB.Id, "status": "ongoing", "started_on": w.Start,
	})
	apptest.Must(t, w.App.UnsafeWithoutHooks().SaveNoValidate(placementB))

	touch(w.Placement)
	if got := next(messages, 5*time.Second); got == "" {
		t.Fatal("coordinator A did not get A's placement")
	}
	coord, err := w.App.FindRecordById("users", w.CoordA.Id)
	apptest.Must(t, err)
	coord.Set("institution", w.InstB.Id)
	apptest.Must(t, w.App.Save(coord))
	touch(w.Placement)
	touch(placementB)
	got := next(messages, 5*time.Second)
	if got == "" || !strings.Contains(got, placementB.Id) {
		t.Fatalf("after the move: %q, want B's placement only", got)
	}
	if again := next(messages, 300*time.Millisecond); again != "" {
		t.Fatalf("after the move, also: %q", again)
	}
	coord.SetPassword("another-password-123")
	apptest.Must(t, w.App.Save(coord))
	touch(placementB)
	if got := next(messages, 300*time.Millisecond); got != "" {
		t.Fatalf("signed out by the password change, still got %q", got)
	}
}

// newRecord is an unsaved record of collection with data.
func newRecord(t *testing.T, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	apptest.Must(t, err)
	r := core.NewRecord(col)
	r.Load(data)
	return r
}

// A client that stops reading is disconnected once its queue is full,
// instead of holding messages (or goroutines) without bound; the others
// keep receiving.
func TestStalledClientIsDisconnected(t *testing.T) {
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	stalled := attach(t, w, c, w.S1.Token, "notifications/*")
	reader := attach(t, w, c, w.S1.Token, "notifications/*")
	got := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		for next(reader, 5*time.Second) != "" {
			got++
			if got == 100 {
				return
			}
		}
	}()
	for i := 0; i < 100; i++ {
		apptest.Save(t, w.App, "notifications", map[string]any{"user": w.S1.Id, "kind": "x", "title": "Hello"})
	}
	<-done
	if got != 100 {
		t.Fatalf("the reading client got %d of 100", got)
	}
	n := 0
	for {
		select {
		case _, ok := <-stalled:
			if ok {
				n++
				continue
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("the stalled client is still connected, %d messages queued", n)
		}
		break
	}
	if n > livefeed.SendBuffer {
		t.Fatalf("the stalled client's queue held %d messages", n)
	}
}

// An event's candidates are narrowed by the values the record pins (its
// placement's student, organization, institution, mentor), not merely by
// role: a logbook entry of organization X does not visit the supervisors
// and coordinators of other tenants.
func TestCandidatesAreNarrowedByTheRecord(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	h := livefeed.NewHub(w.App)
	for i := 0; i < 40; i++ {
		sup := apptest.Supervisor(t, w.App, w.OrgY)
		coord := apptest.Coordinator(t, w.App, w.InstB)
		h.Add(livefeed.NewClient(sup.Record, "logbook_entries/*"))
		h.Add(livefeed.NewClient(coord.Record, "logbook_entries/*"))
	}
	for _, u := range []apptest.User{w.S1, w.SupX, w.CoordA, w.MentorA} {
		h.Add(livefeed.NewClient(u.Record, "logbook_entries/*"))
	}
	if n := h.Candidates(w.App, w.Entry); n != 4 {
		t.Fatalf("%d candidates for an entry of S1's placement, want its 4 readers", n)
	}
	if got := len(h.Decide(w.App, "create", w.Entry)); got != 4 {
		t.Fatalf("%d deliveries, want 4", got)
	}
}

// A rule changed in the admin UI takes effect for connected clients at the
// next event: the rules are compiled again and the subscribers re-indexed.
func TestChangedRulesApplyToConnectedClients(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	coord := attach(t, w, c, w.CoordA.Token, "notifications/*")
	apptest.Save(t, w.App, "notifications", map[string]any{"user": w.S1.Id, "kind": "x", "title": "Before"})
	if got := next(coord, 300*time.Millisecond); got != "" {
		t.Fatalf("a coordinator got a student's notification: %q", got)
	}
	col, err := w.App.FindCollectionByNameOrId("notifications")
	apptest.Must(t, err)
	rule := `user = @request.auth.id || (@request.auth.role = "coordinator" && user.institution = @request.auth.institution)`
	col.ListRule, col.ViewRule = &rule, &rule
	apptest.Must(t, w.App.Save(col))
	n := apptest.Save(t, w.App, "notifications", map[string]any{"user": w.S1.Id, "kind": "x", "title": "After"})
	if got := next(coord, 5*time.Second); !strings.Contains(got, n.Id) {
		t.Fatalf("after the rule change: %q", got)
	}
	other := apptest.Save(t, w.App, "notifications", map[string]any{"user": w.S3.Id, "kind": "x", "title": "B's"})
	if got := next(coord, 300*time.Millisecond); got != "" {
		t.Fatalf("coordinator A got %q (B's notification %s)", got, other.Id)
	}
}
