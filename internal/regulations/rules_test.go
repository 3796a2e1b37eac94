package regulations

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDefaultsAreValid(t *testing.T) {
	t.Parallel()
	if err := ValidateCriteria(DefaultSupervisorCriteria); err != nil {
		t.Errorf("supervisor defaults: %v", err)
	}
	if err := ValidateCriteria(DefaultMentorCriteria); err != nil {
		t.Errorf("mentor defaults: %v", err)
	}
	if err := ValidateScale(DefaultGradeScale); err != nil {
		t.Errorf("default scale: %v", err)
	}
	if got := MaxSum(DefaultSupervisorCriteria); got != 50 {
		t.Errorf("MaxSum(supervisor) = %v, want 50", got)
	}
	if got := MaxSum(DefaultMentorCriteria); got != 50 {
		t.Errorf("MaxSum(mentor) = %v, want 50", got)
	}
}

func TestValidateCriteria(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		criteria []Criterion
		index    int // -2: valid
		contains string
	}{
		{"one", []Criterion{{"a", "A", 1}}, -2, ""},
		{"underscore digits", []Criterion{{"team_work2", "Team", 0.5}}, -2, ""},
		{"nil", nil, -1, "at least one"},
		{"empty", []Criterion{}, -1, "at least one"},
		{"uppercase", []Criterion{{"Skills", "S", 10}}, 0, "lowercase"},
		{"leading digit", []Criterion{{"a", "A", 1}, {"1a", "x", 10}}, -2, ""},
		{"leading underscore", []Criterion{{"_a", "A", 1}}, -2, ""},
		{"hyphen", []Criterion{{"a", "A", 1}, {"team-work", "x", 10}}, 1, "criterion 2"},
		{"non-ascii", []Criterion{{"é", "A", 1}}, 0, "lowercase"},
		{"space", []Criterion{{"a b", "A", 1}}, 0, "lowercase"},
		{"empty key", []Criterion{{"", "A", 1}}, 0, "key"},
		{"duplicate", []Criterion{{"a", "A", 1}, {"b", "B", 1}, {"a", "A2", 1}}, 2, `repeats the key "a"`},
		{"zero max", []Criterion{{"a", "A", 0}}, 0, "above 0"},
		{"negative max", []Criterion{{"a", "A", -5}}, 0, "above 0"},
		{"nan max", []Criterion{{"a", "A", math.NaN()}}, 0, "above 0"},
		{"inf max", []Criterion{{"a", "A", math.Inf(1)}}, 0, "above 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRuleError(t, ValidateCriteria(tt.criteria), tt.index, tt.contains)
		})
	}
}

func TestValidateScale(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		scale    []GradeRow
		index    int
		contains string
	}{
		{"pass/fail", []GradeRow{{50, "P", 1}, {0, "F", 0}}, -2, ""},
		{"single zero row", []GradeRow{{0, "P", 4}}, -2, ""},
		{"empty", nil, -1, "at least one"},
		{"no grade", []GradeRow{{50, " ", 1}, {0, "F", 0}}, 0, "row 1"},
		{"min above 100", []GradeRow{{101, "X", 1}, {0, "F", 0}}, 0, "0 to 100"},
		{"negative min", []GradeRow{{50, "P", 1}, {-1, "F", 0}}, 1, "0 to 100"},
		{"nan min", []GradeRow{{math.NaN(), "P", 1}}, 0, "0 to 100"},
		{"negative point", []GradeRow{{0, "F", -1}}, 0, "grade point"},
		{"ascending", []GradeRow{{0, "F", 0}, {50, "P", 1}}, 1, "highest minimum first"},
		{"repeated min", []GradeRow{{50, "P", 1}, {50, "Q", 1}, {0, "F", 0}}, 1, "different minimum"},
		{"no zero row", []GradeRow{{90, "O", 10}, {40, "P", 4}}, 1, "minimum is 0"},
		{"repeated grade", []GradeRow{{90, "A", 10}, {40, "P", 4}, {20, " A", 1}, {0, "F", 0}}, 2, `repeats the grade "A"`},
		{"single nonzero row", []GradeRow{{40, "P", 4}}, 0, "minimum is 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRuleError(t, ValidateScale(tt.scale), tt.index, tt.contains)
		})
	}
}

