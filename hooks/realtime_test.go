package hooks_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/internbase/internbase/internal/apptest"
)

// subscriber is a real SSE connection to /api/realtime with its received
// events (topic → record ids).
type subscriber struct {
	mu     sync.Mutex
	events map[string][]string
	owners []string // the user of every notification received
}

func subscribe(t *testing.T, ctx context.Context, base, token string, topics ...string) *subscriber {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	apptest.Must(t, err)
	sc := bufio.NewScanner(res.Body)
	s := &subscriber{events: map[string][]string{}}
	clientID := make(chan string, 1)
	go func() {
		defer res.Body.Close()
		var event string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				event = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				var msg struct {
					ClientID string `json:"clientId"`
					Action   string `json:"action"`
					Record   struct {
						ID   string `json:"id"`
						User string `json:"user"`
					} `json:"record"`
				}
				_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data:")), &msg)
				if event == "PB_CONNECT" {
					clientID <- msg.ClientID
					continue
				}
				s.mu.Lock()
				s.events[event] = append(s.events[event], msg.Action+":"+msg.Record.ID)
				if msg.Record.User != "" {
					s.owners = append(s.owners, msg.Record.User)
				}
				s.mu.Unlock()
			}
		}
	}()
	var id string
	select {
	case id = <-clientID:
	case <-time.After(5 * time.Second):
		t.Fatal("no PB_CONNECT")
	}
	body, _ := json.Marshal(map[string]any{"clientId": id, "subscriptions": topics})
	sub, _ := http.NewRequest(http.MethodPost, base+"/api/realtime", strings.NewReader(string(body)))
	sub.Header.Set("Content-Type", "application/json")
	sub.Header.Set("Authorization", token)
	r2, err := http.DefaultClient.Do(sub)
	apptest.Must(t, err)
	r2.Body.Close()
	if r2.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribe: %d", r2.StatusCode)
	}
	return s
}

func (s *subscriber) got(topic string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.events[topic]...)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for realtime events")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A subscriber receives create/update events only for records its rules let
// it see: its own, its institution's, its organization's endorsed ones.
func TestRealtimeFollowsTheRules(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	srv := httptest.NewServer(c.Handler())
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	topics := []string{"applications/*", "notifications/*", "placements/*"}
	s1 := subscribe(t, ctx, srv.URL, w.S1.Token, topics...)
	s2 := subscribe(t, ctx, srv.URL, w.S2.Token, topics...)
	s3 := subscribe(t, ctx, srv.URL, w.S3.Token, topics...)
	coordA := subscribe(t, ctx, srv.URL, w.CoordA.Token, topics...)
	coordB := subscribe(t, ctx, srv.URL, w.CoordB.Token, topics...)
	supX := subscribe(t, ctx, srv.URL, w.SupX.Token, topics...)
	supY := subscribe(t, ctx, srv.URL, w.SupY.Token, topics...)
	guest := subscribe(t, ctx, srv.URL, "", topics...)

	internship := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Data intern", "seats": 2,
		"starts_on": w.End, "ends_on": w.End, "apply_by": w.Due, "hours": 60, "status": "open",
	})
	// S2 applies: S2 and coordinator A see it; supervisor X does not yet.
	app := apptest.Save(t, w.App, "applications", map[string]any{
		"internship": internship.Id, "student": w.S2.Id, "institution": w.InstA.Id, "organization": w.OrgX.Id, "status": "submitted",
	})
	// The coordinator endorses: now supervisor X sees the update.
	app.Set("status", "endorsed")
	app.Set("endorsed_at", w.Today)
	apptest.Must(t, w.App.Save(app))
	// A notification for S2 only.
	note := apptest.Save(t, w.App, "notifications", map[string]any{"user": w.S2.Id, "kind": "application.endorsed", "title": "Endorsed"})
	// S1's placement changes: S1, coordinator A and supervisor X see it.
	w.Placement.Set("approved_hours", 6)
	apptest.Must(t, w.App.Save(w.Placement))

	created, updated := "create:"+app.Id, "update:"+app.Id
	waitFor(t, func() bool {
		return len(s2.got("applications/*")) == 2 && len(coordA.got("applications/*")) == 2 &&
			len(supX.got("applications/*")) == 1 && slices.Contains(s2.got("notifications/*"), "create:"+note.Id) &&
			len(supX.got("placements/*")) == 1 && len(s1.got("placements/*")) == 1 && len(coordA.got("placements/*")) == 1
	})
	time.Sleep(200 * time.Millisecond) // let any stray event arrive before checking absences

	expect := func(name string, s *subscriber, topic string, want ...string) {
		t.Helper()
		// PocketBase sends each event from its own goroutine: the order of
		// arrival is not the order of the changes.
		got := s.got(topic)
		slices.Sort(got)
		want = slices.Clone(want)
		slices.Sort(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s on %s: got %v, want %v", name, topic, got, want)
		}
	}
	expect("S2", s2, "applications/*", created, updated)
	expect("coordinator A", coordA, "applications/*", created, updated)
	expect("supervisor X", supX, "applications/*", updated)
	expect("S1", s1, "applications/*")
	expect("S3", s3, "applications/*")
	expect("coordinator B", coordB, "applications/*")
	expect("supervisor Y", supY, "applications/*")
	expect("guest", guest, "applications/*")

	// Notifications: each subscriber receives its own and nothing else (the
	// workflow hooks also notify the coordinator and supervisor X here).
	if !slices.Contains(s2.got("notifications/*"), "create:"+note.Id) {
		t.Errorf("S2 did not receive its notification")
	}
	users := map[string]string{"S1": w.S1.Id, "S2": w.S2.Id, "S3": w.S3.Id, "coordinator A": w.CoordA.Id,
		"coordinator B": w.CoordB.Id, "supervisor X": w.SupX.Id, "supervisor Y": w.SupY.Id, "guest": ""}
	for name, s := range map[string]*subscriber{"S1": s1, "S2": s2, "S3": s3, "coordinator A": coordA,
		"coordinator B": coordB, "supervisor X": supX, "supervisor Y": supY, "guest": guest} {
		s.mu.Lock()
		for _, owner := range s.owners {
			if owner != users[name] {
				t.Errorf("%s received a notification of %s", name, owner)
			}
		}
		s.mu.Unlock()
	}
	if len(guest.got("notifications/*")) != 0 {
		t.Errorf("guest received notifications")
	}

	placement := "update:" + w.Placement.Id
	expect("S1", s1, "placements/*", placement)
	expect("coordinator A", coordA, "placements/*", placement)
	expect("supervisor X", supX, "placements/*", placement)
	for name, s := range map[string]*subscriber{"S2": s2, "S3": s3, "coordinator B": coordB, "supervisor Y": supY, "guest": guest} {
		expect(name, s, "placements/*")
	}
}
