package ops

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// litestreamInstall is how .ci/run (and a developer) installs Litestream.
const litestreamInstall = "go install github.com/benbjohnson/litestream/cmd/litestream@v0.5.18"

// TestRestoreDrill runs restore-drill.sh, the Litestream restore drill of
// docs/DEPLOY.md, against a loopback versitygw: write load, replicate, SIGKILL
// the server and Litestream, restore into a new data dir, and every
// acknowledged record is there.
func TestRestoreDrill(t *testing.T) {
	vgw := requireTool(t, "versitygw", versitygwInstall)
	ls := requireTool(t, "litestream", litestreamInstall)
	for _, tool := range []string{"bash", "curl"} {
		requireTool(t, tool, "apt-get install "+tool)
	}
	bin := internbaseBinary(t)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "restore-drill.sh")
	cmd.Env = append(baseEnv(), "INTERNBASE_BIN="+bin, "VERSITYGW="+vgw, "LITESTREAM="+ls, "TMPDIR="+t.TempDir())
	// The script kills what it started when it exits; on a timeout, SIGTERM
	// lets it do so.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("restore-drill.sh: %v", err)
	}
	if !strings.Contains(string(out), "drill: PASS") {
		t.Fatal("restore-drill.sh did not report PASS")
	}
}
