package regulations

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// keyPattern is the shape of a criterion key (DESIGN.md §3): lowercase
// letters, digits and underscores.
var keyPattern = regexp.MustCompile(`^[a-z0-9_]+$`)

// RuleError is a problem with a regulation's criteria or grade scale. Index
// is the 0-based position of the offending entry (-1 for the list as a
// whole); Error is a sentence for the person editing the regulation.
type RuleError struct {
	Index   int
	Message string
}

// Error returns the user-facing sentence.
func (e *RuleError) Error() string { return e.Message }

// ValidateCriteria checks a criteria list: at least one criterion, each with
// a unique key matching ^[a-z0-9_]+$ and a positive, finite max.
func ValidateCriteria(criteria []Criterion) error {
	if len(criteria) == 0 {
		return &RuleError{Index: -1, Message: "Add at least one evaluation criterion."}
	}
	seen := map[string]bool{}
	for i, c := range criteria {
		n := i + 1
		switch {
		case !keyPattern.MatchString(c.Key):
			return &RuleError{Index: i, Message: fmt.Sprintf("Give criterion %d a key of lowercase letters, digits and underscores.", n)}
		case seen[c.Key]:
			return &RuleError{Index: i, Message: fmt.Sprintf("Criterion %d repeats the key %q; give each criterion its own key.", n, c.Key)}
		case !(c.Max > 0) || math.IsInf(c.Max, 0):
			return &RuleError{Index: i, Message: fmt.Sprintf("Give criterion %q a maximum score above 0.", c.Key)}
		}
		seen[c.Key] = true
	}
	return nil
}

// ValidateScale checks a grade scale: at least one row, highest minimum
// first with no minimum repeated, every minimum within 0…100, the last one 0
// (so that every percent has a grade), each row with its own grade name and
// a point of at least 0.
func ValidateScale(scale []GradeRow) error {
	if len(scale) == 0 {
		return &RuleError{Index: -1, Message: "Add at least one grade to the grade scale."}
	}
	seen := map[string]bool{}
	for i, r := range scale {
		n := i + 1
		grade := strings.TrimSpace(r.Grade)
		switch {
		case grade == "":
			return &RuleError{Index: i, Message: fmt.Sprintf("Give row %d of the grade scale a grade.", n)}
		case seen[grade]:
			return &RuleError{Index: i, Message: fmt.Sprintf("Row %d of the grade scale repeats the grade %q; give each row its own grade.", n, grade)}
		case !(r.Min >= 0 && r.Min <= 100):
			return &RuleError{Index: i, Message: fmt.Sprintf("Give grade %s a minimum percent from 0 to 100.", r.Grade)}
		case !(r.Point >= 0) || math.IsInf(r.Point, 0):
			return &RuleError{Index: i, Message: fmt.Sprintf("Give grade %s a grade point of 0 or more.", r.Grade)}
		case i > 0 && !(r.Min < scale[i-1].Min):
			return &RuleError{Index: i, Message: "List the grade scale highest minimum first, each grade with a different minimum."}
		}
		seen[grade] = true
	}
	if last := scale[len(scale)-1]; last.Min != 0 {
		return &RuleError{Index: len(scale) - 1, Message: "End the grade scale with a grade whose minimum is 0, so that every percent has a grade."}
	}
	return nil
}

// Numbers are the numeric settings of a regulation.
type Numbers struct {
	HoursPerCredit, Credits, MinHours, MaxMarks float64
	PassPercent, SupervisorWeight               float64
	SemesterMin, SemesterMax                    float64
}