func TestValidateNumbers(t *testing.T) {
	t.Parallel()
	valid := Numbers{HoursPerCredit: 30, Credits: 2, MinHours: 60, MaxMarks: 50, PassPercent: 40,
		SupervisorWeight: 40, SemesterMin: 1, SemesterMax: 6}
	tests := []struct {
		name  string
		edit  func(n *Numbers)
		field string // "" = valid
	}{
		{"defaults", func(n *Numbers) {}, ""},
		{"edges", func(n *Numbers) {
			n.PassPercent, n.SupervisorWeight, n.SemesterMin, n.SemesterMax = 0, 100, 3, 3
		}, ""},
		{"fractions", func(n *Numbers) { n.Credits, n.HoursPerCredit = 0.5, 0.25 }, ""},
		{"zero hours_per_credit", func(n *Numbers) { n.HoursPerCredit = 0 }, "hours_per_credit"},
		{"zero credits", func(n *Numbers) { n.Credits = 0 }, "credits"},
		{"negative credits", func(n *Numbers) { n.Credits = -2 }, "credits"},
		{"zero min_hours", func(n *Numbers) { n.MinHours = 0 }, "min_hours"},
		{"zero max_marks", func(n *Numbers) { n.MaxMarks = 0 }, "max_marks"},
		{"nan max_marks", func(n *Numbers) { n.MaxMarks = math.NaN() }, "max_marks"},
		{"inf max_marks", func(n *Numbers) { n.MaxMarks = math.Inf(1) }, "max_marks"},
		{"pass_percent above 100", func(n *Numbers) { n.PassPercent = 100.5 }, "pass_percent"},
		{"negative pass_percent", func(n *Numbers) { n.PassPercent = -1 }, "pass_percent"},
		{"supervisor_weight above 100", func(n *Numbers) { n.SupervisorWeight = 101 }, "supervisor_weight"},
		{"negative supervisor_weight", func(n *Numbers) { n.SupervisorWeight = -0.5 }, "supervisor_weight"},
		{"semesters reversed", func(n *Numbers) { n.SemesterMin, n.SemesterMax = 5, 4 }, "semester_max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := valid
			tt.edit(&n)
			got := ValidateNumbers(n)
			if tt.field == "" {
				if got != nil {
					t.Fatalf("unexpected problems: %v", got)
				}
				return
			}
			if len(got) != 1 || got[tt.field] == "" {
				t.Fatalf("problems = %v, want exactly %s", got, tt.field)
			}
			if !strings.HasSuffix(got[tt.field], ".") {
				t.Errorf("message %q is not a sentence", got[tt.field])
			}
		})
	}
}

func checkRuleError(t *testing.T, err error, index int, contains string) {
	t.Helper()
	if index == -2 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var re *RuleError
	if !errors.As(err, &re) {
		t.Fatalf("error = %v, want *RuleError", err)
	}
	if re.Index != index {
		t.Errorf("Index = %d, want %d", re.Index, index)
	}
	if !strings.Contains(strings.ToLower(re.Error()), strings.ToLower(contains)) {
		t.Errorf("message %q does not mention %q", re.Error(), contains)
	}
	if !strings.HasSuffix(re.Error(), ".") {
		t.Errorf("message %q is not a sentence", re.Error())
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "null", " [] ", "{}"} {
		c, err := ParseCriteria([]byte(raw), DefaultMentorCriteria)
		if err != nil || len(c) != 3 || c[1].Key != "report" {
			t.Errorf("ParseCriteria(%q) = %v, %v", raw, c, err)
		}
		c[0].Key = "changed"
		if DefaultMentorCriteria[0].Key != "logbook" {
			t.Fatal("ParseCriteria returned the fallback itself, not a copy")
		}
		s, err := ParseScale([]byte(raw), DefaultGradeScale)
		if err != nil || len(s) != 8 {
			t.Errorf("ParseScale(%q) = %v, %v", raw, s, err)
		}
	}
	c, err := ParseCriteria([]byte(`[{"key":"a","label":"A","max":7.5}]`), nil)
	if err != nil || len(c) != 1 || c[0] != (Criterion{"a", "A", 7.5}) {
		t.Errorf("ParseCriteria = %v, %v", c, err)
	}
	s, err := ParseScale([]byte(`[{"min":40,"grade":"P","point":4},{"min":0,"grade":"F","point":0}]`), nil)
	if err != nil || len(s) != 2 || s[0] != (GradeRow{40, "P", 4}) {
		t.Errorf("ParseScale = %v, %v", s, err)
	}
	if _, err := ParseCriteria([]byte(`{"key":"a"}`), nil); err == nil {
		t.Error("an object is not a criteria list")
	}
	if _, err := ParseScale([]byte(`[{"min":"high"}]`), nil); err == nil {
		t.Error("a string min must be refused")
	}
}

