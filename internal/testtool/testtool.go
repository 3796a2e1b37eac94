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
func RequireTool(t testing.TB, name, install string) string {
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

// PDFText extracts the text of a PDF with poppler's pdftotext, one string
// per non-empty line, without the bidi embedding marks pdftotext puts
// around right-to-left text.
func PDFText(t testing.TB, pdf []byte) []string {
	t.Helper()
	bin := RequireTool(t, "pdftotext", "apt-get install poppler-utils")
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.Map(func(r rune) rune {
			if r >= '\u202a' && r <= '\u202e' || r == '\f' {
				return -1
			}
			return r
		}, l)
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
