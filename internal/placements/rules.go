package placements

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/internbase/internbase/internal/regulations"
)

// FailGrade and FailPoint are given when no row of the scale applies (an
// empty scale, or a percent below every minimum).
const (
	FailGrade = "F"
	FailPoint = 0
)

// Round2 rounds x to 2 decimals, half away from zero, reading x as the
// decimal it stands for (Round2(1.005) = 1.01); see regulations.Round2.
func Round2(x float64) float64 { return regulations.Round2(x) }

// Grade returns the grade and grade point of percent: the first row, highest
// minimum first, whose min ≤ percent. The scale need not be sorted (a sorted
// copy is used); an empty scale or a percent below every row gives "F", 0.
func Grade(percent float64, scale []regulations.GradeRow) (grade string, point float64) {
	rows := slices.Clone(scale)
	slices.SortStableFunc(rows, func(a, b regulations.GradeRow) int { return cmp.Compare(b.Min, a.Min) })
	for _, r := range rows {
		if r.Min <= percent {
			return r.Grade, r.Point
		}
	}
	return FailGrade, FailPoint
}

// Inputs are the numbers a completion is computed from: the two evaluation
// totals with their criteria's summed maxima, and the regulation's settings.
type Inputs struct {
	SupervisorTotal, SupervisorMax float64
	MentorTotal, MentorMax         float64
	// SupervisorWeight is the supervisor's share in percent (0–100); the
	// mentor gets the rest.
	SupervisorWeight float64
	MaxMarks         float64
	PassPercent      float64
	Credits          float64
	Scale            []regulations.GradeRow
}

// Result is what a completion stores on the placement.
type Result struct {
	Percent       float64
	Marks         float64
	Grade         string
	GradePoint    float64
	CreditsEarned float64
}

// EvaluationPercent is one evaluation's percent: total ÷ max × 100, unrounded
// (0 when max is not positive).
func EvaluationPercent(total, max float64) float64 {
	if !(max > 0) {
		return 0
	}
	return total / max * 100
}

// Compute applies DESIGN.md §3's completion formula: with w the supervisor
// weight, percent = round2((supervisor% × w + mentor% × (100 − w)) / 100),
// marks = round2(percent × max_marks / 100), grade and grade point from the
// scale, and credits_earned = credits when percent ≥ pass_percent, else 0.
func Compute(in Inputs) Result {
	sup := EvaluationPercent(in.SupervisorTotal, in.SupervisorMax)
	men := EvaluationPercent(in.MentorTotal, in.MentorMax)
	w := in.SupervisorWeight
	r := Result{Percent: Round2((sup*w + men*(100-w)) / 100)}
	r.Marks = Round2(r.Percent * in.MaxMarks / 100)
	r.Grade, r.GradePoint = Grade(r.Percent, in.Scale)
	if r.Percent >= in.PassPercent {
		r.CreditsEarned = in.Credits
	}
	return r
}

// Missing lists, as phrases for a person, what a placement still lacks
// before it can be completed: approved hours below the minimum, required
// tasks (by title) without an approved submission, and the two evaluations.
// It is empty when the placement can be completed.
func Missing(approvedHours, minHours float64, requiredTasksWithoutApproval []string, supervisorEvalSubmitted, mentorEvalSubmitted bool) []string {
	var out []string
	if approvedHours < minHours {
		out = append(out, number(approvedHours)+" of "+number(minHours)+" approved hours")
	}
	for _, title := range requiredTasksWithoutApproval {
		out = append(out, `an approved submission for task "`+title+`"`)
	}
	if !supervisorEvalSubmitted {
		out = append(out, "the supervisor's evaluation")
	}
	if !mentorEvalSubmitted {
		out = append(out, "the mentor's evaluation")
	}
	return out
}

// IncompleteMessage is the sentence answered with ib_incomplete for the
// phrases of Missing.
func IncompleteMessage(missing []string) string {
	if len(missing) == 0 {
		return "The placement can be completed."
	}
	return "This placement cannot be completed yet. Still missing: " + strings.Join(missing, "; ") + "."
}

func number(x float64) string {
	return strconv.FormatFloat(Round2(x), 'f', -1, 64)
}
