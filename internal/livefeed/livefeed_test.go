package livefeed_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/livefeed"
)

// watch opens a realtime connection and reports, for the given time, the
// events received and whether the server closed the connection.
func watch(t *testing.T, o livefeed.Options, d time.Duration) (heartbeats int, closed bool) {
	t.Helper()
	app := apptest.NewApp(t)
	livefeed.RegisterWith(app, o)
	srv := httptest.NewServer(apptest.NewClient(t, app).Handler())
	t.Cleanup(srv.Close)
	res, err := http.Get(srv.URL + "/api/realtime")
	apptest.Must(t, err)
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("connect: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	deadline := time.After(d)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return heartbeats, true
			}
			if l == "event:"+livefeed.HeartbeatEvent {
				heartbeats++
			}
		case <-deadline:
			return heartbeats, false
		}
	}
}

// An idle page stays connected: the heartbeat keeps the connection inside
// the idle timeout, here four idle timeouts long.
func TestIdleConnectionStaysUp(t *testing.T) {
	beats, closed := watch(t, livefeed.Options{Heartbeat: 50 * time.Millisecond, IdleTimeout: 300 * time.Millisecond, MaxLifetime: time.Hour}, 1200*time.Millisecond)
	if closed || beats < 5 {
		t.Fatalf("closed %v after %d heartbeats", closed, beats)
	}
}

// Without heartbeats within the idle timeout, PocketBase cuts the idle
// connection: what the heartbeat prevents.
func TestWithoutHeartbeatsTheIdleConnectionIsCut(t *testing.T) {
	t.Parallel()
	beats, closed := watch(t, livefeed.Options{Heartbeat: time.Hour, IdleTimeout: 300 * time.Millisecond, MaxLifetime: time.Hour}, 3*time.Second)
	if !closed || beats != 0 {
		t.Fatalf("closed %v, %d heartbeats", closed, beats)
	}
}
