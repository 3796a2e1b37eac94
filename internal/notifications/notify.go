package notifications

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/i18n"
)

// Notice is one notification to one user (DESIGN.md §3 notifications).
type Notice struct {
	User   string // users id
	Kind   string // e.g. "application.offered"
	Title  string
	Body   string
	Link   string // client path, e.g. /applications/{id}
	Record string // id of the record the notice is about
}

// Notify writes notices with app, each in its recipient's language (the
// English title and body are rendered through the i18n catalog) (pass the transaction's app so they commit
// or roll back with the change they report). Users that are empty are
// skipped; mail goes out after commit (see the notifications domain).
func Notify(app core.App, notices ...Notice) error {
	if len(notices) == 0 {
		return nil
	}
	col, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return fmt.Errorf("notifications collection: %w", err)
	}
	langs := map[string]string{}
	for _, n := range notices {
		if n.User == "" {
			continue
		}
		// Written in the recipient's language (users.language).
		lang, known := langs[n.User]
		if !known {
			lang = i18n.EN
			if u, err := app.FindRecordById(access.Users, n.User); err == nil {
				lang = i18n.Of(u)
			}
			langs[n.User] = lang
		}
		n.Title = i18n.TranslateOr(lang, n.Title)
		n.Body = i18n.TranslateOr(lang, n.Body)
		r := core.NewRecord(col)
		r.Set("user", n.User)
		r.Set("kind", n.Kind)
		r.Set("title", n.Title)
		r.Set("body", n.Body)
		r.Set("link", n.Link)
		r.Set("record", n.Record)
		// The platform clock, not the wall clock, dates a notice: "was this
		// user reminded today" (logbooks) reads it back by that clock.
		created, _ := types.ParseDateTime(clock.Now(app))
		r.SetRaw("created", created)
		if err := app.Save(r); err != nil {
			return fmt.Errorf("save notification %s: %w", n.Kind, err)
		}
	}
	return nil
}

// Sent counts the notices of kind written to user since (by the platform
// clock that dates them).
func Sent(app core.App, user, kind string, since time.Time) (int, error) {
	var n int
	err := app.DB().Select("count(*)").From(Collection).
		Where(dbx.HashExp{"user": user, "kind": kind}).
		AndWhere(dbx.NewExp("created >= {:start}", dbx.Params{"start": since.UTC().Format(types.DefaultDateLayout)})).Row(&n)
	return n, err
}
