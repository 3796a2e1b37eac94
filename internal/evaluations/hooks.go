package evaluations

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/regulations"
)

// placementOngoing is the status of a placement that can be evaluated.
const placementOngoing = "ongoing"

// onCreateRequest: the placement's supervisor writes kind=supervisor, its
// mentor kind=mentor (the create rule checks the placement); the evaluator
// is the caller.
func onCreateRequest(e *core.RecordRequestEvent) error {
	if !e.HasSuperuserAuth() {
		role := access.Role(e.Auth)
		if e.Record.GetString("kind") != role {
			return apierror.Forbidden("You can write only the " + role + " evaluation of a placement.")
		}
		p, err := e.App.FindRecordById("placements", e.Record.GetString("placement"))
		if err != nil || p.GetString(role) != e.Auth.Id {
			return apierror.Forbidden("Only the placement's " + role + " writes its " + role + " evaluation.")
		}
		e.Record.Set("evaluator", e.Auth.Id)
	}
	return e.Next()
}

func lockedError() error {
	return apierror.FieldError("submitted", apierror.CodeLocked, "This evaluation was submitted and can no longer change.")
}

// onCreate keeps the invariants of a new evaluation for every save: an
// ongoing placement, one evaluation of each kind, scores within the
// regulation's criteria (complete once submitted) and the total.
func onCreate(e *core.RecordEvent) error {
	r := e.Record
	p, err := ongoingPlacement(e.App, r.GetString("placement"))
	if err != nil {
		return err
	}
	if err := checkDuplicate(e.App, r); err != nil {
		return err
	}
	if err := score(e.App, r, p); err != nil {
		return err
	}
	if err := e.Next(); err != nil {
		return err
	}
	if r.GetBool("submitted") {
		return notifySubmitted(e.App, r, p)
	}
	return nil
}

// onUpdate: a submitted evaluation never changes, for anyone; otherwise the
// same invariants as on create, read inside the transaction.
func onUpdate(e *core.RecordEvent) error {
	r := e.Record
	fresh, err := e.App.FindRecordById(Collection, r.Id)
	if err != nil {
		return err
	}
	if !anyChange(r, fresh) {
		return e.Next()
	}
	if fresh.GetBool("submitted") {
		return lockedError()
	}
	if _, err := ongoingPlacement(e.App, fresh.GetString("placement")); err != nil {
		return err
	}
	p, err := ongoingPlacement(e.App, r.GetString("placement"))
	if err != nil {
		return err
	}
	if fields.Differs(r, fresh, "placement") || fields.Differs(r, fresh, "kind") {
		if err := checkDuplicate(e.App, r); err != nil {
			return err
		}
	}
	if err := score(e.App, r, p); err != nil {
		return err
	}
	if err := e.Next(); err != nil {
		return err
	}
	if r.GetBool("submitted") {
		return notifySubmitted(e.App, r, p)
	}
	return nil
}

// onDelete: a submitted evaluation is never deleted, by anyone.
func onDelete(e *core.RecordEvent) error {
	fresh, err := e.App.FindRecordById(Collection, e.Record.Id)
	if err != nil {
		return err
	}
	if fresh.GetBool("submitted") {
		return lockedError()
	}
	return e.Next()
}

// ongoingPlacement finds a placement that can be evaluated: ongoing, and
// its internship started (an upcoming placement is refused with
// ib_out_of_range on placement until starts_on).
func ongoingPlacement(app core.App, id string) (*core.Record, error) {
	p, err := app.FindRecordById("placements", id)
	if err != nil {
		return nil, apierror.FieldError("placement", "validation_missing_rel_records", "Choose an existing placement.")
	}
	if p.GetString("status") != placementOngoing {
		return nil, apierror.FieldError("placement", apierror.CodeLocked, "This placement is "+p.GetString("status")+"; its evaluations can no longer change.")
	}
	if err := placements.CheckStarted(app, p, "placement", "evaluate the placement from that day."); err != nil {
		return nil, err
	}
	return p, nil
}

// checkDuplicate: one evaluation of each kind per placement, checked inside
// the transaction (the unique index backs it up).
func checkDuplicate(app core.App, r *core.Record) error {
	var n int
	err := app.DB().Select("count(*)").From(Collection).
		Where(dbx.HashExp{"placement": r.GetString("placement"), "kind": r.GetString("kind")}).
		AndWhere(dbx.Not(dbx.HashExp{"id": r.Id})).Row(&n)
	if err != nil {
		return fmt.Errorf("count evaluations: %w", err)
	}
	if n > 0 {
		return apierror.FieldError("kind", apierror.CodeDuplicate, "This placement already has a "+r.GetString("kind")+" evaluation; edit that one instead.")
	}
	return nil
}

