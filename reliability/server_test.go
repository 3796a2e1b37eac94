package reliability

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/internbase/internbase/internal/clock"
)

const (
	adminEmail = "admin@reliability.test"
	adminPass  = "reliability-pass-2026"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds internbase once per test process, into a directory of its
// own per source tree that later runs reuse: go build leaves a binary that
// is up to date with the sources as it is (no relinking, seconds saved),
// and replaces it when they changed.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..")
		sum := sha256.Sum256([]byte(root))
		dir := filepath.Join(os.TempDir(), "ib-rel-bin-"+hex.EncodeToString(sum[:6]))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "internbase")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// server is a running internbase process on a data dir that outlives it.
type server struct {
	t       testing.TB
	dir     string
	work    string // the processes' working directory (what they write there stays out of the source tree)
	port    int
	url     string
	cmd     *exec.Cmd
	log     *bytes.Buffer
	started time.Time
	ready   time.Duration // from exec to a healthy /api/health
}

func newServer(t testing.TB, dir string) *server {
	port := freePort(t)
	s := &server{t: t, dir: dir, work: t.TempDir(), port: port, url: fmt.Sprintf("http://127.0.0.1:%d", port)}
	up := exec.Command(binary(t), "superuser", "upsert", adminEmail, adminPass, "--dir", dir)
	up.Dir = s.work
	out, err := up.CombinedOutput()
	if err != nil {
		t.Fatalf("superuser: %v %s", err, out)
	}
	return s
}

func (s *server) start() {
	s.t.Helper()
	s.log = &bytes.Buffer{}
	s.cmd = exec.Command(binary(s.t), "serve", "--dir", s.dir, "--http", fmt.Sprintf("127.0.0.1:%d", s.port))
	s.cmd.Dir = s.work // a binary under the temp dir counts as `go run`: it automigrates into ./migrations
	s.cmd.Env = append(os.Environ(), "IB_APP_URL="+s.url)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(s.url + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				s.ready = time.Since(s.started)
				return
			}
		}
		if time.Now().After(deadline) {
			s.kill()
			s.t.Fatalf("server did not become healthy:\n%s", s.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the process with SIGKILL (no chance to flush or clean up).
func (s *server) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
}

// api is a tiny JSON client.
type api struct {
	base  string
	token string
	http  *http.Client
}

func (s *server) as(token string) *api {
	return &api{base: s.url, token: token, http: &http.Client{Timeout: 10 * time.Second}}
}

type reply struct {
	Status int
	Body   map[string]any
	Err    error
}

func (a *api) do(method, path string, body any) reply {
	return a.doCtx(context.Background(), method, path, body)
}

func (a *api) doCtx(ctx context.Context, method, path string, body any) reply {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", a.token)
	}
	res, err := a.http.Do(req)
	if err != nil {
		return reply{Err: err}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := reply{Status: res.StatusCode}
	_ = json.Unmarshal(raw, &r.Body)
	return r
}

func (a *api) must(t testing.TB, method, path string, body any) map[string]any {
	t.Helper()
	r := a.do(method, path, body)
	if r.Err != nil || r.Status/100 != 2 {
		t.Fatalf("%s %s: %d %v %v", method, path, r.Status, r.Err, r.Body)
	}
	return r.Body
}

func (r reply) ok() bool { return r.Err == nil && r.Status/100 == 2 }

func (r reply) id() string {
	s, _ := r.Body["id"].(string)
	return s
}

// day is a date offset days from the server's today (in the platform time
// zone, IB_TIMEZONE, not UTC), as PocketBase stores dates.
func day(offset int) string {
	today := clock.Zone{Loc: clock.LoadLocation(os.Getenv(clock.TimezoneEnv))}.DayOf(time.Now())
	return today.AddDate(0, 0, offset).Format("2006-01-02") + " 00:00:00.000Z"
}

func superuserToken(t testing.TB, s *server) string {
	t.Helper()
	b := s.as("").must(t, "POST", "/api/collections/_superusers/auth-with-password", map[string]any{"identity": adminEmail, "password": adminPass})
	return b["token"].(string)
}

func impersonate(t testing.TB, admin *api, id string) string {
	t.Helper()
	b := admin.must(t, "POST", "/api/collections/users/impersonate/"+id, map[string]any{"duration": 7200})
	return b["token"].(string)
}

func q(s string) string { return strings.ReplaceAll(s, " ", "%20") }
