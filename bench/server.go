package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// buildBinary builds the server: the real binary (`go build -o X .` from
// the repository root) or, for -server-cpuprofile, the profiling build in
// bench/pbprof (the same app plus a CPU profile written on exit).
func buildBinary(ctx context.Context, repo, out string, profiling bool) error {
	pkg := "."
	if profiling {
		pkg = "./bench/pbprof"
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = repo
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// command runs the server binary from its own directory with a bare
// argv[0]: PocketBase treats a binary whose argv[0] lies under the temp dir
// as `go run` (dev mode: SQL logging, and automigrate writing migration
// files into ./migrations), which must not happen to the measured server
// or to the repository.
func command(ctx context.Context, bin string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Args[0] = filepath.Base(bin)
	cmd.Dir = filepath.Dir(bin)
	return cmd
}

func runBinary(ctx context.Context, bin string, args ...string) error {
	cmd := command(ctx, bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", filepath.Base(bin), strings.Join(args, " "), err, out.String())
	}
	return nil
}

// server is one running `serve` process.
type server struct {
	bin, dir, addr, log string
	profile             string
	cmd                 *exec.Cmd
	done                chan struct{}
	rss                 *rssSampler
	startedIn           time.Duration
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startServer starts `serve` and waits for a healthy /api/health; it
// returns the time from exec to the first healthy answer.
func startServer(ctx context.Context, bin, dir, addr, logPath, profile string) (*server, error) {
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	s := &server{bin: bin, dir: dir, addr: addr, log: logPath, profile: profile, done: make(chan struct{})}
	cmd := command(context.Background(), bin, "serve", "--dir", dir, "--http", addr)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.Env = append(os.Environ(), "IB_APP_URL=http://"+addr)
	if profile != "" {
		cmd.Env = append(cmd.Env, "IB_BENCH_CPUPROFILE="+profile)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, err
	}
	s.cmd = cmd
	go func() { _ = cmd.Wait(); lf.Close(); close(s.done) }()
	s.rss = newRSSSampler(cmd.Process.Pid)

	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(120 * time.Second)
	for {
		select {
		case <-s.done:
			return nil, fmt.Errorf("server exited during start-up; see %s:\n%s", logPath, tail(logPath, 2000))
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		default:
		}
		res, err := client.Get("http://" + addr + "/api/health")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.startedIn = time.Since(began)
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server not healthy after 120s; see %s", logPath)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stop ends the server with SIGTERM (SIGKILL after 15 s).
func (s *server) stop() {
	if s == nil || s.cmd == nil {
		return
	}
	select {
	case <-s.done:
		s.rss.close()
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.rss.close()
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// rssSampler reads VmRSS of the server every 50 ms; peak() is the highest
// since the last reset, hwm() the kernel's VmHWM (whole life).
type rssSampler struct {
	pid  int
	peak atomic.Int64 // kB
	last atomic.Int64
	hwmK atomic.Int64
	stop chan struct{}
	once sync.Once
}

func newRSSSampler(pid int) *rssSampler {
	r := &rssSampler{pid: pid, stop: make(chan struct{})}
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			r.sample()
			select {
			case <-r.stop:
				return
			case <-t.C:
			}
		}
	}()
	return r
}

// currentMB is the last sampled VmRSS.
func (r *rssSampler) currentMB() float64 {
	r.sample()
	return float64(r.last.Load()) / 1024
}

func (r *rssSampler) sample() {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", r.pid))
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		for _, k := range []string{"VmRSS:", "VmHWM:"} {
			if strings.HasPrefix(line, k) {
				fields := strings.Fields(line[len(k):])
				if len(fields) == 0 {
					continue
				}
				v, _ := strconv.ParseInt(fields[0], 10, 64)
				if k == "VmRSS:" {
					r.last.Store(v)
					for {
						p := r.peak.Load()
						if v <= p || r.peak.CompareAndSwap(p, v) {
							break
						}
					}
				} else {
					r.hwmK.Store(v)
				}
			}
		}
	}
}

func (r *rssSampler) reset() {
	if r == nil {
		return
	}
	r.sample()
	r.peak.Store(r.last.Load())
}

// peakMB is the highest VmRSS since reset, in MB.
func (r *rssSampler) peakMB() float64 {
	if r == nil {
		return 0
	}
	r.sample()
	return float64(r.peak.Load()) / 1024
}

func (r *rssSampler) hwmMB() float64 {
	if r == nil {
		return 0
	}
	return float64(r.hwmK.Load()) / 1024
}

func (r *rssSampler) close() {
	if r == nil {
		return
	}
	r.once.Do(func() { close(r.stop) })
}

// api is a plain client for setup calls (never measured).
type api struct {
	base   string
	client *http.Client
}

func newAPI(addr string) *api {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 0, IdleConnTimeout: 30 * time.Second}
	return &api{base: "http://" + addr, client: &http.Client{Transport: tr, Timeout: 120 * time.Second}}
}

// do sends a JSON request and decodes a JSON answer into out (when not nil);
// a status outside 2xx is an error carrying the body.
func (a *api) do(ctx context.Context, method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, strings.TrimSpace(string(b)))
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

func (a *api) superuserToken(ctx context.Context, email, pass string) (string, error) {
	var out struct{ Token string }
	err := a.do(ctx, "POST", "/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": email, "password": pass}, &out)
	return out.Token, err
}

// impersonate returns auth tokens for users, made by the superuser's
// impersonate route (no password hashing), with 16 calls in flight.
func (a *api) impersonate(ctx context.Context, su string, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	ch := make(chan string)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ch {
				var res struct{ Token string }
				err := a.do(ctx, "POST", "/api/collections/users/impersonate/"+id, su, map[string]any{"duration": 7200}, &res)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				out[id] = res.Token
				mu.Unlock()
			}
		}()
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		select {
		case ch <- id:
		case <-ctx.Done():
		}
	}
	close(ch)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return out, firstErr
}
