package livefeed

import (
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
)

// A rule is a collection's List or View rule compiled for evaluation in
// memory, from the record's own columns (and those of records it points to
// through one single relation) and the subscriber's auth record, with the
// semantics PocketBase's SQL gives it: = and != compare text, and a missing
// value (NULL) equals "". Only that part of the rule language is compiled;
// a rule using anything else (back-relations, multi-valued fields, any-of
// operators, @collection, functions, numbers, bools, @request.* other than
// auth fields) does not compile and its collection keeps PocketBase's own
// per-subscriber rule query. The differential test (rules_test.go) checks
// every compiled rule against PocketBase's CanAccessRecord.
type rule struct {
	// src is the rule text this was compiled from; nil rule: superusers
	// only, "": everyone.
	src *string
	// root is nil for a nil or empty rule.
	root node
}

// facts are the values a rule reads for one record: its own fields and the
// fields of the records its single relations point to, read once per event.
type facts struct {
	record  *core.Record
	related map[string]*core.Record // relation field -> record (nil when missing)
}

func (f *facts) value(path []string) string {
	if len(path) == 1 {
		return f.record.GetString(path[0])
	}
	r := f.related[path[0]]
	if r == nil {
		return ""
	}
	return r.GetString(path[1])
}

// node is one compiled part of a rule.
type node interface {
	eval(f *facts, auth *core.Record) bool
	// keys lists, for a record, the index keys under which every client
	// this node can admit is found; all = true when no key narrows it.
	// spec ranks how narrow the keys are: a value read from the record
	// (a user, an institution) over a literal (a role) over signed-in.
	keys(f *facts) (ks []string, all bool, spec int)
}

// operand is a record path, an auth field or a text literal.
type operand struct {
	path    []string // record field, or relation field + field
	auth    string   // @request.auth.<auth>
	literal string
	kind    int
}

const (
	opRecord = iota
	opAuth
	opLiteral
)

func (o operand) value(f *facts, auth *core.Record) string {
	switch o.kind {
	case opRecord:
		return f.value(o.path)
	case opAuth:
		if auth == nil {
			return ""
		}
		return auth.GetString(o.auth)
	}
	return o.literal
}

type compare struct {
	left, right operand
	equal       bool
}

func (c compare) eval(f *facts, auth *core.Record) bool {
	return (c.left.value(f, auth) == c.right.value(f, auth)) == c.equal
}

// An equality that pins an auth field to a value known from the record
// (or a literal) narrows the clients to those indexed under that value;
// @request.auth.id != "" narrows them to the authenticated ones.
func (c compare) keys(f *facts) ([]string, bool, int) {
	a, other := c.left, c.right
	if a.kind != opAuth {
		a, other = other, a
	}
	if a.kind != opAuth || other.kind == opAuth {
		return nil, true, 0
	}
	if !c.equal {
		if a.auth == "id" && other.kind == opLiteral && other.literal == "" {
			return []string{keySignedIn}, false, 0
		}
		return nil, true, 0
	}
	spec := 1
	if other.kind == opRecord {
		spec = 2
	}
	return []string{authKey(a.auth, other.value(f, nil))}, false, spec
}

type and []node

func (n and) eval(f *facts, auth *core.Record) bool {
	for _, c := range n {
		if !c.eval(f, auth) {
			return false
		}
	}
	return true
}

// Every client an AND admits passes each part: the narrowest part that
// narrows the clients is enough.
func (n and) keys(f *facts) ([]string, bool, int) {
	var best []string
	bestSpec, found := -1, false
	for _, c := range n {
		if ks, all, spec := c.keys(f); !all && spec > bestSpec {
			best, bestSpec, found = ks, spec, true
		}
	}
	if !found {
		return nil, true, 0
	}
	return best, false, bestSpec
}

type or []node

func (n or) eval(f *facts, auth *core.Record) bool {
	for _, c := range n {
		if c.eval(f, auth) {
			return true
		}
	}
	return false
}

func (n or) keys(f *facts) ([]string, bool, int) {
	var out []string
	spec := 2
	for _, c := range n {
		ks, all, sp := c.keys(f)
		if all {
			return nil, true, 0
		}
		out = append(out, ks...)
		spec = min(spec, sp)
	}
	return out, false, spec
}

// Index keys: a client is indexed under authKey(field, its value) for every
// auth field a compiled rule pins, and under keySignedIn when signed in.
const keySignedIn = "\x00signed-in"

func authKey(field, value string) string { return field + "\x00" + value }

