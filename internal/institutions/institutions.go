// Package institutions holds what other domains ask about a college: who
// coordinates it. Its records' rules live in the collection's API rules (the
// migrations); the institution's regulation is the regulations domain's.
package institutions

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apierror"
)

// Collection is the institutions collection.
const Collection = "institutions"

// Coordinators returns the ids of the coordinators of an institution. A
// failed read is an error (the caller's change must not go through with
// its notices silently dropped).
func Coordinators(app core.App, institution string) ([]string, error) {
	if institution == "" {
		return nil, nil
	}
	var ids []string
	if err := app.DB().NewQuery("SELECT id FROM users WHERE role = 'coordinator' AND institution = {:inst}").
		Bind(map[string]any{"inst": institution}).Column(&ids); err != nil {
		return nil, apierror.Internal(app, "coordinators of institution "+institution, err)
	}
	return ids, nil
}
