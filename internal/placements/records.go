package placements

import (
	"errors"
	"fmt"
	"time"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/internships"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// rememberedKey is the raw key under which a model hook leaves the
// placement it read, in the save's transaction, for the record being saved.
// Raw keys are not columns: DBExport ignores them and responses never show
// them.
const rememberedKey = "@ib_placement"

// Remember leaves on r (a record of a later domain with a placement field)
// the placement p that a model hook read for it in the save's transaction,
// so that the hooks after it (audit) do not read it again.
func Remember(r, p *core.Record) {
	r.SetRaw(rememberedKey, p)
}

// Remembered returns the placement left on r by Remember when it is still
// r's placement, else nil.
func Remembered(r *core.Record) *core.Record {
	p, _ := r.GetRaw(rememberedKey).(*core.Record)
	if p == nil || p.Id != r.GetString("placement") {
		return nil
	}
	return p
}

// InstitutionOf is the institution of the placement a record of a later
// domain (a logbook entry, a submission, an evaluation) belongs to, read
// with app; the placement remembered on r saves the read.
func InstitutionOf(app core.App, r *core.Record) (string, error) {
	if p := Remembered(r); p != nil {
		return p.GetString("institution"), nil
	}
	p, err := app.FindRecordById(Collection, r.GetString("placement"))
	if err != nil {
		return "", err
	}
	return p.GetString("institution"), nil
}

// Placement is a placement as later domains read it: a proxy of its record
// (PocketBase's core.RecordProxy) with typed getters.
type Placement struct {
	core.BaseRecordProxy
}

// Of wraps a placement's record.
func Of(r *core.Record) *Placement {
	p := &Placement{}
	p.SetProxyRecord(r)
	return p
}

// Find reads a placement with app (sql.ErrNoRows when there is none).
func Find(app core.App, id string) (*Placement, error) {
	r, err := app.FindRecordById(Collection, id)
	if err != nil {
		return nil, err
	}
	return Of(r), nil
}

// Ongoing reads the placement id for work that only an ongoing placement
// takes: a missing placement is a 400 on placement
// (validation_missing_rel_records); one that is no longer ongoing is 400
// ib_locked, "This placement is <status>; " followed by closed (what no
// longer happens: "its logbook is closed.").
func Ongoing(app core.App, id, closed string) (*Placement, error) {
	p, err := Find(app, id)
	if err != nil {
		return nil, apierror.FieldError("placement", "validation_missing_rel_records", "Choose an existing placement.")
	}
	if err := p.CheckOngoing(closed); err != nil {
		return nil, err
	}
	return p, nil
}

// CheckOngoing is Ongoing's check of the status for a placement already
// read.
func (p *Placement) CheckOngoing(closed string) error {
	return CheckStatusOngoing(p.Status(), closed)
}

// CheckStatusOngoing is CheckOngoing for a placement status read by a query
// of its own.
func CheckStatusOngoing(status, closed string) error {
	if status != StatusOngoing {
		return apierror.FieldError("placement", apierror.CodeLocked, "This placement is "+status+"; "+closed)
	}
	return nil
}

// Status is the placement's status.
func (p *Placement) Status() string { return p.GetString("status") }

// Student is the id of the placed student.
func (p *Placement) Student() string { return p.GetString("student") }

// Internship is the id of the posting.
func (p *Placement) Internship() string { return p.GetString("internship") }

// Organization is the id of the host organization.
func (p *Placement) Organization() string { return p.GetString("organization") }

// Institution is the id of the student's institution.
func (p *Placement) Institution() string { return p.GetString("institution") }

// Supervisor is the id of the host supervisor.
func (p *Placement) Supervisor() string { return p.GetString("supervisor") }

// Mentor is the id of the faculty mentor ("" until one is assigned).
func (p *Placement) Mentor() string { return p.GetString("mentor") }

// Evaluator is the id of whoever writes the evaluation of kind
// ("supervisor" or "mentor").
func (p *Placement) Evaluator(kind string) string {
	switch kind {
	case "supervisor":
		return p.Supervisor()
	case "mentor":
		return p.Mentor()
	}
	return ""
}

// ApprovedHours are the logbook hours approved so far.
func (p *Placement) ApprovedHours() float64 { return p.GetFloat("approved_hours") }

// SetApprovedHours stores the approved hours (the logbooks domain keeps
// them equal to the sum of the approved entries) with app, by the server.
func (p *Placement) SetApprovedHours(app core.App, hours float64) error {
	if p.ApprovedHours() == hours {
		return nil
	}
	p.Set("approved_hours", hours)
	access.SetActor(p.Record, nil)
	return app.Save(p)
}

// CompletedOn is the day of the completion (zero until completed).
func (p *Placement) CompletedOn() time.Time { return p.GetDateTime("completed_on").Time() }

// Marks are the marks of the completion.
func (p *Placement) Marks() float64 { return p.GetFloat("marks") }

// Grade is the grade of the completion.
func (p *Placement) Grade() string { return p.GetString("grade") }

// CreditsEarned are the credits the completion earned.
func (p *Placement) CreditsEarned() float64 { return p.GetFloat("credits_earned") }

// Window is what a new logbook entry is checked against: the placement's
// status and its internship's dates.
type Window struct {
	Status   string         `db:"status"`
	StartsOn types.DateTime `db:"starts_on"`
	EndsOn   types.DateTime `db:"ends_on"`
}

// ReadWindow reads a placement's status and its internship's dates in one
// query, for the logbook's hot path (sql.ErrNoRows when the placement does
// not exist). It is the one place outside the internships domain that
// names the posting's date columns: two typed reads would double the
// queries of every logbook write.
func ReadWindow(app core.App, placement string) (*Window, error) {
	var row struct {
		Window
		Internship string `db:"internship"`
	}
	err := app.DB().NewQuery("SELECT p.[[status]], COALESCE(i.[[id]], '') AS [[internship]], i.[[starts_on]], i.[[ends_on]]" +
		" FROM {{" + Collection + "}} p LEFT JOIN {{" + internships.Collection + "}} i ON i.[[id]] = p.[[internship]] WHERE p.[[id]] = {:p}").
		Bind(dbx.Params{"p": placement}).One(&row)
	if err != nil {
		return nil, err
	}
	if row.Internship == "" {
		return nil, fmt.Errorf("internship of placement %s: %w", placement, errMissingInternship)
	}
	return &row.Window, nil
}

var errMissingInternship = errors.New("placements: the placement's internship is missing")