func TestRound2(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want float64 }{
		{0, 0},
		{1, 1},
		{1.005, 1.01},
		{2.675, 2.68},
		{1.115, 1.12},
		{0.125, 0.13},
		{0.135, 0.14},
		{1.004, 1},
		{1.0049999, 1},
		{1.995, 2},
		{99.995, 100},
		{38.5, 38.5},
		{78.4, 78.4},
		{33.333333333, 33.33},
		{66.666666666, 66.67},
		{-1.005, -1.01},
		{-2.675, -2.68},
		{-0.001, 0},
		{-0.005, -0.01},
		{0.1 + 0.2, 0.3},
		{1.1 * 1.1, 1.21},
		{noisy(0.011, 5), 0.06}, // 0.05499999999999999
		{noisy(0.045, 9), 0.41}, // 0.40499999999999997
		{(0.7*40 + 0.8*60) / 1, 76},
		{1234567.895, 1234567.9},
		{999999999999.995, 1000000000000},
		{1e15, 1e15},
		{-1e300, -1e300},
	}
	for _, tt := range tests {
		got := Round2(tt.in)
		if got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
			t.Errorf("Round2(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if !math.IsNaN(Round2(math.NaN())) || !math.IsInf(Round2(math.Inf(-1)), -1) {
		t.Error("NaN and infinities must pass through")
	}
}

// noisy multiplies at run time so that the binary noise is not folded away
// by constant arithmetic.
func noisy(a, b float64) float64 { return a * b }

func FuzzRound2(f *testing.F) {
	for _, x := range []float64{0, 1.005, 2.675, -1.005, 99.995, 1e14 + 0.125, 123.456} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		r := Round2(x)
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e15 {
			if !(r == x || math.IsNaN(r)) {
				t.Fatalf("Round2(%v) = %v, want unchanged", x, r)
			}
			return
		}
		if d := math.Abs(r - x); d > 0.005+1e-9*math.Max(1, math.Abs(x)) {
			t.Fatalf("Round2(%v) = %v moved by %v", x, r, d)
		}
		if Round2(r) != r {
			t.Fatalf("Round2 not idempotent: %v → %v → %v", x, r, Round2(r))
		}
		if Round2(-x) != -r && !(r == 0 && Round2(-x) == 0) {
			t.Fatalf("Round2 not symmetric: %v → %v, %v → %v", x, r, -x, Round2(-x))
		}
	})
}

func FuzzValidateCriteria(f *testing.F) {
	f.Add(`[{"key":"attendance","label":"A","max":10}]`)
	f.Add(`[{"key":"a","max":1},{"key":"a","max":1}]`)
	f.Add(`[{"key":"Bad","max":0}]`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseCriteria([]byte(raw), nil)
		if err != nil {
			return
		}
		if err := ValidateCriteria(c); err != nil {
			var re *RuleError
			if !errors.As(err, &re) || re.Index < -1 || re.Index >= len(c) || !strings.HasSuffix(re.Message, ".") {
				t.Fatalf("bad error %#v for %v", err, c)
			}
			return
		}
		seen := map[string]bool{}
		for _, x := range c {
			if seen[x.Key] || !keyPattern.MatchString(x.Key) || !(x.Max > 0) {
				t.Fatalf("accepted invalid criteria %v", c)
			}
			seen[x.Key] = true
		}
	})
}

func FuzzValidateScale(f *testing.F) {
	f.Add(`[{"min":90,"grade":"O","point":10},{"min":0,"grade":"F","point":0}]`)
	f.Add(`[{"min":0,"grade":"F","point":0},{"min":50,"grade":"P","point":1}]`)
	f.Add(`[{"min":101,"grade":"X"}]`)
	f.Fuzz(func(t *testing.T, raw string) {
		s, err := ParseScale([]byte(raw), nil)
		if err != nil {
			return
		}
		if err := ValidateScale(s); err != nil {
			var re *RuleError
			if !errors.As(err, &re) || re.Index < -1 || re.Index >= len(s) {
				t.Fatalf("bad error %#v for %v", err, s)
			}
			return
		}
		if s[len(s)-1].Min != 0 {
			t.Fatalf("accepted a scale without a 0 row: %v", s)
		}
		for i := 1; i < len(s); i++ {
			if !(s[i].Min < s[i-1].Min) {
				t.Fatalf("accepted an unsorted scale: %v", s)
			}
		}
	})
}
