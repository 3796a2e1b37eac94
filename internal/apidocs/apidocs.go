// Package apidocs describes Internbase's HTTP API: an OpenAPI 3.1 document
// at GET /api/ib/openapi.json and a readable, server-rendered reference at
// GET /docs. Both are generated on every request from the live schema
// (app.FindAllCollections) and settings, so they always match the running
// server: PocketBase's record endpoints for each collection with a schema per
// collection (every visible field mapped to JSON Schema), the users auth
// endpoints, files, realtime and batch, Internbase's own routes (DESIGN.md
// §4), the error shape with the ib_ codes, and the Authorization scheme.
//
// The custom routes' shapes are written here (the package takes only names
// and constants from the domains: collections, paths, roster columns) and a
// test checks real responses of those routes against them.
package apidocs

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// Route paths of the API description.
const (
	DocumentPath = "/api/ib/openapi.json"
	PagePath     = "/docs"
)

// storeKey marks an app whose routes are bound (in app.Store()).
const storeKey = "ib.apidocs"

// Register binds GET /api/ib/openapi.json and GET /docs to app. Calling it
// again on the same app does nothing.
func Register(app core.App) {
	if app.Store().Has(storeKey) {
		return
	}
	app.Store().Set(storeKey, true)
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if !e.Router.HasRoute(http.MethodGet, DocumentPath) {
			e.Router.GET(DocumentPath, serveDocument)
		}
		if !e.Router.HasRoute(http.MethodGet, PagePath) {
			e.Router.GET(PagePath, servePage)
		}
		return e.Next()
	})
}

// JSON returns the OpenAPI document of app, indented.
func JSON(app core.App) ([]byte, error) {
	ref, err := Build(app)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ref.Document()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func serveDocument(e *core.RequestEvent) error {
	b, err := JSON(e.App)
	if err != nil {
		return e.InternalServerError("", err)
	}
	h := e.Response.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-cache")
	return e.Blob(http.StatusOK, "application/json", b)
}

func servePage(e *core.RequestEvent) error {
	ref, err := Build(e.App)
	if err != nil {
		return e.InternalServerError("", err)
	}
	html, err := Page(ref)
	if err != nil {
		return e.InternalServerError("", err)
	}
	h := e.Response.Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
	return e.HTML(http.StatusOK, html)
}
