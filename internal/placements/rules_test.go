package placements

import (
	"math"
	"slices"
	"testing"

	"github.com/internbase/internbase/internal/regulations"
)

func row(lo float64, grade string, point float64) regulations.GradeRow {
	return regulations.GradeRow{Min: lo, Grade: grade, Point: point}
}

func TestGrade(t *testing.T) {
	t.Parallel()
	def := regulations.DefaultGradeScale
	unsorted := []regulations.GradeRow{row(40, "P", 4), row(0, "F", 0), row(90, "O", 10), row(60, "B+", 7)}
	tests := []struct {
		percent float64
		scale   []regulations.GradeRow
		grade   string
		point   float64
	}{
		{100, def, "O", 10},
		{90, def, "O", 10},
		{89.99, def, "A+", 9},
		{80, def, "A+", 9},
		{78.4, def, "A", 8},
		{60, def, "B+", 7},
		{59.99, def, "B", 6},
		{45, def, "C", 5},
		{44.99, def, "P", 4},
		{40, def, "P", 4},
		{39.99, def, "F", 0},
		{0, def, "F", 0},
		{-5, def, "F", 0},
		{50, nil, "F", 0},
		{50, []regulations.GradeRow{}, "F", 0},
		{65, unsorted, "B+", 7},
		{95, unsorted, "O", 10},
		{41, unsorted, "P", 4},
		{10, unsorted, "F", 0},
		{30, []regulations.GradeRow{row(40, "P", 4)}, "F", 0},
		{math.NaN(), def, "F", 0},
	}
	for _, tt := range tests {
		g, p := Grade(tt.percent, tt.scale)
		if g != tt.grade || p != tt.point {
			t.Errorf("Grade(%v) = %s %v, want %s %v", tt.percent, g, p, tt.grade, tt.point)
		}
	}
	before := slices.Clone(unsorted)
	Grade(50, unsorted)
	if !slices.Equal(before, unsorted) {
		t.Error("Grade reordered the caller's scale")
	}
}

func TestRound2(t *testing.T) {
	t.Parallel()
	for in, want := range map[float64]float64{1.005: 1.01, 2.675: 2.68, -1.005: -1.01, 78.4: 78.4, 33.3333: 33.33} {
		if got := Round2(in); got != want {
			t.Errorf("Round2(%v) = %v, want %v", in, got, want)
		}
	}
}

func defaults() Inputs {
	return Inputs{
		SupervisorMax: 50, MentorMax: 50,
		SupervisorWeight: 40, MaxMarks: 50, PassPercent: 40, Credits: 2,
		Scale: regulations.DefaultGradeScale,
	}
}

