package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExitCodes builds the real binary and runs commands that fail and
// commands that succeed: a failure exits 1 and prints its error on stderr
// exactly once; a success exits 0. Since PocketBase v0.40 app.Start returns
// the command's error (main.go prints it and exits 1); before, main.go had to
// track every command's error itself. Scripts and the container HEALTHCHECK
// rely on the exit code.
func TestExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "internbase")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// A loopback port that nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/health" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`{"code":200}`))
	}))
	defer healthy.Close()
	unhealthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer unhealthy.Close()

	cases := []struct {
		name   string
		args   []string // a data dir of its own is added to every command but health
		code   int
		stderr string // for a failure: the error, printed exactly once
		stdout string
	}{
		{"health of a closed port", []string{"health", "--url", closed}, 1, "server not reachable", ""},
		{"health of an unhealthy server", []string{"health", "--url", unhealthy.URL}, 1, "server unhealthy: 503", ""},
		{"health of a healthy server", []string{"health", "--url", healthy.URL}, 0, "", "ok"},
		{"certificates verify without a number", []string{"certificates", "verify"}, 1, "accepts 1 arg(s), received 0", ""},
		{"certificates verify of a malformed number", []string{"certificates", "verify", "NOPE"}, 1, `"NOPE" is not a certificate number`, ""},
		{"certificates revoke without a reason", []string{"certificates", "revoke", "IB-2026-AAAAAAAA"}, 1, "give the reason with --reason", ""},
		{"an unknown flag", []string{"certificates", "verify", "--nosuchflag"}, 1, "unknown flag: --nosuchflag", ""},
		{"an unknown command", []string{"nosuchcommand"}, 1, `unknown command "nosuchcommand"`, ""},
		{"a failing PocketBase command", []string{"superuser", "upsert", "not-an-email", "a-long-password"}, 1, "invalid email", ""},
		{"export with an unknown format", []string{"export", "credits", "--format", "xml"}, 1, "", ""},
		{"a successful command", []string{"certificates", "rotate-key"}, 0, "", ""},
		{"an RSA key rotation", []string{"certificates", "rotate-key", "--alg", "RS256"}, 0, "", ""},
		{"a rotation of an unknown algorithm", []string{"certificates", "rotate-key", "--alg", "HS256"}, 1, `unknown algorithm "HS256"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if args[0] != "health" {
				args = append(args, "--dir", filepath.Join(t.TempDir(), "pb_data"))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			c := exec.CommandContext(ctx, bin, args...)
			// A binary under the temp dir counts as `go run` for PocketBase
			// (automigrate writes into ./migrations): run it elsewhere.
			c.Dir = t.TempDir()
			var stdout, stderr bytes.Buffer
			c.Stdout, c.Stderr = &stdout, &stderr
			err := c.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatalf("run %v: %v", args, err)
			}
			if code != tc.code {
				t.Fatalf("%v: exit code %d, want %d\nstdout (end): %s\nstderr: %s", args, code, tc.code, tail(stdout.String()), stderr.String())
			}
			if tc.code != 0 && strings.TrimSpace(stderr.String()) == "" {
				t.Fatalf("%v failed with nothing on stderr", args)
			}
			if tc.stderr != "" {
				if n := strings.Count(stderr.String(), tc.stderr); n != 1 {
					t.Fatalf("%v: stderr has %q %d times, want once:\n%s", args, tc.stderr, n, stderr.String())
				}
			}
			if tc.stdout != "" && strings.TrimSpace(stdout.String()) != tc.stdout {
				t.Fatalf("%v: stdout %q, want %q", args, stdout.String(), tc.stdout)
			}
		})
	}
}

// tail is the end of a command's output (a binary under the temp dir runs in
// PocketBase's dev mode and logs every SQL statement).
func tail(s string) string {
	if len(s) > 600 {
		return "…" + s[len(s)-600:]
	}
	return s
}
