package pbpublic

import (
	"mime"
	"testing"
)

func TestManifestMediaType(t *testing.T) {
	if got := mime.TypeByExtension(".webmanifest"); got != "application/manifest+json" {
		t.Fatalf("the manifest is served as %q", got)
	}
	if _, err := FS.ReadFile("manifest.webmanifest"); err != nil {
		t.Fatal(err)
	}
}
