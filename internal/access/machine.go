package access

import (
	"slices"

	"github.com/pocketbase/pocketbase/apis"
)

// ActorSuperuser names a platform operator as an actor of a status machine.
const ActorSuperuser = "superuser"

// Move is one from → to move of a status machine.
type Move struct{ From, To string }

// Machine is a status machine: each move and the actors who may make it.
// Superusers may make every move that exists, never one that does not.
type Machine map[Move][]string

// Exists reports whether from → to is a move of the machine, for anyone.
func (m Machine) Exists(from, to string) bool {
	_, ok := m[Move{from, to}]
	return ok
}

// Allows reports whether actor may make the move from → to.
func (m Machine) Allows(from, to, actor string) bool {
	actors, ok := m[Move{from, to}]
	return ok && (actor == ActorSuperuser || slices.Contains(actors, actor))
}

// Conflict is the 409 answered when a record changed between the request's
// read and its transaction (a concurrent request won); what names the record.
func Conflict(what string) error {
	return apis.NewApiError(409, "This "+what+" changed while you were working on it; reload it and try again.", nil)
}
