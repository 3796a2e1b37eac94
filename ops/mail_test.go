package ops

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// sink is an SMTP server on loopback that keeps every message it receives.
type sink struct {
	mu   sync.Mutex
	msgs []sunk
	got  chan struct{}
}

// sunk is one received message: its envelope recipients and its text.
type sunk struct {
	to   []string
	text string // the decoded bodies of every text part
	subj string
}

func startSink(t *testing.T) (*sink, int) {
	t.Helper()
	s := &sink{got: make(chan struct{}, 100)}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s, l.Addr().(*net.TCPAddr).Port
}

// NewSession implements smtp.Backend.
func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

type sinkSession struct {
	sink *sink
	to   []string
}

func (ss *sinkSession) Reset()        { ss.to = nil }
func (ss *sinkSession) Logout() error { return nil }
func (ss *sinkSession) Mail(string, *smtp.MailOptions) error {
	return nil
}
func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}
func (ss *sinkSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	text, err := textOf(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
	if err != nil {
		return err
	}
	ss.sink.mu.Lock()
	ss.sink.msgs = append(ss.sink.msgs, sunk{to: ss.to, text: text, subj: subj})
	ss.sink.mu.Unlock()
	ss.sink.got <- struct{}{}
	return nil
}

// textOf decodes a MIME body: every text part, transfer encoding undone.
func textOf(contentType, encoding string, body io.Reader) (string, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		var out strings.Builder
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return out.String(), nil
			}
			if err != nil {
				return "", err
			}
			s, err := textOf(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			if err != nil {
				return "", err
			}
			out.WriteString(s + "\n")
		}
	}
	if strings.EqualFold(encoding, "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	return string(b), err
}

// next waits for the next message to addr.
func (s *sink) next(t *testing.T, addr string) sunk {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		s.mu.Lock()
		for i, m := range s.msgs {
			if len(m.to) == 1 && m.to[0] == addr {
				s.msgs = append(s.msgs[:i], s.msgs[i+1:]...)
				s.mu.Unlock()
				return m
			}
		}
		s.mu.Unlock()
		select {
		case <-s.got:
		case <-deadline:
			t.Fatalf("no mail to %s within 20 s", addr)
		}
	}
}

// TestImportedStudentSignsInByEmail: a student the roster imports has no
// password; they sign in with the one-time code PocketBase mails them, or
// set a password through the reset mail — both through a real SMTP server
// on loopback, with the real binary.
func TestImportedStudentSignsInByEmail(t *testing.T) {
	t.Parallel()
	box, port := startSink(t)
	srv := startServer(t, t.TempDir(), "IB_SMTP_HOST=127.0.0.1", fmt.Sprintf("IB_SMTP_PORT=%d", port), "IB_SENDER_ADDRESS=internships@college.test")
	defer srv.stop()
	admin := superuser(t, srv.URL)
	reg := admin.create("regulations", map[string]any{"name": "Mail regulation"})
	inst := admin.create("institutions", map[string]any{"name": "Mail College", "code": "MAILC", "regulation": reg.str("id")})

	const email = "meera@college.test"
	code, body := admin.do("POST", "/api/ib/institutions/"+inst.str("id")+"/roster",
		strings.NewReader("register_no,name,email,semester\nMC-1,Meera Nair,"+email+",3\n"), "text/csv")
	if code != 200 || !strings.Contains(string(body), `"created":1`) {
		t.Fatalf("roster: %d %s", code, body)
	}
	guest := anon(t, srv.URL)
	// No password works before one is set.
	if code, _ := guest.do("POST", "/api/collections/users/auth-with-password", strings.NewReader(`{"identity":"`+email+`","password":"!roster"}`), "application/json"); code != 400 {
		t.Fatalf("password sign-in of an imported student: %d", code)
	}

	// One-time code.
	var otp struct {
		OTPID string `json:"otpId"`
	}
	guest.json("POST", "/api/collections/users/request-otp", map[string]any{"email": email}, 200, &otp)
	msg := box.next(t, email)
	m := regexp.MustCompile(`<strong>([0-9A-Za-z]+)</strong>`).FindStringSubmatch(msg.text)
	if m == nil {
		t.Fatalf("no code in the mail %q: %s", msg.subj, msg.text)
	}
	var auth struct {
		Token  string `json:"token"`
		Record record `json:"record"`
	}
	wrong := map[string]any{"otpId": otp.OTPID, "password": m[1] + "0"}
	if code, _ := guest.do("POST", "/api/collections/users/auth-with-otp", jsonBody(t, wrong), "application/json"); code != 400 {
		t.Fatalf("a wrong code: %d", code)
	}
	guest.json("POST", "/api/collections/users/auth-with-otp", map[string]any{"otpId": otp.OTPID, "password": m[1]}, 200, &auth)
	if auth.Token == "" || auth.Record.str("email") != email || auth.Record["enrolled"] != true {
		t.Fatalf("OTP sign-in: %+v", auth.Record)
	}

	if !strings.Contains(msg.subj, "Internbase sign-in code") {
		t.Errorf("the code's mail is titled %q", msg.subj)
	}

	// Password reset: the mail links to the portal's page for a new password
	// on the app URL (not PocketBase's admin UI), with the token; the new
	// password then signs in.
	guest.json("POST", "/api/collections/users/request-password-reset", map[string]any{"email": email}, 204, nil)
	msg = box.next(t, email)
	tok := regexp.MustCompile(`href="([^"]*)/#/reset-password/([A-Za-z0-9._-]+)"`).FindStringSubmatch(msg.text)
	if tok == nil {
		t.Fatalf("no reset link in the mail %q: %s", msg.subj, msg.text)
	}
	if tok[1] != srv.URL {
		t.Errorf("the reset link points at %q, not the app URL %s", tok[1], srv.URL)
	}
	if strings.Contains(msg.text, "/_/") {
		t.Errorf("the reset mail still links to the admin UI: %s", msg.text)
	}
	const pass = "a-new-pass-2026"
	guest.json("POST", "/api/collections/users/confirm-password-reset", map[string]any{"token": tok[2], "password": pass, "passwordConfirm": pass}, 204, nil)
	signIn(t, srv.URL, "users", strings.ToUpper(email), pass) // any case of the address
}

func jsonBody(t *testing.T, v map[string]any) io.Reader {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}
