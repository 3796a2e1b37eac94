package users

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Audience fields of a student (hidden, server): who besides the college may
// read the profile. The users read rule checks them on the student's own row
// (`hosts:each ?= @request.auth.organization`, `mentors:each ?= @request.auth.id`), so
// reading a user joins no other table. The domains that decide them keep
// them exact, in the same transaction as the change: applications set
// Hosts, placements set Mentors.
const (
	FieldHosts   = "hosts"
	FieldMentors = "mentors"
)

// ServerFields are the users fields no API caller sets, superusers included.
var ServerFields = []string{FieldHosts, FieldMentors}

// SetHosts records the organizations that may read student's profile (those
// with an endorsed application of the student).
func SetHosts(app core.App, student string, organizations []string) error {
	return setAudience(app, student, FieldHosts, organizations)
}

// SetMentors records the mentors that may read student's profile (those of
// the student's placements).
func SetMentors(app core.App, student string, mentors []string) error {
	return setAudience(app, student, FieldMentors, mentors)
}

// setAudience writes the field by SQL: the profile itself does not change
// (no updated time, no users hooks or realtime event for the student).
func setAudience(app core.App, student, field string, ids []string) error {
	if student == "" {
		return nil
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	ids = slices.DeleteFunc(ids, func(s string) bool { return s == "" })
	if ids == nil {
		ids = []string{}
	}
	raw, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	_, err = app.DB().Update(Collection, dbx.Params{field: string(raw)}, dbx.HashExp{"id": student}).Execute()
	if err != nil {
		return fmt.Errorf("set the %s of %s: %w", field, student, err)
	}
	return nil
}
