// Package pbpublic embeds the web portal so the binary serves it.
package pbpublic

import (
	"embed"
	"mime"
)

// FS holds the portal's files.
//
//go:embed index.html app.css favicon.ico favicon.svg js i18n vendor sw.js manifest.webmanifest icons
var FS embed.FS

// The web app manifest's media type (W3C Web Application Manifest), which
// Go's table does not know: without it the manifest goes out as text/plain.
func init() {
	if err := mime.AddExtensionType(".webmanifest", "application/manifest+json"); err != nil {
		panic(err)
	}
}
