package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/testtool"
)

// The superuser every server of these tests gets before it serves.
const (
	suEmail    = "ops@internbase.test"
	suPassword = "ops-superuser-pass"
)

// binDir holds the internbase binary built once for the whole package run.
var (
	binDir   string
	binOnce  sync.Once
	binPath  string
	binError error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ib-ops-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// internbaseBinary builds the module's binary (once per run) and returns its
// path. The build is cheap after the first time thanks to the Go build cache.
func internbaseBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		root, err := filepath.Abs("..")
		if err != nil {
			binError = err
			return
		}
		binPath = filepath.Join(binDir, "internbase")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			binError = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if binError != nil {
		t.Fatal(binError)
	}
	return binPath
}

func requireTool(t *testing.T, name, install string) string {
	return testtool.RequireTool(t, name, install)
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// process is a child process whose output goes to a log file, stopped at the
// end of the test and whose log is printed when the test fails.
type process struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

func startProcess(t *testing.T, name string, cmd *exec.Cmd) *process {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	p := &process{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { cmd.Wait(); f.Close(); close(p.done) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			p.dumpLog(t)
		}
	})
	return p
}

// stop ends the process gracefully (SIGTERM), then with SIGKILL after 5 s.
func (p *process) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *process) dumpLog(t *testing.T) {
	b, _ := os.ReadFile(p.log)
	if len(b) > 8000 {
		b = append([]byte("…\n"), b[len(b)-8000:]...)
	}
	t.Logf("--- %s log (%s) ---\n%s", p.name, p.log, b)
}

// server is a running internbase binary.
type server struct {
	URL     string
	DataDir string
	proc    *process
}

// baseEnv is the environment without any IB_S3_* variable of the developer's
// shell, so that a test decides where files go.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "IB_S3_") {
			env = append(env, kv)
		}
	}
	return env
}

// startServer upserts the superuser into dataDir and serves it on a free
// loopback port with the extra environment variables env (KEY=VALUE).
func startServer(t *testing.T, dataDir string, env ...string) *server {
	t.Helper()
	// The binary lives in a temp dir, where PocketBase assumes `go run` and
	// turns on dev mode (SQL logging); --dev=false keeps the logs readable.
	up := exec.Command(internbaseBinary(t), "superuser", "upsert", suEmail, suPassword, "--dir", dataDir, "--dev=false")
	up.Env, up.Dir = append(baseEnv(), env...), binDir
	if out, err := up.CombinedOutput(); err != nil {
		t.Fatalf("superuser upsert: %v\n%s", err, out)
	}
	return serve(t, dataDir, env...)
}

// serve serves dataDir as it is (no superuser upsert) on a free loopback port.
func serve(t *testing.T, dataDir string, env ...string) *server {
	t.Helper()
	bin := internbaseBinary(t)
	env = append(baseEnv(), env...)
	base := func(port int) string { return fmt.Sprintf("http://127.0.0.1:%d", port) }
	p, port := startListening(t, "internbase-"+filepath.Base(dataDir),
		func(port int) *exec.Cmd {
			cmd := exec.Command(bin, "serve", "--dir", dataDir, "--http", fmt.Sprintf("127.0.0.1:%d", port), "--dev=false")
			cmd.Env, cmd.Dir = append(slices.Clip(env), "IB_APP_URL="+base(port)), binDir
			return cmd
		},
		func(port int) string { return base(port) + "/api/health" },
		func(code int) bool { return code == http.StatusOK })
	return &server{URL: base(port), DataDir: dataDir, proc: p}
}

// stop stops the server gracefully, so that its data dir can be read.
func (s *server) stop() { s.proc.stop() }

