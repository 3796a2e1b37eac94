// Package pbpublic embeds the web portal so the binary serves it.
package pbpublic

import "embed"

// FS holds the portal's files.
//
//go:embed index.html app.css favicon.ico favicon.svg js i18n vendor sw.js manifest.webmanifest icons
var FS embed.FS
