// Package filterguard closes the filter side channel of PocketBase's query
// language (DESIGN.md §2, SECURITY.md "The filter side channel").
//
// PocketBase (0.39, 0.40) applies a related collection's list rule to the
// rows that a client filter or sort joins in — but not to the rows of a
// multi-match condition: a condition with an "all of" operator (=, !=, ~, !~,
// <, <=, >, >=) over a back-relation (name_via_field), a multi-valued
// relation or an @collection join is evaluated as a subquery over every
// related row, hidden or not. `internships?filter=id="…" &&
// applications_via_internship.student.name !~ "A%"` thereby answers, one
// letter at a time, a question about records the caller may not read.
//
// Any-of operators (?=, ?~, …) do not make such a path safe either: for
// them PocketBase joins the related rows and adds the related list rule to
// the WHERE of the whole query, so a hidden related row removes the record
// from the answer even when the rest of the filter holds — the row's
// existence leaks (found by the noninterference test: a mentor learns
// whether a lesson has completions it may not read, with
// `lesson_completions_via_lesson.institution.code ?>= "" || true`).
//
// So the guard refuses, before PocketBase runs the query, every client
// filter or sort that walks a back-relation, a multi-valued relation or
// @collection, whatever the operator, and :each or :length on a multi-valued
// relation field. It checks list and view requests, realtime subscription
// options and batch sub-requests; superusers are not limited. The answer is
// 400 with the code ib_filter on "filter" or "sort".
package filterguard

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/search"
)

// Code is the error code of a refused filter or sort.
const Code = apierror.CodeFilter

// HookID is the id of the guard's router middleware and of its realtime and
// batch hooks (a test that shows the side channel unbinds them).
const HookID = "ib_filter_guard"

// middlewarePriority runs the guard after PocketBase has loaded the caller's
// auth token and applied the rate limits and body limit, before any handler.
const middlewarePriority = apis.DefaultBodyLimitMiddlewarePriority + 1

// Register installs the guard on app: a router middleware for record lists
// and views, and hooks on realtime subscriptions and batch requests.
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       HookID,
			Priority: middlewarePriority,
			Func:     guardRecordsRequest,
		})
		return se.Next()
	})
	app.OnRealtimeSubscribeRequest().Bind(&hook.Handler[*core.RealtimeSubscribeRequestEvent]{Id: HookID, Func: func(e *core.RealtimeSubscribeRequestEvent) error {
		if e.HasSuperuserAuth() || isSuperuser(e.Client.Get(apis.RealtimeClientAuthKey)) {
			return e.Next()
		}
		for _, sub := range e.Subscriptions {
			if err := checkSubscription(e.App, sub); err != nil {
				return err
			}
		}
		return e.Next()
	}})
	app.OnBatchRequest().Bind(&hook.Handler[*core.BatchRequestEvent]{Id: HookID, Func: func(e *core.BatchRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		for _, r := range e.Batch {
			u, err := url.Parse(r.URL)
			if err != nil {
				continue // PocketBase refuses the malformed sub-request itself
			}
			name, ok := recordsCollection(u.Path)
			if !ok {
				continue
			}
			if err := checkQuery(e.App, name, u.Query()); err != nil {
				return err
			}
		}
		return e.Next()
	}})
}

func isSuperuser(v any) bool {
	r, ok := v.(*core.Record)
	return ok && r != nil && r.IsSuperuser()
}

// guardRecordsRequest checks the filter and sort of GET record list and view
// requests (/api/collections/{collection}/records[/{id}]).
func guardRecordsRequest(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodGet || e.HasSuperuserAuth() {
		return e.Next()
	}
	name, ok := recordsCollection(e.Request.URL.Path)
	if !ok {
		return e.Next()
	}
	if err := checkQuery(e.App, name, e.Request.URL.Query()); err != nil {
		return err
	}
	return e.Next()
}

// recordsCollection is the collection of a record list or view path.
func recordsCollection(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/api/collections/")
	if !ok {
		return "", false
	}
	name, tail, ok := strings.Cut(rest, "/")
	if !ok || (tail != "records" && !strings.HasPrefix(tail, "records/")) {
		return "", false
	}
	if n, err := url.PathUnescape(name); err == nil {
		name = n
	}
	return name, true
}

// checkSubscription checks the options of one realtime subscription
// ("collection/topic?options={…}").
func checkSubscription(app core.App, sub string) error {
	topic, rawQuery, _ := strings.Cut(sub, "?")
	name, _, _ := strings.Cut(topic, "/")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil // PocketBase ignores options it cannot read
	}
	raw := q.Get("options")
	if raw == "" {
		return nil
	}
	var opts struct {
		Query map[string]any `json:"query"`
	}
	if err := json.Unmarshal([]byte(raw), &opts); err != nil {
		return nil // PocketBase ignores options it cannot read
	}
	values := url.Values{}
	for _, key := range []string{search.FilterQueryParam, search.SortQueryParam} {
		if s, ok := opts.Query[key].(string); ok {
			values.Set(key, s)
		}
	}
	return checkQuery(app, name, values)
}

