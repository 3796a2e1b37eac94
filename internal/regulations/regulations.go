// Package regulations holds the programme rules of a university: credits,
// hours, marks, evaluation criteria and the grade scale, with their defaults.
package regulations

import (
	"errors"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/fields"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Collection is the regulations collection.
const Collection = "regulations"

// Criterion is one evaluation criterion of a regulation.
type Criterion struct {
	Key   string  `json:"key"`
	Label string  `json:"label"`
	Max   float64 `json:"max"`
}

// GradeRow is one row of a grade scale: the minimum percent for the grade.
type GradeRow struct {
	Min   float64 `json:"min"`
	Grade string  `json:"grade"`
	Point float64 `json:"point"`
}

// DefaultSupervisorCriteria are the supervisor's criteria of DESIGN.md §3.
var DefaultSupervisorCriteria = []Criterion{
	{"attendance", "Attendance and punctuality", 10},
	{"skills", "Technical skills", 10},
	{"initiative", "Initiative", 10},
	{"communication", "Communication", 10},
	{"conduct", "Conduct", 10},
}

// DefaultMentorCriteria are the faculty mentor's criteria of DESIGN.md §3.
var DefaultMentorCriteria = []Criterion{
	{"logbook", "Logbook", 10},
	{"report", "Report", 20},
	{"viva", "Viva voce", 20},
}

// DefaultGradeScale is the ten-point scale of DESIGN.md §3, highest first.
var DefaultGradeScale = []GradeRow{
	{90, "O", 10}, {80, "A+", 9}, {70, "A", 8}, {60, "B+", 7},
	{50, "B", 6}, {45, "C", 5}, {40, "P", 4}, {0, "F", 0},
}

// numberDefaults are applied to a new regulation whose value is 0 (none of
// them can meaningfully be 0 except where a regulation says so explicitly
// through the API, see applyDefaults).
var numberDefaults = map[string]float64{
	"hours_per_credit":  30,
	"credits":           2,
	"min_hours":         60,
	"max_marks":         50,
	"pass_percent":      40,
	"semester_min":      1,
	"semester_max":      6,
	"supervisor_weight": 40,
}

// Register binds the regulations hooks to app.
func Register(app core.App) {
	app.OnRecordCreateRequest(Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		info, err := e.RequestInfo()
		if err != nil {
			return err
		}
		ApplyDefaults(e.Record, func(field string) bool { _, ok := info.Body[field]; return ok })
		return e.Next()
	})
	// Every save is validated, the admin UI's, a superuser's and internal
	// ones included.
	app.OnRecordValidate(Collection).BindFunc(func(e *core.RecordEvent) error {
		if err := Validate(e.Record); err != nil {
			return err
		}
		return e.Next()
	})
}

