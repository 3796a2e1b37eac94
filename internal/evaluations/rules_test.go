package evaluations

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/internbase/internbase/internal/regulations"
)

var mentor = regulations.DefaultMentorCriteria // logbook 10, report 20, viva 20

func TestValidateScores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		raw      string
		total    float64
		key      string // "" with wantErr: the object as a whole
		wantErr  bool
		contains string
	}{
		{"full", `{"logbook":10,"report":20,"viva":20}`, 50, "", false, ""},
		{"zeros", `{"logbook":0,"report":0,"viva":0}`, 0, "", false, ""},
		{"fractions", `{"logbook":7.5,"report":12.25,"viva":18.1}`, 37.85, "", false, ""},
		{"rounded total", `{"logbook":0.001,"report":0.004,"viva":0}`, 0.01, "", false, ""},
		{"any order and spacing", "\n{ \"viva\" : 1e1 , \"report\":2.0E1,\"logbook\":-0 }\n", 30, "", false, ""},
		{"missing key", `{"logbook":10,"viva":20}`, 0, "report", true, "Give Report (report) a score from 0 to 20; it is missing."},
		{"first missing in criteria order", `{"viva":1}`, 0, "logbook", true, "missing"},
		{"unknown key", `{"logbook":10,"report":20,"viva":20,"bonus":5}`, 0, "bonus", true, `Remove "bonus": it is not a criterion of this evaluation.`},
		{"case matters", `{"Logbook":10,"report":20,"viva":20}`, 0, "Logbook", true, "not a criterion"},
		{"duplicate key", `{"logbook":1,"logbook":2,"report":20,"viva":20}`, 0, "logbook", true, "given twice"},
		{"above max", `{"logbook":10.01,"report":20,"viva":20}`, 0, "logbook", true, "Give Logbook (logbook) a score from 0 to 10."},
		{"negative", `{"logbook":10,"report":-1,"viva":20}`, 0, "report", true, "from 0 to 20"},
		{"string number", `{"logbook":"10","report":20,"viva":20}`, 0, "logbook", true, "from 0 to 10"},
		{"bool", `{"logbook":true,"report":20,"viva":20}`, 0, "logbook", true, "from 0 to 10"},
		{"null", `{"logbook":null,"report":20,"viva":20}`, 0, "logbook", true, "from 0 to 10"},
		{"nested", `{"logbook":{"a":1},"report":20,"viva":20}`, 0, "logbook", true, "from 0 to 10"},
		{"array value", `{"logbook":[1],"report":20,"viva":20}`, 0, "logbook", true, "from 0 to 10"},
		{"huge", `{"logbook":1e400,"report":20,"viva":20}`, 0, "logbook", true, "from 0 to 10"},
		{"array", `[10,20,20]`, 0, "", true, `like {"logbook": 8}`},
		{"empty", ``, 0, "", true, "object"},
		{"json null", `null`, 0, "", true, "object"},
		{"string", `"x"`, 0, "", true, "object"},
		{"truncated", `{"logbook":10,"report":20`, 0, "", true, "object"},
		{"trailing garbage", `{"logbook":10,"report":20,"viva":20} x`, 0, "", true, "object"},
		{"two objects", `{"logbook":10,"report":20,"viva":20}{}`, 0, "", true, "object"},
		{"missing colon", `{"logbook" 10}`, 0, "", true, "object"},
		{"empty object", `{}`, 0, "logbook", true, "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, err := ValidateScores([]byte(tt.raw), mentor)
			if !tt.wantErr {
				if err != nil || total != tt.total {
					t.Fatalf("ValidateScores = %v, %v; want %v", total, err, tt.total)
				}
				return
			}
			var se *ScoreError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v, want *ScoreError", err)
			}
			if se.Key != tt.key || se.Field != "scores" || total != 0 {
				t.Errorf("Key = %q, Field = %q, total = %v; want key %q", se.Key, se.Field, total, tt.key)
			}
			if !strings.Contains(se.Error(), tt.contains) || !strings.HasSuffix(se.Error(), ".") {
				t.Errorf("message %q, want it to contain %q", se.Error(), tt.contains)
			}
		})
	}
}

func TestValidateScoresUnlabelled(t *testing.T) {
	t.Parallel()
	_, err := ValidateScores([]byte(`{}`), []regulations.Criterion{{Key: "x", Max: 5}})
	if err == nil || err.Error() != `Give "x" a score from 0 to 5; it is missing.` {
		t.Errorf("err = %v", err)
	}
}

func TestCriteriaFor(t *testing.T) {
	t.Parallel()
	sup, men := regulations.DefaultSupervisorCriteria, regulations.DefaultMentorCriteria
	if c, ok := CriteriaFor("supervisor", sup, men); !ok || c[0].Key != "attendance" {
		t.Errorf("supervisor: %v %v", c, ok)
	}
	if c, ok := CriteriaFor("mentor", sup, men); !ok || c[0].Key != "logbook" {
		t.Errorf("mentor: %v %v", c, ok)
	}
	if _, ok := CriteriaFor("student", sup, men); ok {
		t.Error("student is not an evaluation kind")
	}
}

func FuzzValidateScores(f *testing.F) {
	f.Add(`{"logbook":10,"report":20,"viva":20}`)
	f.Add(`{"logbook":7.5,"report":12.25,"viva":18.1}`)
	f.Add(`{"logbook":1,"logbook":2}`)
	f.Add(`{"logbook":"1","report":{},"viva":[]}`)
	f.Add(`{"x":1}`)
	f.Add(`[]`)
	f.Add(`{"logbook":1e400}`)
	f.Fuzz(func(t *testing.T, raw string) {
		total, err := ValidateScores([]byte(raw), mentor)
		if err != nil {
			var se *ScoreError
			if !errors.As(err, &se) || total != 0 || !strings.HasSuffix(se.Message, ".") {
				t.Fatalf("bad error %#v", err)
			}
			if se.Key != "" && !strings.Contains(se.Message, strconv.Quote(se.Key)) && !strings.Contains(se.Message, "("+se.Key+")") {
				t.Fatalf("message %q does not name key %q", se.Message, se.Key)
			}
			return
		}
		// Accepted: encoding/json agrees it is an object of in-range numbers
		// with exactly the criteria's keys, and the total matches.
		var m map[string]float64
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			t.Fatalf("accepted %q which encoding/json refuses: %v", raw, err)
		}
		if len(m) != len(mentor) {
			t.Fatalf("accepted %q with keys %v", raw, m)
		}
		var sum float64
		for _, c := range mentor {
			v, ok := m[c.Key]
			if !ok || v < 0 || v > c.Max {
				t.Fatalf("accepted %q: %s = %v", raw, c.Key, v)
			}
			sum += v
		}
		if regulations.Round2(sum) != total || total < 0 || total > 50 {
			t.Fatalf("total %v, want %v", total, regulations.Round2(sum))
		}
	})
}