// compileRule compiles src for collection c; ok is false when the rule uses
// anything outside the compiled subset. relations collects the single
// relation fields whose records the rule reads, authFields the auth fields
// it pins.
func compileRule(app core.App, c *core.Collection, src *string) (r rule, relations, authFields []string, ok bool) {
	r.src = src
	if src == nil || *src == "" {
		return r, nil, nil, true
	}
	groups, err := fexpr.Parse(*src)
	if err != nil {
		return r, nil, nil, false
	}
	cp := compiler{app: app, c: c, relations: map[string]bool{}, authFields: map[string]bool{}}
	root, ok := cp.groups(groups)
	if !ok {
		return r, nil, nil, false
	}
	r.root = root
	for k := range cp.relations {
		relations = append(relations, k)
	}
	for k := range cp.authFields {
		authFields = append(authFields, k)
	}
	return r, relations, authFields, true
}

type compiler struct {
	app        core.App
	c          *core.Collection
	relations  map[string]bool
	authFields map[string]bool
}

// groups follows PocketBase's SQL: the parts are joined with AND and OR in
// order and SQL's precedence applies (AND before OR); nested groups are
// parenthesised.
func (cp *compiler) groups(gs []fexpr.ExprGroup) (node, bool) {
	var alts or
	var cur and
	for i, g := range gs {
		var n node
		var ok bool
		switch item := g.Item.(type) {
		case fexpr.Expr:
			n, ok = cp.expr(item)
		case fexpr.ExprGroup:
			n, ok = cp.groups([]fexpr.ExprGroup{item})
		case []fexpr.ExprGroup:
			n, ok = cp.groups(item)
		}
		if !ok {
			return nil, false
		}
		if i > 0 && g.Join == fexpr.JoinOr {
			alts = append(alts, cur)
			cur = nil
		}
		cur = append(cur, n)
	}
	alts = append(alts, cur)
	return alts, true
}

func (cp *compiler) expr(e fexpr.Expr) (node, bool) {
	if e.Op != fexpr.SignEq && e.Op != fexpr.SignNeq {
		return nil, false
	}
	l, ok := cp.operand(e.Left)
	if !ok {
		return nil, false
	}
	r, ok := cp.operand(e.Right)
	if !ok {
		return nil, false
	}
	c := compare{left: l, right: r, equal: e.Op == fexpr.SignEq}
	if l.kind == opAuth && r.kind != opAuth {
		cp.authFields[l.auth] = true
	} else if r.kind == opAuth && l.kind != opAuth {
		cp.authFields[r.auth] = true
	}
	return c, true
}

func (cp *compiler) operand(t fexpr.Token) (operand, bool) {
	switch t.Type {
	case fexpr.TokenText:
		return operand{kind: opLiteral, literal: t.Literal}, true
	case fexpr.TokenIdentifier:
	default:
		return operand{}, false
	}
	name := t.Literal
	if strings.HasPrefix(name, "@request.auth.") {
		f := strings.TrimPrefix(name, "@request.auth.")
		users, err := cp.app.FindCachedCollectionByNameOrId("users")
		if err != nil || !textLike(users.Fields.GetByName(f)) || strings.Contains(f, ".") {
			return operand{}, false
		}
		return operand{kind: opAuth, auth: f}, true
	}
	if strings.HasPrefix(name, "@") || strings.Contains(name, ":") {
		return operand{}, false
	}
	path := strings.Split(name, ".")
	switch len(path) {
	case 1:
		if !textLike(cp.c.Fields.GetByName(path[0])) {
			return operand{}, false
		}
	case 2:
		rel, ok := cp.c.Fields.GetByName(path[0]).(*core.RelationField)
		if !ok || rel.IsMultiple() {
			return operand{}, false
		}
		target, err := cp.app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil || !textLike(target.Fields.GetByName(path[1])) {
			return operand{}, false
		}
		cp.relations[path[0]] = true
	default:
		return operand{}, false
	}
	return operand{kind: opRecord, path: path}, true
}

// textLike fields are stored as text and read back as the same text by
// Record.GetString: the values = and != compare in SQL.
func textLike(f core.Field) bool {
	switch f := f.(type) {
	case *core.TextField, *core.EmailField, *core.URLField, *core.DateField, *core.AutodateField, *core.EditorField:
		return true
	case *core.SelectField:
		return !f.IsMultiple()
	case *core.RelationField:
		return !f.IsMultiple()
	}
	return false
}