// Validate checks a regulation record against the rules of DESIGN.md §3 and
// returns validation.Errors naming each offending field (nil when valid).
// Empty criteria or an empty grade scale stand for the defaults.
func Validate(r *core.Record) error {
	errs := validation.Errors{}
	for field, msg := range ValidateNumbers(Numbers{
		HoursPerCredit: r.GetFloat("hours_per_credit"), Credits: r.GetFloat("credits"),
		MinHours: r.GetFloat("min_hours"), MaxMarks: r.GetFloat("max_marks"),
		PassPercent: r.GetFloat("pass_percent"), SupervisorWeight: r.GetFloat("supervisor_weight"),
		SemesterMin: r.GetFloat("semester_min"), SemesterMax: r.GetFloat("semester_max"),
	}) {
		errs[field] = validation.NewError(apierror.CodeOutOfRange, msg)
	}
	for field, fallback := range map[string][]Criterion{
		"supervisor_criteria": DefaultSupervisorCriteria,
		"mentor_criteria":     DefaultMentorCriteria,
	} {
		c, err := ParseCriteria([]byte(r.GetString(field)), fallback)
		if err == nil {
			err = ValidateCriteria(c)
		}
		if err != nil {
			errs[field] = validation.NewError(codeInvalid, ruleMessage(err))
		}
	}
	scale, err := ParseScale([]byte(r.GetString("grade_scale")), DefaultGradeScale)
	if err == nil {
		err = ValidateScale(scale)
	}
	if err != nil {
		errs["grade_scale"] = validation.NewError(codeInvalid, ruleMessage(err))
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// codeInvalid is the error code of a malformed criteria list or scale (a
// number outside its range is apierror.CodeOutOfRange).
const codeInvalid = "validation_invalid_value"

func ruleMessage(err error) string {
	var re *RuleError
	if errors.As(err, &re) {
		return re.Message
	}
	return "Correct this value."
}

// ApplyDefaults fills the fields of a new regulation that were not given
// (given reports whether the caller sent a field; a number sent as 0 is kept
// only for fields where 0 makes sense).
func ApplyDefaults(r *core.Record, given func(field string) bool) {
	for field, def := range numberDefaults {
		if !given(field) || (r.GetFloat(field) == 0 && field != "min_hours" && field != "credits" && field != "pass_percent" && field != "supervisor_weight") {
			r.Set(field, def)
		}
	}
	if !given("requires_endorsement") {
		r.Set("requires_endorsement", true)
	}
	if isEmptyJSON(r.GetString("supervisor_criteria")) {
		r.Set("supervisor_criteria", DefaultSupervisorCriteria)
	}
	if isEmptyJSON(r.GetString("mentor_criteria")) {
		r.Set("mentor_criteria", DefaultMentorCriteria)
	}
	if isEmptyJSON(r.GetString("grade_scale")) {
		r.Set("grade_scale", DefaultGradeScale)
	}
}

func isEmptyJSON(s string) bool {
	return s == "" || s == "null" || s == "[]" || s == "{}"
}

// Regulation is a regulation as later domains read it: a proxy of its
// record with typed getters.
type Regulation struct {
	core.BaseRecordProxy
}

// Of wraps a regulation's record.
func Of(r *core.Record) *Regulation {
	reg := &Regulation{}
	reg.SetProxyRecord(r)
	return reg
}

// SemesterMin and SemesterMax bound the semesters whose students may apply.
func (r *Regulation) SemesterMin() int { return r.GetInt("semester_min") }

// SemesterMax is the last semester whose students may apply.
func (r *Regulation) SemesterMax() int { return r.GetInt("semester_max") }

// RequiresEndorsement reports whether the college endorses applications
// before hosts see them.
func (r *Regulation) RequiresEndorsement() bool { return r.GetBool("requires_endorsement") }

// MinHours are the approved logbook hours a completion needs.
func (r *Regulation) MinHours() float64 { return r.GetFloat("min_hours") }

// Credits are the credits a pass earns.
func (r *Regulation) Credits() float64 { return r.GetFloat("credits") }

// MaxMarks are the marks a result is scaled to.
func (r *Regulation) MaxMarks() float64 { return r.GetFloat("max_marks") }

// PassPercent is the percent a pass needs.
func (r *Regulation) PassPercent() float64 { return r.GetFloat("pass_percent") }

// SupervisorWeight is the supervisor evaluation's share, in percent.
func (r *Regulation) SupervisorWeight() float64 { return r.GetFloat("supervisor_weight") }

// SupervisorCriteria are the criteria of the supervisor's evaluation (the
// defaults when the regulation gives none).
func (r *Regulation) SupervisorCriteria() ([]Criterion, error) {
	return ParseCriteria(fields.JSON(r.Record, "supervisor_criteria"), DefaultSupervisorCriteria)
}

// MentorCriteria are the criteria of the mentor's evaluation (the defaults
// when the regulation gives none).
func (r *Regulation) MentorCriteria() ([]Criterion, error) {
	return ParseCriteria(fields.JSON(r.Record, "mentor_criteria"), DefaultMentorCriteria)
}

// GradeScale is the regulation's grade scale (the default when it gives
// none).
func (r *Regulation) GradeScale() ([]GradeRow, error) {
	return ParseScale(fields.JSON(r.Record, "grade_scale"), DefaultGradeScale)
}