func TestCompute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*Inputs)
		want Result
	}{
		{"design example", func(in *Inputs) { in.SupervisorTotal, in.MentorTotal = 38, 40 },
			Result{Percent: 78.4, Marks: 39.2, Grade: "A", GradePoint: 8, CreditsEarned: 2}},
		{"full marks", func(in *Inputs) { in.SupervisorTotal, in.MentorTotal = 50, 50 },
			Result{Percent: 100, Marks: 50, Grade: "O", GradePoint: 10, CreditsEarned: 2}},
		{"nothing", func(in *Inputs) {},
			Result{Percent: 0, Marks: 0, Grade: "F", GradePoint: 0, CreditsEarned: 0}},
		{"exactly the pass mark", func(in *Inputs) { in.SupervisorTotal, in.MentorTotal = 20, 20 },
			Result{Percent: 40, Marks: 20, Grade: "P", GradePoint: 4, CreditsEarned: 2}},
		{"just below the pass mark", func(in *Inputs) { in.SupervisorTotal, in.MentorTotal = 20, 19.99 },
			Result{Percent: 39.99, Marks: 20, Grade: "F", GradePoint: 0, CreditsEarned: 0}},
		{"rounds up to the pass mark", func(in *Inputs) {
			// 39.995 is not representable; the rounded percent decides.
			in.SupervisorTotal, in.SupervisorMax, in.MentorTotal, in.MentorMax = 39.995, 100, 39.995, 100
		}, Result{Percent: 40, Marks: 20, Grade: "P", GradePoint: 4, CreditsEarned: 2}},
		{"thirds", func(in *Inputs) {
			in.SupervisorTotal, in.SupervisorMax, in.MentorTotal, in.MentorMax = 1, 3, 2, 3
			in.SupervisorWeight = 50
		}, Result{Percent: 50, Marks: 25, Grade: "B", GradePoint: 6, CreditsEarned: 2}},
		{"uneven weights", func(in *Inputs) {
			in.SupervisorTotal, in.MentorTotal, in.MentorMax = 41, 37, 48
			in.SupervisorWeight = 35
			// sup 82%, mentor 77.083…%: (82×35 + 77.0833…×65)/100 = 78.80416…
		}, Result{Percent: 78.8, Marks: 39.4, Grade: "A", GradePoint: 8, CreditsEarned: 2}},
		{"supervisor only", func(in *Inputs) {
			in.SupervisorTotal, in.MentorTotal, in.SupervisorWeight = 45, 0, 100
		}, Result{Percent: 90, Marks: 45, Grade: "O", GradePoint: 10, CreditsEarned: 2}},
		{"mentor only", func(in *Inputs) {
			in.SupervisorTotal, in.MentorTotal, in.SupervisorWeight = 50, 22.5, 0
		}, Result{Percent: 45, Marks: 22.5, Grade: "C", GradePoint: 5, CreditsEarned: 2}},
		{"max marks 100 and 4 credits", func(in *Inputs) {
			in.SupervisorTotal, in.MentorTotal, in.MaxMarks, in.Credits = 33, 34, 100, 4
		}, Result{Percent: 67.2, Marks: 67.2, Grade: "B+", GradePoint: 7, CreditsEarned: 4}},
		{"marks round half up", func(in *Inputs) {
			// percent 66.67 × 25 / 100 = 16.6675 → 16.67
			in.SupervisorTotal, in.SupervisorMax, in.MentorTotal, in.MentorMax = 2, 3, 2, 3
			in.MaxMarks = 25
		}, Result{Percent: 66.67, Marks: 16.67, Grade: "B+", GradePoint: 7, CreditsEarned: 2}},
		{"higher pass mark", func(in *Inputs) {
			in.SupervisorTotal, in.MentorTotal, in.PassPercent = 25, 25, 50.01
		}, Result{Percent: 50, Marks: 25, Grade: "B", GradePoint: 6, CreditsEarned: 0}},
		{"criteria without maximum", func(in *Inputs) {
			in.SupervisorTotal, in.SupervisorMax, in.MentorTotal = 10, 0, 50
		}, Result{Percent: 60, Marks: 30, Grade: "B+", GradePoint: 7, CreditsEarned: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := defaults()
			tt.edit(&in)
			got := Compute(in)
			if got != tt.want {
				t.Errorf("Compute = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		hours, min  float64
		tasks       []string
		sup, mentor bool
		want        []string
	}{
		{"complete", 60, 60, nil, true, true, nil},
		{"more than enough", 72.5, 60, nil, true, true, nil},
		{"everything missing", 42, 60, []string{"Final report", "Week 1"}, false, false, []string{
			"42 of 60 approved hours",
			`an approved submission for task "Final report"`,
			`an approved submission for task "Week 1"`,
			"the supervisor's evaluation",
			"the mentor's evaluation",
		}},
		{"half hours", 59.5, 60, nil, true, true, []string{"59.5 of 60 approved hours"}},
		{"mentor only", 60, 60, []string{}, true, false, []string{"the mentor's evaluation"}},
		{"supervisor only", 0, 0, nil, false, true, []string{"the supervisor's evaluation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Missing(tt.hours, tt.min, tt.tasks, tt.sup, tt.mentor)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Missing = %q, want %q", got, tt.want)
			}
		})
	}
	msg := IncompleteMessage(Missing(42, 60, []string{"Final report"}, true, false))
	want := `This placement cannot be completed yet. Still missing: 42 of 60 approved hours; an approved submission for task "Final report"; the mentor's evaluation.`
	if msg != want {
		t.Errorf("IncompleteMessage = %q\nwant %q", msg, want)
	}
}

func FuzzCompute(f *testing.F) {
	f.Add(38.0, 50.0, 40.0, 50.0, 40.0, 50.0, 40.0, 2.0)
	f.Add(50.0, 50.0, 50.0, 50.0, 33.3, 50.0, 40.0, 2.0)
	f.Add(0.0, 50.0, 0.0, 50.0, 0.0, 100.0, 50.0, 4.0)
	f.Add(1.0, 3.0, 2.0, 3.0, 100.0, 25.0, 40.0, 2.0)
	f.Add(19.995, 50.0, 20.0, 50.0, 40.0, 50.0, 40.0, 2.0)
	f.Fuzz(func(t *testing.T, supTotal, supMax, menTotal, menMax, weight, maxMarks, pass, credits float64) {
		// Fold arbitrary floats into the ranges a valid regulation and valid
		// evaluations produce, so that no input is wasted.
		fold := func(x, hi float64) float64 {
			if math.IsNaN(x) || math.IsInf(x, 0) || hi <= 0 {
				return 0
			}
			return Round2(math.Mod(math.Abs(x), hi+0.01))
		}
		supMax, menMax = fold(supMax, 1000), fold(menMax, 1000)
		supTotal, menTotal = math.Min(fold(supTotal, supMax), supMax), math.Min(fold(menTotal, menMax), menMax)
		weight, pass, credits = math.Min(fold(weight, 100), 100), math.Min(fold(pass, 100), 100), fold(credits, 40)
		maxMarks = fold(maxMarks, 1000)
		in := Inputs{supTotal, supMax, menTotal, menMax, weight, maxMarks, pass, credits, regulations.DefaultGradeScale}
		r := Compute(in)
		if !(r.Percent >= 0 && r.Percent <= 100) {
			t.Fatalf("percent %v out of 0..100 for %+v", r.Percent, in)
		}
		if !(r.Marks >= 0 && r.Marks <= Round2(maxMarks)) {
			t.Fatalf("marks %v out of 0..%v for %+v", r.Marks, maxMarks, in)
		}
		if Round2(r.Percent) != r.Percent || Round2(r.Marks) != r.Marks {
			t.Fatalf("not rounded to 2 decimals: %+v", r)
		}
		if (r.CreditsEarned == credits) != (r.Percent >= pass) && credits != 0 {
			t.Fatalf("credits %v for percent %v, pass %v", r.CreditsEarned, r.Percent, pass)
		}
		if g, p := Grade(r.Percent, in.Scale); g != r.Grade || p != r.GradePoint {
			t.Fatalf("grade mismatch %+v", r)
		}
		// More marks never lower the result.
		if supTotal+1 <= supMax {
			in2 := in
			in2.SupervisorTotal++
			if Compute(in2).Percent < r.Percent {
				t.Fatalf("a higher supervisor total lowered the percent: %+v", in)
			}
		}
	})
}

func FuzzGrade(f *testing.F) {
	f.Add(78.4, 90.0, 40.0, 0.0)
	f.Add(39.99, 40.0, 40.0, 100.0)
	f.Add(-1.0, 0.0, 50.0, 10.0)
	f.Fuzz(func(t *testing.T, percent, a, b, c float64) {
		scale := []regulations.GradeRow{row(a, "A", 3), row(b, "B", 2), row(c, "C", 1)}
		g, p := Grade(percent, scale)
		if g == FailGrade {
			for _, r := range scale {
				if r.Min <= percent {
					t.Fatalf("F although %v ≤ %v", r.Min, percent)
				}
			}
			return
		}
		var chosen regulations.GradeRow
		for _, r := range scale {
			if r.Grade == g {
				chosen = r
			}
		}
		if chosen.Point != p || !(chosen.Min <= percent) {
			t.Fatalf("Grade(%v) = %s %v from %v", percent, g, p, scale)
		}
		for _, r := range scale {
			if r.Min <= percent && r.Min > chosen.Min {
				t.Fatalf("Grade(%v) = %s but %s has a higher applicable minimum", percent, g, r.Grade)
			}
		}
	})
}