// startListening starts the process that cmd(port) makes on a free loopback
// port and waits until target(port) answers with a status that ok accepts.
// A process that exits first (it lost the port to another one) is started
// again on another port, up to three times.
func startListening(t *testing.T, name string, cmd func(port int) *exec.Cmd, target func(port int) string, ok func(int) bool) (*process, int) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		port := freePort(t)
		p := startProcess(t, name, cmd(port))
		deadline := time.Now().Add(20 * time.Second)
		var err error
		for !p.exited() && time.Now().Before(deadline) {
			var res *http.Response
			if res, err = http.Get(target(port)); err == nil {
				res.Body.Close()
				if ok(res.StatusCode) {
					return p, port
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !p.exited() || attempt == 3 {
			p.dumpLog(t)
			t.Fatalf("%s did not come up at %s (last error: %v)", name, target(port), err)
		}
	}
}

// client is an HTTP client of one server, signed in as one account or none.
type client struct {
	t     *testing.T
	base  string
	token string
}

// anon returns a client that is not signed in.
func anon(t *testing.T, base string) *client { return &client{t: t, base: base} }

// signIn signs in with a password on the auth collection coll.
func signIn(t *testing.T, base, coll, email, password string) *client {
	t.Helper()
	c := anon(t, base)
	var res struct {
		Token string `json:"token"`
	}
	c.json("POST", "/api/collections/"+coll+"/auth-with-password", map[string]any{"identity": email, "password": password}, 200, &res)
	c.token = res.Token
	return c
}

// superuser signs in as the tests' superuser.
func superuser(t *testing.T, base string) *client {
	return signIn(t, base, "_superusers", suEmail, suPassword)
}

// do sends a request and returns the status and the body.
func (c *client) do(method, path string, body io.Reader, contentType string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", c.token)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return res.StatusCode, b
}

// json sends body as JSON (nil for none), checks the status and decodes the
// response into out (when not nil).
func (c *client) json(method, path string, body any, want int, out any) {
	c.t.Helper()
	var r io.Reader
	ct := ""
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		r, ct = bytes.NewReader(b), "application/json"
	}
	code, b := c.do(method, path, r, ct)
	if code != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, code, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
}

// record is a record as the API returns it.
type record map[string]any

func (r record) str(key string) string { s, _ := r[key].(string); return s }

// strs returns a file or multi-relation field's values.
func (r record) strs(key string) []string {
	switch v := r[key].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// create creates a record with JSON fields.
func (c *client) create(coll string, fields map[string]any) record {
	c.t.Helper()
	var r record
	c.json("POST", "/api/collections/"+coll+"/records", fields, 200, &r)
	return r
}

// update patches a record with JSON fields.
func (c *client) update(coll, id string, fields map[string]any) record {
	c.t.Helper()
	var r record
	c.json("PATCH", "/api/collections/"+coll+"/records/"+id, fields, 200, &r)
	return r
}

// list returns every record of coll matching filter (at most 1000).
func (c *client) list(coll, filter string) []record {
	c.t.Helper()
	q := url.Values{"perPage": {"1000"}, "sort": {"id"}, "skipTotal": {"1"}}
	if filter != "" {
		q.Set("filter", filter)
	}
	var res struct {
		Items []record `json:"items"`
	}
	c.json("GET", "/api/collections/"+coll+"/records?"+q.Encode(), nil, 200, &res)
	return res.Items
}

// upload is one file part of a multipart request.
type upload struct {
	field, name, contentType string
	data                     []byte
}

// createMultipart creates a record with text fields and files.
func (c *client) createMultipart(coll string, fields map[string]string, files ...upload) record {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, f.field, f.name))
		h.Set("Content-Type", f.contentType)
		part, err := w.CreatePart(h)
		if err != nil {
			c.t.Fatal(err)
		}
		part.Write(f.data)
	}
	w.Close()
	code, b := c.do("POST", "/api/collections/"+coll+"/records", &buf, w.FormDataContentType())
	if code != 200 {
		c.t.Fatalf("create %s: status %d: %s", coll, code, b)
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		c.t.Fatal(err)
	}
	return r
}

// fileToken returns a short-lived file token of the signed-in account.
func (c *client) fileToken() string {
	c.t.Helper()
	var res struct {
		Token string `json:"token"`
	}
	c.json("POST", "/api/files/token", nil, 200, &res)
	return res.Token
}

// download fetches a stored file, with a file token when token is not empty.
func download(t *testing.T, base, coll, id, name, token string) (int, []byte) {
	t.Helper()
	path := "/api/files/" + coll + "/" + id + "/" + url.PathEscape(name)
	if token != "" {
		path += "?token=" + url.QueryEscape(token)
	}
	return anon(t, base).do("GET", path, nil, "")
}

// isoDay is a date offset days from today — the server's today, in the
// platform time zone (IB_TIMEZONE), not UTC's — as PocketBase stores dates.
func isoDay(offset int) string {
	today := clock.Zone{Loc: clock.LoadLocation(os.Getenv(clock.TimezoneEnv))}.DayOf(time.Now())
	return today.AddDate(0, 0, offset).Format("2006-01-02") + " 00:00:00.000Z"
}

// tinyPDF is a minimal PDF whose bytes differ by tag, so that a byte
// comparison tells files apart.
func tinyPDF(tag string) []byte {
	return []byte("%PDF-1.4\n% " + tag + "\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
}
