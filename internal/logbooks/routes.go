package logbooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// QuietWritesMiddlewareID is the id of the router middleware that keeps the
// successful logbook writes out of the activity log.
const QuietWritesMiddlewareID = "ibQuietLogbookWrites"

// hotRoutes are PocketBase's record routes that students and supervisors
// hit all evening: a day logged, an entry edited or reviewed.
var hotRoutes = map[string]bool{
	http.MethodPost + " /api/collections/{collection}/records":       true,
	http.MethodPatch + " /api/collections/{collection}/records/{id}": true,
}

// quietWrites binds, for every route, a middleware that turns PocketBase's
// activity log (the request log in auxiliary.db) off for the successful
// creates and updates of logbook entries, the platform's hottest writes
// (apis.SkipSuccessActivityLog); a failed one is still logged, with its
// error.
func quietWrites(e *core.ServeEvent) error {
	skip := apis.SkipSuccessActivityLog()
	e.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id: QuietWritesMiddlewareID,
		Func: func(re *core.RequestEvent) error {
			if hotWrite(re) {
				return skip.Func(re)
			}
			return re.Next()
		},
	})
	return e.Next()
}

// hotWrite reports whether re creates or updates a logbook entry through
// the record API.
func hotWrite(re *core.RequestEvent) bool {
	if !hotRoutes[re.Request.Pattern] {
		return false
	}
	c, err := re.App.FindCachedCollectionByNameOrId(re.Request.PathValue("collection"))
	return err == nil && c.Name == Collection
}