// score validates the scores against the criteria of the student's
// regulation — each given key known and within 0…max, every key once the
// evaluation is submitted — and sets the total.
func score(app core.App, r, placement *core.Record) error {
	criteria, err := Criteria(app, placement, r.GetString("kind"))
	if err != nil {
		return err
	}
	raw := scoresJSON(r)
	var total float64
	if r.GetBool("submitted") {
		total, err = ValidateScores(raw, criteria)
	} else {
		total, err = validateDraft(raw, criteria)
	}
	var se *ScoreError
	if errors.As(err, &se) {
		return apierror.FieldError(ScoresField, apierror.CodeOutOfRange, se.Message)
	}
	if err != nil {
		return err
	}
	r.Set("total", total)
	return nil
}

// validateDraft checks the scores of a draft: no scores yet, or some of the
// criteria's keys with valid values.
func validateDraft(raw []byte, criteria []regulations.Criterion) (float64, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return 0, nil
	}
	var given map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &given); err != nil || given == nil {
		return ValidateScores(trimmed, criteria) // the malformed-object error
	}
	var subset []regulations.Criterion
	for _, c := range criteria {
		if _, ok := given[c.Key]; ok {
			subset = append(subset, c)
		}
	}
	return ValidateScores(trimmed, subset)
}

// scoresJSON is the stored JSON of an evaluation's scores.
func scoresJSON(r *core.Record) []byte {
	switch v := r.Get(ScoresField).(type) {
	case types.JSONRaw:
		return v
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

// Criteria are the criteria an evaluation of kind is scored against: the
// regulation of the placement's institution (its default criteria when the
// regulation gives none).
func Criteria(app core.App, placement *core.Record, kind string) ([]regulations.Criterion, error) {
	sup, men := regulations.DefaultSupervisorCriteria, regulations.DefaultMentorCriteria
	reg, err := regulations.ForInstitution(app, placement.GetString("institution"))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, apierror.Internal(app, "regulation of the placement's institution", err)
	}
	if err == nil {
		var errS, errM error
		sup, errS = regulations.ParseCriteria([]byte(reg.GetString("supervisor_criteria")), regulations.DefaultSupervisorCriteria)
		men, errM = regulations.ParseCriteria([]byte(reg.GetString("mentor_criteria")), regulations.DefaultMentorCriteria)
		if errS != nil || errM != nil {
			return nil, apis.NewBadRequestError("The evaluation criteria of the student's regulation are malformed; ask the platform team to correct the regulation.", nil)
		}
	}
	criteria, ok := CriteriaFor(kind, sup, men)
	if !ok {
		return nil, apierror.FieldError("kind", "validation_invalid_value", "Choose a supervisor or a mentor evaluation.")
	}
	return criteria, nil
}

// anyChange reports whether r differs from the stored record in a user field.
func anyChange(r, fresh *core.Record) bool {
	for _, f := range r.Collection().Fields {
		if f.GetSystem() || f.Type() == core.FieldTypeAutodate {
			continue
		}
		if fields.Differs(r, fresh, f.GetName()) {
			return true
		}
	}
	return false
}

// notifySubmitted tells the coordinators (who complete placements) and, for
// the supervisor's evaluation, the mentor that an evaluation is in.
func notifySubmitted(app core.App, r, p *core.Record) error {
	name := "the student"
	if s, err := app.FindRecordById(access.Users, p.GetString("student")); err == nil {
		name = s.GetString("name")
	}
	users, err := institutions.Coordinators(app, p.GetString("institution"))
	if err != nil {
		return err
	}
	if r.GetString("kind") == KindSupervisor {
		users = append(users, p.GetString("mentor"))
	}
	var notices []notifications.Notice
	for _, u := range users {
		notices = append(notices, notifications.Notice{User: u, Kind: "evaluation.submitted", Record: r.Id, Link: "/placements/" + p.Id,
			Title: "The " + r.GetString("kind") + " evaluation of " + name + " is submitted",
			Body:  "Once both evaluations are in, the hours approved and the required tasks done, the placement can be completed."})
	}
	return notifications.Notify(app, notices...)
}
