// Package institutions holds what other domains ask about a college: who
// coordinates it and which regulation it follows. Its records' rules live in
// the collection's API rules (the migrations).
package institutions

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/regulations"
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

// Regulation returns the regulation an institution follows.
func Regulation(app core.App, institution string) (*regulations.Regulation, error) {
	inst, err := Find(app, institution)
	if err != nil {
		return nil, err
	}
	r, err := app.FindRecordById(regulations.Collection, inst.RegulationID())
	if err != nil {
		return nil, err
	}
	return regulations.Of(r), nil
}

// Institution is a college as later domains read it: a proxy of its record
// with typed getters.
type Institution struct {
	core.BaseRecordProxy
}

// Find reads an institution with app (sql.ErrNoRows when there is none).
func Find(app core.App, id string) (*Institution, error) {
	r, err := app.FindRecordById(Collection, id)
	if err != nil {
		return nil, err
	}
	i := &Institution{}
	i.SetProxyRecord(r)
	return i, nil
}

// Name is the institution's name.
func (i *Institution) Name() string { return i.GetString("name") }

// University is the university the institution is affiliated to.
func (i *Institution) University() string { return i.GetString("university") }

// RegulationID is the id of the regulation the institution follows.
func (i *Institution) RegulationID() string { return i.GetString("regulation") }

// Code is the institution's short code (as in file names and the roster
// command).
func (i *Institution) Code() string { return i.GetString("code") }