// checkQuery checks the filter and sort of a request to collection name.
func checkQuery(app core.App, name string, q url.Values) error {
	filter, sort := q.Get(search.FilterQueryParam), q.Get(search.SortQueryParam)
	if filter == "" && sort == "" {
		return nil
	}
	col, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil || col == nil {
		return nil // PocketBase answers 404 for an unknown collection
	}
	if filter != "" {
		if bad := CheckFilter(app, col, filter); bad != "" {
			return refuse(search.FilterQueryParam, "The filter can't use "+bad+": filter by fields of the record and of its single relations, not through back-relations (…_via_…), multi-valued relations, @collection, :each or :length.")
		}
	}
	if sort != "" {
		if bad := CheckSort(app, col, sort); bad != "" {
			return refuse(search.SortQueryParam, "The list can't be sorted by "+bad+": sort by a field of the record or of a single relation.")
		}
	}
	return nil
}

func refuse(field, message string) error {
	return apierror.FieldError(field, Code, message)
}

// CheckFilter returns the first identifier of filter, evaluated against
// collection col, that PocketBase would evaluate without the related
// collection's rule ("" when there is none). A filter that does not parse is
// left to PocketBase, which refuses it.
func CheckFilter(app core.App, col *core.Collection, filter string) string {
	groups, err := fexpr.Parse(filter)
	if err != nil {
		return ""
	}
	w := walker{app: app, base: col}
	return w.groups(groups)
}

// CheckSort returns the first sort field of sort that walks a back-relation,
// a multi-valued relation or @collection ("" when there is none).
func CheckSort(app core.App, col *core.Collection, sort string) string {
	w := walker{app: app, base: col}
	for _, f := range search.ParseSortFromString(sort) {
		if w.multi(f.Name) {
			return f.Name
		}
	}
	return ""
}

type walker struct {
	app  core.App
	base *core.Collection
}

func (w walker) groups(groups []fexpr.ExprGroup) string {
	for _, g := range groups {
		switch item := g.Item.(type) {
		case fexpr.Expr:
			if bad := w.expr(item); bad != "" {
				return bad
			}
		case fexpr.ExprGroup:
			if bad := w.groups([]fexpr.ExprGroup{item}); bad != "" {
				return bad
			}
		case []fexpr.ExprGroup:
			if bad := w.groups(item); bad != "" {
				return bad
			}
		}
	}
	return ""
}

func (w walker) expr(e fexpr.Expr) string {
	for _, t := range []fexpr.Token{e.Left, e.Right} {
		if bad := w.token(t); bad != "" {
			return bad
		}
	}
	return ""
}

// token checks one operand (and the arguments of a function).
func (w walker) token(t fexpr.Token) string {
	switch t.Type {
	case fexpr.TokenIdentifier:
		if w.multi(t.Literal) {
			return t.Literal
		}
	case fexpr.TokenFunction:
		args, _ := t.Meta.([]fexpr.Token)
		for _, a := range args {
			if bad := w.token(a); bad != "" {
				return bad
			}
		}
	}
	return ""
}

// multi reports whether the identifier reaches rows through a
// back-relation, a multi-valued relation or @collection, or counts or
// spreads a multi-valued relation (:length, :each). It walks from the base
// collection; unknown names are left to PocketBase (it refuses them or reads
// them as NULL).
func (w walker) multi(ident string) bool {
	switch {
	case strings.HasPrefix(ident, "@collection."):
		return true
	case strings.HasPrefix(ident, "@request.auth."):
		// PocketBase refuses @request in client filters of other callers;
		// walked anyway, in case it ever does not.
		users, err := w.app.FindCachedCollectionByNameOrId("users")
		if err != nil || users == nil {
			return false
		}
		return w.walk(users, strings.Split(strings.TrimPrefix(ident, "@request.auth."), "."))
	case strings.HasPrefix(ident, "@request.body."):
		return w.walk(w.base, strings.Split(strings.TrimPrefix(ident, "@request.body."), "."))
	case strings.HasPrefix(ident, "@"):
		return false // @now, @request.query.*, @request.headers.*, …: no records
	}
	return w.walk(w.base, strings.Split(ident, "."))
}

func (w walker) walk(col *core.Collection, segs []string) bool {
	for i, seg := range segs {
		name, modifier, _ := strings.Cut(seg, ":")
		if isBackRelation(name) {
			return true
		}
		rel, isRel := col.Fields.GetByName(name).(*core.RelationField)
		if !isRel {
			// A plain field, or a JSON field whose remaining segments are a
			// path inside its value: no further records.
			return false
		}
		if i == len(segs)-1 {
			// The relation's own ids are the record's own value; :each and
			// :length on a multi-valued one are refused (DESIGN §2).
			return rel.IsMultiple() && (modifier == "each" || modifier == "length")
		}
		if rel.IsMultiple() {
			return true
		}
		next, err := w.app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil || next == nil {
			return false
		}
		col = next
	}
	return false
}

// isBackRelation reports whether name has the shape "collection_via_field".
func isBackRelation(name string) bool {
	collection, field, ok := strings.Cut(name, "_via_")
	return ok && collection != "" && field != ""
}
