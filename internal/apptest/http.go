package apptest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// cronStartHook is the id of PocketBase's OnServe handler that starts the
// cron scheduler (core/base.go).
const cronStartHook = "__pbCronStart__"

// Client sends requests to an app's full router (PocketBase's API plus every
// route and middleware registered in OnServe) without a network listener.
type Client struct {
	t       testing.TB
	handler http.Handler
}

// NewClient builds the router of app once; reuse it for many requests.
// Building it also binds PocketBase's realtime broadcasting to app. The
// cron scheduler is not started: a job firing at a minute boundary of the
// real clock would change records under a running test (tests run jobs
// themselves, with the app's clock).
func NewClient(t testing.TB, app core.App) *Client {
	t.Helper()
	app.OnServe().Unbind(cronStartHook)
	r, err := apis.NewRouter(app)
	Must(t, err)
	se := &core.ServeEvent{App: app, Router: r}
	var c *Client
	Must(t, app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		if err != nil {
			return err
		}
		c = &Client{t: t, handler: mux}
		return nil
	}))
	return c
}

// Response is a recorded response.
type Response struct {
	Status int
	Body   []byte
	Header http.Header
}

// JSON decodes the body into a map (nil when it is not a JSON object).
func (r *Response) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Code returns the ib_ (or validation) code of field in an error body.
func (r *Response) Code(field string) string {
	data, _ := r.JSON()["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	s, _ := f["code"].(string)
	return s
}

// Items returns the ids of a list response.
func (r *Response) Items() []string {
	items, _ := r.JSON()["items"].([]any)
	var ids []string
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			ids = append(ids, m["id"].(string))
		}
	}
	return ids
}

// String is the body as text.
func (r *Response) String() string { return string(r.Body) }

// Do sends a request with an optional auth token; body is JSON-encoded
// unless it is an io.Reader (then contentType is required in headers).
func (c *Client) Do(method, url, token string, body any, headers ...string) *Response {
	c.t.Helper()
	var rd io.Reader
	ct := "application/json"
	switch b := body.(type) {
	case nil:
	case io.Reader:
		rd = b
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		Must(c.t, err)
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", ct)
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	return &Response{Status: rec.Code, Body: rec.Body.Bytes(), Header: rec.Header()}
}

// File is one file part of a multipart body.
type File struct {
	Field, Name string
	Content     []byte
}

// Multipart builds a multipart/form-data body; pass the returned content
// type as the Content-Type header of Client.Do.
func Multipart(t testing.TB, fields map[string]string, files ...File) (io.Reader, string) {
	t.Helper()
	buf := &bytes.Buffer{}
	w := multipart.NewWriter(buf)
	for k, v := range fields {
		Must(t, w.WriteField(k, v))
	}
	for _, f := range files {
		part, err := w.CreateFormFile(f.Field, f.Name)
		Must(t, err)
		_, err = part.Write(f.Content)
		Must(t, err)
	}
	Must(t, w.Close())
	return buf, w.FormDataContentType()
}

// PDF returns a minimal PDF document padded to at least size bytes.
func PDF(size int) []byte {
	b := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	for len(b) < size {
		b = append(b, '%', '\n')
	}
	return b
}

// Handler is the app's router as an http.Handler, for httptest.NewServer.
func (c *Client) Handler() http.Handler { return c.handler }

// For returns the client reporting to t (inside a fuzz target, subtest or
// goroutine-owned test, where the creating test's t must not be used).
func (c *Client) For(t testing.TB) *Client {
	return &Client{t: t, handler: c.handler}
}
