package evaluations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/internbase/internbase/internal/regulations"
)

// Kinds of an evaluation.
const (
	KindSupervisor = "supervisor"
	KindMentor     = "mentor"
)

// ScoresField is the field of an evaluation that holds the scores.
const ScoresField = "scores"

// ScoreError is a problem with an evaluation's scores. Key names the
// offending criterion ("" when the scores as a whole are malformed); Error is
// a sentence for the evaluator.
type ScoreError struct {
	// Field is always ScoresField.
	Field   string
	Key     string
	Message string
}

// Error returns the user-facing sentence.
func (e *ScoreError) Error() string { return e.Message }

// CriteriaFor picks the criteria of an evaluation kind from a regulation's
// two lists; ok is false for an unknown kind.
func CriteriaFor(kind string, supervisorCriteria, mentorCriteria []regulations.Criterion) (criteria []regulations.Criterion, ok bool) {
	switch kind {
	case KindSupervisor:
		return supervisorCriteria, true
	case KindMentor:
		return mentorCriteria, true
	}
	return nil, false
}

// ValidateScores checks the JSON scores of an evaluation against criteria:
// one JSON object whose keys are exactly the criteria's keys (none missing,
// none unknown, none repeated), each value a JSON number from 0 to the
// criterion's max. It returns the total, rounded to 2 decimals, or a
// *ScoreError naming the first offending key (in the order of the object,
// then missing keys in the order of the criteria).
func ValidateScores(raw []byte, criteria []regulations.Criterion) (total float64, err error) {
	byKey := make(map[string]regulations.Criterion, len(criteria))
	for _, c := range criteria {
		byKey[c.Key] = c
	}
	malformed := &ScoreError{Field: ScoresField, Message: fmt.Sprintf(`Give the scores as an object of criterion keys and numbers, like {"%s": 8}.`, exampleKey(criteria))}

	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, malformed
	}
	seen := make(map[string]bool, len(criteria))
	var sum float64
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, malformed
		}
		key, isKey := tok.(string)
		if !isKey {
			return 0, malformed
		}
		c, known := byKey[key]
		switch {
		case !known:
			return 0, unknownKey(key)
		case seen[key]:
			return 0, &ScoreError{Field: ScoresField, Key: key, Message: fmt.Sprintf("The score for %q is given twice; give it once.", key)}
		}
		seen[key] = true
		tok, err = dec.Token()
		if err != nil {
			return 0, malformed
		}
		n, isNumber := tok.(json.Number) // an object or array gives a Delim: not a number
		v, perr := strconv.ParseFloat(string(n), 64)
		if !isNumber || perr != nil || !(v >= 0 && v <= c.Max) {
			return 0, badScore(c, false)
		}
		sum += v
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return 0, malformed
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return 0, malformed
	}
	for _, c := range criteria {
		if !seen[c.Key] {
			return 0, badScore(c, true)
		}
	}
	return regulations.Round2(sum), nil
}

func unknownKey(key string) *ScoreError {
	return &ScoreError{Field: ScoresField, Key: key, Message: fmt.Sprintf("Remove %q: it is not a criterion of this evaluation.", key)}
}

// badScore asks for a score within the criterion's range (missing: none was
// given).
func badScore(c regulations.Criterion, missing bool) *ScoreError {
	msg := fmt.Sprintf("Give %s a score from 0 to %s.", describe(c), num(c.Max))
	if missing {
		msg = fmt.Sprintf("Give %s a score from 0 to %s; it is missing.", describe(c), num(c.Max))
	}
	return &ScoreError{Field: ScoresField, Key: c.Key, Message: msg}
}

func describe(c regulations.Criterion) string {
	if c.Label != "" {
		return c.Label + " (" + c.Key + ")"
	}
	return strconv.Quote(c.Key)
}

func exampleKey(criteria []regulations.Criterion) string {
	if len(criteria) > 0 {
		return criteria[0].Key
	}
	return "criterion"
}

func num(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return "?"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
