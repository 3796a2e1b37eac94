// Package fields holds the field policy of a collection (which fields API
// callers may set or change) and the small comparisons the update hooks
// make on a record against its original.
package fields

import (
	"encoding/json"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Policy says which fields of one collection API callers may write.
type Policy struct {
	// Server fields are set by hooks only: no API caller, superusers
	// included, may give them a value on create or change them on update.
	Server []string
	// Fixed fields are given on create and never changed afterwards by
	// anyone but superusers.
	Fixed []string
	// NoCreate and NoDelete refuse API creates/deletes to everyone,
	// superusers included (the server owns the collection's lifecycle).
	NoCreate, NoDelete bool
	// CreateMessage and DeleteMessage explain the refusal.
	CreateMessage, DeleteMessage string
	// Writable, when set, limits what a non-superuser caller may change on
	// update to the returned fields; ok=false means no limit beyond the above.
	Writable func(auth, record *core.Record) (fields []string, ok bool)
}

// Protect binds the request hooks that enforce p on collection.
func Protect(app core.App, collection string, p Policy) {
	app.OnRecordCreateRequest(collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if p.NoCreate {
			return apierror.Forbidden(p.CreateMessage)
		}
		if bad := Given(e.Record, p.Server); len(bad) > 0 {
			return apierror.ForbiddenFields(bad...)
		}
		return e.Next()
	})
	app.OnRecordUpdateRequest(collection).BindFunc(func(e *core.RecordRequestEvent) error {
		check := p.Server
		if !e.HasSuperuserAuth() {
			check = append(append([]string{}, p.Server...), p.Fixed...)
		}
		bad := ChangedAmong(e.Record, check)
		if p.Writable != nil && !e.HasSuperuserAuth() {
			if allowed, ok := p.Writable(e.Auth, e.Record); ok {
				bad = append(bad, ChangedOutside(e.Record, allowed)...)
			}
		}
		if len(bad) > 0 {
			return apierror.ForbiddenFields(unique(bad)...)
		}
		return e.Next()
	})
	if p.NoDelete {
		app.OnRecordDeleteRequest(collection).BindFunc(func(e *core.RecordRequestEvent) error {
			return apierror.Forbidden(p.DeleteMessage)
		})
	}
}

// Given returns the fields of a new record that hold a non-zero value.
func Given(r *core.Record, fields []string) []string {
	var out []string
	for _, f := range fields {
		if !isZero(r.Get(f)) {
			out = append(out, f)
		}
	}
	return out
}

// ChangedAmong returns the fields whose value differs from the stored one.
func ChangedAmong(r *core.Record, fields []string) []string {
	orig := r.Original()
	var out []string
	for _, f := range fields {
		if !sameValue(r.Get(f), orig.Get(f)) {
			out = append(out, f)
		}
	}
	return out
}

// ChangedOutside returns the changed user fields of r that are not in allowed
// (system and autodate fields are PocketBase's business and are skipped).
func ChangedOutside(r *core.Record, allowed []string) []string {
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	var names []string
	for _, f := range r.Collection().Fields {
		if f.GetSystem() || f.Type() == core.FieldTypeAutodate || f.Type() == core.FieldTypePassword || ok[f.GetName()] {
			continue
		}
		names = append(names, f.GetName())
	}
	return ChangedAmong(r, names)
}

// Changed reports whether one field of r differs from its stored value.
func Changed(r *core.Record, field string) bool {
	return !sameValue(r.Get(field), r.Original().Get(field))
}

func sameValue(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	if errA != nil || errB != nil {
		return false
	}
	return string(ja) == string(jb)
}

func isZero(v any) bool {
	j, err := json.Marshal(v)
	if err != nil {
		return false
	}
	switch string(j) {
	case `""`, `0`, `false`, `null`, `[]`, `{}`:
		return true
	}
	return false
}

func unique(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Differs reports whether field holds different values in a and b.
func Differs(a, b *core.Record, field string) bool {
	return !sameValue(a.Get(field), b.Get(field))
}

// DiffersIn returns the fields (system and autodate fields aside) in which r
// differs from stored, the record as read inside the transaction.
func DiffersIn(r, stored *core.Record) []string {
	var out []string
	for _, f := range r.Collection().Fields {
		if f.GetSystem() || f.Type() == core.FieldTypeAutodate {
			continue
		}
		if Differs(r, stored, f.GetName()) {
			out = append(out, f.GetName())
		}
	}
	return out
}

// JSON is the raw JSON of a json field of r (nil when unset). A value that
// cannot be encoded gives invalid JSON, so that whoever parses it refuses it
// rather than reading it as empty.
func JSON(r *core.Record, field string) []byte {
	switch v := r.Get(field).(type) {
	case types.JSONRaw:
		return v
	case []byte:
		return v
	case string:
		return []byte(v)
	case nil:
		return nil
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return []byte("?")
		}
		return b
	}
}

// Stale reports whether the record a request read (r.Original()) differs
// from the stored one read inside the transaction in one of names: a
// concurrent request changed it meanwhile, and the update must be refused
// (apierror.Conflict) rather than applied over what its caller never saw.
// Internal saves of a fresh record (no original) are never stale.
func Stale(r, stored *core.Record, names []string) bool {
	orig := r.Original()
	if orig.Id == "" {
		return false
	}
	for _, f := range names {
		if Differs(orig, stored, f) {
			return true
		}
	}
	return false
}