// ValidateNumbers checks the numeric settings of a regulation (DESIGN.md §3):
// hours_per_credit, credits, min_hours and max_marks above 0, pass_percent
// and supervisor_weight within 0…100, semester_min ≤ semester_max. It
// returns a sentence per offending field, by field name; nil when all hold.
func ValidateNumbers(n Numbers) map[string]string {
	out := map[string]string{}
	// Each refusal is one whole sentence (so that the i18n catalog can say
	// it in Malayalam).
	positive := func(field, message string, v float64) {
		if !(v > 0) || math.IsInf(v, 0) {
			out[field] = message
		}
	}
	percent := func(field, message string, v float64) {
		if !(v >= 0 && v <= 100) {
			out[field] = message
		}
	}
	positive("hours_per_credit", "Give the hours per credit a value above 0.", n.HoursPerCredit)
	positive("credits", "Give the credits a value above 0.", n.Credits)
	positive("min_hours", "Give the minimum hours a value above 0.", n.MinHours)
	positive("max_marks", "Give the maximum marks a value above 0.", n.MaxMarks)
	percent("pass_percent", "Give the pass percent a value from 0 to 100.", n.PassPercent)
	percent("supervisor_weight", "Give the supervisor's weight a value from 0 to 100.", n.SupervisorWeight)
	if !(n.SemesterMin <= n.SemesterMax) {
		out["semester_max"] = "Give a last semester no earlier than the first semester (semester_min)."
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// MaxSum is the highest total an evaluation against criteria can reach.
func MaxSum(criteria []Criterion) float64 {
	var sum float64
	for _, c := range criteria {
		sum += c.Max
	}
	return Round2(sum)
}

// ParseCriteria decodes a criteria JSON field; an empty value ("", null, []
// or {}) gives a copy of fallback.
func ParseCriteria(raw []byte, fallback []Criterion) ([]Criterion, error) {
	if emptyJSON(raw) {
		return append([]Criterion(nil), fallback...), nil
	}
	var out []Criterion
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, &RuleError{Index: -1, Message: `Give the criteria as a list of {"key", "label", "max"} objects.`}
	}
	return out, nil
}

// ParseScale decodes a grade_scale JSON field; an empty value ("", null, []
// or {}) gives a copy of fallback.
func ParseScale(raw []byte, fallback []GradeRow) ([]GradeRow, error) {
	if emptyJSON(raw) {
		return append([]GradeRow(nil), fallback...), nil
	}
	var out []GradeRow
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, &RuleError{Index: -1, Message: `Give the grade scale as a list of {"min", "grade", "point"} objects.`}
	}
	return out, nil
}

func emptyJSON(raw []byte) bool {
	return isEmptyJSON(strings.TrimSpace(string(raw)))
}

// Round2 rounds x to 2 decimals, half away from zero, as a person would on
// paper. x is read as the decimal it stands for — its shortest decimal form,
// or its value to 9 decimals when that form is longer — so binary noise such
// as 1.005 being stored as 1.00499999999999989… or a sum landing on
// 1.11499999999999999 does not flip the rounding: Round2(1.005) = 1.01 and
// Round2(2.675) = 2.68. NaN and
// infinities are returned unchanged, as are magnitudes of 1e15 or more
// (which carry no meaningful cents); -0 becomes 0.
func Round2(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e15 {
		return x
	}
	// The shortest decimal that reads back as x ("1.005"), or, when that
	// needs more than 9 decimals (arithmetic noise: 1.11499999999999999),
	// x to 9 decimals ("1.115000000").
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	if dot := strings.IndexByte(s, '.'); dot < 0 || len(s)-dot-1 > 9 {
		s = strconv.FormatFloat(math.Abs(x), 'f', 9, 64)
	}
	s += "000"
	dot := strings.IndexByte(s, '.')
	whole, frac := s[:dot], s[dot+1:]
	n, err := strconv.ParseInt(whole+frac[:2], 10, 64)
	if err != nil {
		return x // unreachable: |x| < 1e15 gives at most 17 digits
	}
	if frac[2] >= '5' {
		n++
	}
	r := float64(n) / 100
	if n >= 1<<53 {
		// float64(n)/100 may then be off by one ulp: let the parser round.
		d := strconv.FormatInt(n, 10)
		r, _ = strconv.ParseFloat(d[:len(d)-2]+"."+d[len(d)-2:], 64)
	}
	if r == 0 {
		return 0
	}
	if x < 0 {
		return -r
	}
	return r
}
