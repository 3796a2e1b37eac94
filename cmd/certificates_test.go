package cmd_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/certificates"
)

func certified(t *testing.T) (*apptest.World, *core.Record) {
	t.Helper()
	w := apptest.NewWorld(t)
	_, err := w.App.DB().Update("placements", dbx.Params{"approved_hours": 62, "credits_earned": 2, "marks": 38.5,
		"grade": "A", "grade_point": 8, "status": "completed"}, dbx.HashExp{"id": w.Placement.Id}).Execute()
	apptest.Must(t, err)
	p, err := w.App.FindRecordById("placements", w.Placement.Id)
	apptest.Must(t, err)
	apptest.Must(t, certificates.Issue(w.App, p))
	c, err := w.App.FindFirstRecordByFilter("certificates", "placement = {:p} && id != {:old}", dbx.Params{"p": p.Id, "old": w.Certificate.Id})
	apptest.Must(t, err)
	return w, c
}

func run(t *testing.T, app core.App, args ...string) (string, error) {
	t.Helper()
	c := cmd.NewCertificatesCommand(app)
	var out bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&out)
	c.SetArgs(args)
	err := c.Execute()
	return out.String(), err
}

func TestCertificatesVerifyCommand(t *testing.T) {
	t.Parallel()
	w, c := certified(t)
	number := c.GetString("number")
	out, err := run(t, w.App, "verify", strings.ToLower(number))
	if err != nil || !strings.Contains(out, "VALID") || !strings.Contains(out, "signature  ok") || !strings.Contains(out, "pdf hash   ok") {
		t.Fatalf("valid certificate: %v\n%s", err, out)
	}

	// A signed fact changed behind the server's back.
	_, err = w.App.DB().Update("certificates", dbx.Params{"credits": 4}, dbx.HashExp{"id": c.Id}).Execute()
	apptest.Must(t, err)
	out, err = run(t, w.App, "verify", number)
	if err == nil || !strings.Contains(out, "signature  FAILED") || !strings.Contains(out, "pdf hash   ok") || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("tampered facts: %v\n%s", err, out)
	}
	_, err = w.App.DB().Update("certificates", dbx.Params{"credits": 2}, dbx.HashExp{"id": c.Id}).Execute()
	apptest.Must(t, err)

	// One byte of the stored PDF.
	fsys, err := w.App.NewFilesystem()
	apptest.Must(t, err)
	defer fsys.Close()
	key := c.BaseFilesPath() + "/" + c.GetString("pdf")
	r, err := fsys.GetReader(key)
	apptest.Must(t, err)
	var pdf bytes.Buffer
	_, _ = pdf.ReadFrom(r)
	r.Close()
	b := pdf.Bytes()
	b[100] ^= 0x20
	apptest.Must(t, fsys.Upload(b, key))
	out, err = run(t, w.App, "verify", number)
	if err == nil || !strings.Contains(out, "pdf hash   FAILED") || !strings.Contains(out, "signature  ok") || !strings.Contains(err.Error(), "pdf hash") {
		t.Fatalf("tampered PDF: %v\n%s", err, out)
	}

	if _, err := run(t, w.App, "verify", "IB-2026-ZZZZZZZZ"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("unknown number: %v", err)
	}
	if _, err := run(t, w.App, "verify", "hello"); err == nil {
		t.Fatal("malformed number accepted")
	}
}

func TestCertificatesRevokeCommand(t *testing.T) {
	t.Parallel()
	w, c := certified(t)
	number := c.GetString("number")
	if _, err := run(t, w.App, "revoke", number); err == nil {
		t.Fatal("revoked without a reason")
	}
	out, err := run(t, w.App, "revoke", number, "--reason", "Issued against the wrong register number.")
	if err != nil || !strings.Contains(out, "REVOKED") {
		t.Fatalf("revoke: %v %s", err, out)
	}
	r, _ := w.App.FindRecordById("certificates", c.Id)
	if r.GetString("status") != "revoked" || r.GetString("revoke_reason") != "Issued against the wrong register number." || r.GetDateTime("revoked_at").IsZero() {
		t.Fatalf("stored: %v", r)
	}
	if n, _ := w.App.CountRecords("audit_events", dbx.HashExp{"record": c.Id, "action": "certificates.revoke", "actor_label": "system"}); n != 1 {
		t.Fatal("command revocation not audited")
	}
	out, err = run(t, w.App, "verify", number)
	if err == nil || !strings.Contains(out, "REVOKED") {
		t.Fatalf("verify revoked: %v %s", err, out)
	}
	if _, err := run(t, w.App, "revoke", number, "--reason", "again"); err == nil {
		t.Fatal("revoked twice")
	}
}
