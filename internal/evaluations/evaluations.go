// Package evaluations holds the supervisor's and the mentor's evaluations of
// a placement against the regulation's criteria.
package evaluations

import (
	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/audit"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/status"
	"github.com/internbase/internbase/internal/transaction"
	"github.com/pocketbase/pocketbase/core"
)

// Collection is the evaluations collection.
const Collection = "evaluations"

// ServerFields are set by hooks only.
var ServerFields = []string{"evaluator", "total"}

// States of an evaluation: a draft until it is submitted (the submitted
// flag), then locked.
const (
	StateDraft     = "draft"
	StateSubmitted = "submitted"
)

// Machine is the life of an evaluation (DESIGN.md §3): the placement's
// supervisor or mentor (each for the evaluation of their kind) submits a
// draft; a submitted evaluation never changes.
var Machine = &status.Machine{
	Noun:   "evaluation",
	States: []string{StateDraft, StateSubmitted},
	Actors: map[string]string{
		access.RoleSupervisor: "the placement's supervisor",
		access.RoleMentor:     "the placement's mentor",
	},
	Moves: []status.Move{
		{From: StateDraft, To: StateSubmitted, By: []string{access.RoleSupervisor, access.RoleMentor}, Verb: "submit this evaluation"},
	},
}

// State is the state of an evaluation in Machine.
func State(r *core.Record) string {
	if r.GetBool("submitted") {
		return StateSubmitted
	}
	return StateDraft
}

// Register binds the evaluations hooks to app.
func Register(app core.App) {
	audit.Track(app, audit.Spec{Collection: Collection, Institution: placements.InstitutionOf, Status: State})
	fields.Protect(app, Collection, fields.Policy{
		Server: ServerFields,
		Fixed:  []string{"placement", "kind"},
	})
	transaction.Requests(app, Collection)
	transaction.Saves(app, Collection)
	app.OnRecordCreateRequest(Collection).BindFunc(onCreateRequest)
	app.OnRecordCreate(Collection).BindFunc(onCreate)
	app.OnRecordUpdate(Collection).BindFunc(onUpdate)
	app.OnRecordDelete(Collection).BindFunc(onDelete)
}
