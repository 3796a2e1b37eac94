package internships

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/status"
)

// Actors that may move a posting.
const (
	ActorSupervisor = access.RoleSupervisor
	ActorSystem     = status.System
	ActorSuperuser  = status.Superuser
)

// Machine is the posting status machine of DESIGN.md §3.
var Machine = &status.Machine{
	Noun:   "internship",
	States: []string{StatusDraft, StatusOpen, StatusClosed, StatusCancelled},
	Actors: map[string]string{ActorSupervisor: "a supervisor of the host organization"},
	Moves: []status.Move{
		{From: StatusDraft, To: StatusOpen, By: []string{ActorSupervisor}, Verb: "open this internship"},
		{From: StatusOpen, To: StatusClosed, By: []string{ActorSupervisor, ActorSystem}, Verb: "close this internship"},
		{From: StatusOpen, To: StatusCancelled, By: []string{ActorSupervisor}, Verb: "cancel this internship", Requires: []string{"cancel_reason"}},
		{From: StatusClosed, To: StatusCancelled, By: []string{ActorSupervisor}, Verb: "cancel this internship", Requires: []string{"cancel_reason"}},
	},
}

// OpenProblem is one reason a posting cannot open: the field and the code.
type OpenProblem struct {
	Field, Code, Message string
}

// CheckOpen returns the first reason a draft cannot open (nil when it can):
// no fee of any kind, a verified host organization, apply_by not past, starts_on ≤ ends_on and
// apply_by ≤ starts_on. Dates are calendar days at midnight UTC; today is the
// platform's calendar day.
func CheckOpen(fee float64, orgChargesFee, orgVerified bool, startsOn, endsOn, applyBy, today time.Time) *OpenProblem {
	switch {
	case fee != 0 || orgChargesFee:
		return &OpenProblem{"fee", "ib_fee", "Internships that charge students a fee cannot be opened; set the fee to 0."}
	case !orgVerified:
		return &OpenProblem{"status", "ib_unverified", "Your organization is not verified yet, so its postings cannot open; a college coordinator verifies new hosts (save this one as a draft until then)."}
	case applyBy.Before(today):
		return &OpenProblem{"apply_by", "ib_out_of_range", "The application deadline has passed; choose a date from today on."}
	case endsOn.Before(startsOn):
		return &OpenProblem{"ends_on", "ib_out_of_range", "The internship must end on or after its start date."}
	case startsOn.Before(applyBy):
		return &OpenProblem{"apply_by", "ib_out_of_range", "The application deadline must be on or before the start date."}
	}
	return nil
}

// Limits of a posting's skills (DESIGN.md §3 internships).
const (
	MaxSkills      = 30
	MaxSkillLength = 60
)

// CheckSkills returns why raw (the stored JSON of skills) is not a list of at
// most MaxSkills non-empty strings of at most MaxSkillLength characters, or
// "" when it is. An empty value or null is no skills.
func CheckSkills(raw []byte) string {
	if s := strings.TrimSpace(string(raw)); s == "" || s == "null" {
		return ""
	}
	const want = "List the skills as text, for example [\"Go\", \"SQL\"]."
	var items []any
	if err := json.Unmarshal(raw, &items); err != nil {
		return want
	}
	if len(items) > MaxSkills {
		return fmt.Sprintf("List at most %d skills.", MaxSkills)
	}
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return want
		}
		if strings.TrimSpace(s) == "" {
			return "Remove the empty skill from the list."
		}
		if utf8.RuneCountInString(s) > MaxSkillLength {
			return fmt.Sprintf("Keep each skill to at most %d characters.", MaxSkillLength)
		}
	}
	return ""
}

// CourseAdmissible reports whether a posting whose eligible institutions are
// eligible may require a course: a published course that every student the
// posting admits can read — a global course, or a course of the one
// institution the posting is limited to.
func CourseAdmissible(published bool, courseInstitution string, eligible []string) bool {
	if !published {
		return false
	}
	return courseInstitution == "" || (len(eligible) == 1 && eligible[0] == courseInstitution)
}
