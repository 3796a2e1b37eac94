// Package testtool finds the external programs tests run (pdftotext, hb-shape,
// litestream…): a missing one skips the test, or fails it in CI.
package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// InCI reports whether the tests run in CI, where a missing tool is a
// failure rather than a skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// RequireTool finds an external tool on PATH, in $(go env GOBIN) or in
// $(go env GOPATH)/bin. When
// it is missing the test is skipped, or fails under CI=true.
func RequireTool(t *testing.T, name, install string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	var dirs []string
	if out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output(); err == nil {
		lines := strings.Split(string(out), "\n")
		if gobin := strings.TrimSpace(lines[0]); gobin != "" {
			dirs = append(dirs, gobin)
		}
		if len(lines) > 1 {
			for _, dir := range filepath.SplitList(strings.TrimSpace(lines[1])) {
				dirs = append(dirs, filepath.Join(dir, "bin"))
			}
		}
	}
	for _, dir := range dirs {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	msg := fmt.Sprintf("%s is not on PATH nor in $(go env GOBIN) or $(go env GOPATH)/bin; install it with `%s` (.ci/run does)", name, install)
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip("SKIP: " + msg)
	return ""
}
