package certificates

import "github.com/pocketbase/pocketbase/core"

// ReissueBetween is Reissue with between run after the rendering and
// before the transaction.
func ReissueBetween(app core.App, old, actor *core.Record, between func()) (*core.Record, error) {
	return reissueWith(app, old, actor, between)
}
