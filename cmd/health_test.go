package cmd_test

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/internbase/internbase/cmd"
)

func runHealth(t *testing.T, url string) (string, error) {
	t.Helper()
	c := cmd.NewHealthCommand()
	var out bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&out)
	c.SetArgs([]string{"--url", url})
	err := c.Execute()
	return out.String(), err
}

// requests records what a test server was asked.
type requests struct {
	mu    sync.Mutex
	paths []string
}

func (r *requests) add(p string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.paths = append(r.paths, p)
}

func (r *requests) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.paths...)
}

func healthServer(t *testing.T, status int) (*httptest.Server, *requests) {
	t.Helper()
	reqs := &requests{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqs.add(r.Method + " " + r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"code":200,"message":"API is healthy.","data":{}}`))
	}))
	t.Cleanup(srv.Close)
	return srv, reqs
}

func TestHealthOK(t *testing.T) {
	t.Parallel()
	srv, reqs := healthServer(t, http.StatusOK)
	out, err := runHealth(t, srv.URL)
	if err != nil {
		t.Fatalf("health against a 200 server: %v", err)
	}
	if strings.TrimSpace(out) != "ok" {
		t.Errorf("output %q, want ok", out)
	}
	if got := reqs.get(); len(got) != 1 || got[0] != "GET /api/health" {
		t.Errorf("requests %v, want one GET /api/health", got)
	}
}

func TestHealthFails(t *testing.T) {
	t.Parallel()
	unhealthy, _ := healthServer(t, http.StatusServiceUnavailable)
	notFound, _ := healthServer(t, http.StatusNotFound)

	// A port that was free a moment ago: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	_ = l.Close()

	for _, tc := range []struct{ name, url, want string }{
		{"503", unhealthy.URL, "503"},
		{"404", notFound.URL, "404"},
		{"unreachable", closed, "not reachable"},
		{"bad url", "http://[::1", "bad --url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runHealth(t, tc.url)
			if err == nil {
				t.Fatalf("health against %s succeeded, want an error", tc.url)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if strings.Contains(out, "ok\n") {
				t.Errorf("printed ok on failure: %q", out)
			}
		})
	}
}
