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

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/regulations"
)

// onCreateRequest: the placement's supervisor writes kind=supervisor, its
// mentor kind=mentor (the create rule checks the placement); the evaluator
// is the caller.
func onCreateRequest(e *core.RecordRequestEvent) error {
	if !e.HasSuperuserAuth() {
		role := access.Role(e.Auth)
		if e.Record.GetString("kind") != role {
			return apierror.Forbidden(fmt.Sprintf("You can write only the %s evaluation of a placement.", role))
		}
		p, err := placements.Find(e.App, e.Record.GetString("placement"))
		if err != nil || p.Evaluator(role) != e.Auth.Id {
			return apierror.Forbidden(fmt.Sprintf("Only the placement's %s writes its %s evaluation.", role, role))
		}
		e.Record.Set("evaluator", e.Auth.Id)
	}
	return e.Next()
}

// tracked are the fields whose stored value a request must have seen for
// its update to go ahead (else apierror.Conflict): a supervisor who saved a
// draft in one tab must not overwrite the scores submitted from another.
var tracked = []string{"scores", "remarks", "submitted"}

func lockedError() error {
	return apierror.FieldError("submitted", apierror.CodeLocked, "This evaluation was submitted and can no longer change.")
}

// onCreate keeps the invariants of a new evaluation for every save: an
// ongoing placement, one evaluation of each kind, scores within the
// regulation's criteria (complete once submitted) and the total.
func onCreate(e *core.RecordEvent) error {
	r := e.Record
	p, err := evaluable(e.App, r.GetString("placement"))
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
	if fields.Stale(r, fresh, tracked) {
		return apierror.Conflict("evaluation")
	}
	if len(fields.DiffersIn(r, fresh)) == 0 {
		return e.Next()
	}
	if Machine.Terminal(State(fresh)) {
		return lockedError()
	}
	if _, err := evaluable(e.App, fresh.GetString("placement")); err != nil {
		return err
	}
	p, err := evaluable(e.App, r.GetString("placement"))
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
	if Machine.Terminal(State(fresh)) {
		return lockedError()
	}
	return e.Next()
}

// evaluable finds a placement that can be evaluated: ongoing, and
// its internship started (an upcoming placement is refused with
// ib_out_of_range on placement until starts_on).
func evaluable(app core.App, id string) (*placements.Placement, error) {
	p, err := placements.Ongoing(app, id, "its evaluations can no longer change.")
	if err != nil {
		return nil, err
	}
	if err := p.CheckStarted(app, "placement", "evaluate the placement from that day."); err != nil {
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
		return apierror.FieldError("kind", apierror.CodeDuplicate, fmt.Sprintf("This placement already has a %s evaluation; edit that one instead.", r.GetString("kind")))
	}
	return nil
}

// score validates the scores against the criteria of the student's
// regulation — each given key known and within 0…max, every key once the
// evaluation is submitted — and sets the total.
func score(app core.App, r *core.Record, placement *placements.Placement) error {
	criteria, err := Criteria(app, placement, r.GetString("kind"))
	if err != nil {
		return err
	}
	raw := fields.JSON(r, ScoresField)
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

// Criteria are the criteria an evaluation of kind is scored against: the
// regulation of the placement's institution (its default criteria when the
// regulation gives none).
func Criteria(app core.App, placement *placements.Placement, kind string) ([]regulations.Criterion, error) {
	sup, men := regulations.DefaultSupervisorCriteria, regulations.DefaultMentorCriteria
	reg, err := institutions.Regulation(app, placement.Institution())
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, apierror.Internal(app, "regulation of the placement's institution", err)
	}
	if err == nil {
		var errS, errM error
		sup, errS = reg.SupervisorCriteria()
		men, errM = reg.MentorCriteria()
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

// notifySubmitted tells the coordinators (who complete placements) and, for
// the supervisor's evaluation, the mentor that an evaluation is in.
func notifySubmitted(app core.App, r *core.Record, p *placements.Placement) error {
	name := "the student"
	if s, err := app.FindRecordById(access.Users, p.Student()); err == nil {
		name = s.GetString("name")
	}
	users, err := institutions.Coordinators(app, p.Institution())
	if err != nil {
		return err
	}
	if r.GetString("kind") == KindSupervisor {
		users = append(users, p.Mentor())
	}
	var notices []notifications.Notice
	for _, u := range users {
		notices = append(notices, notifications.Notice{User: u, Kind: "evaluation.submitted", Record: r.Id, Link: "/placements/" + p.Id,
			Title: "The " + r.GetString("kind") + " evaluation of " + name + " is submitted",
			Body:  "Once both evaluations are in, the hours approved and the required tasks done, the placement can be completed."})
	}
	return notifications.Notify(app, notices...)
}

// ReportScores adds to a completion the totals of the placement's submitted
// evaluations (bound to placements' Completing).
func ReportScores(e *placements.CompletingEvent) error {
	evals, err := e.App.FindAllRecords(Collection, dbx.HashExp{"placement": e.Placement.Id})
	if err != nil {
		return fmt.Errorf("evaluations: %w", err)
	}
	for _, ev := range evals {
		if State(ev) != StateSubmitted {
			continue
		}
		score := &placements.Score{Total: ev.GetFloat("total")}
		switch ev.GetString("kind") {
		case KindSupervisor:
			e.Supervisor = score
		case KindMentor:
			e.Mentor = score
		}
	}
	return e.Next()
}
