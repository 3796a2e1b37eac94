package i18n

import (
	"strings"
	"testing"
)

// TestNestingIsBounded: a value is read as a sentence or a list of catalog
// phrases only up to maxNesting deep and maxNested long, so someone's long
// text inside a message (feedback) is shown as written instead of being
// parsed phrase by phrase (a 5,000-character feedback of repeated "Score: 1
// of 2." cost ~40,000 Translate calls before the bounds).
func TestNestingIsBounded(t *testing.T) {
	t.Parallel()
	feedback := strings.TrimSuffix(strings.Repeat("Score: 1 of 2.; ", 300), "; ")
	got, ok := Translate(ML, "Score: 17 of 20. "+feedback)
	if !ok || !strings.HasPrefix(got, "മാർക്ക്: 20-ൽ 17. ") {
		t.Fatalf("the score notice: %v %.80q", ok, got)
	}
	if !strings.HasSuffix(got, feedback) {
		t.Errorf("a long feedback is not shown as written: %.120q", got[len(got)-120:])
	}
	// A short one is still read: a list of catalog phrases inside a sentence.
	short, ok := Translate(ML, "Score: 17 of 20. Score: 1 of 2.; Score: 2 of 2.")
	if !ok || strings.Contains(short, "Score") {
		t.Errorf("a short list of catalog sentences stays English: %q", short)
	}
}

// TestValuesSpanLines: a value with line breaks (feedback in paragraphs)
// still matches its sentence.
func TestValuesSpanLines(t *testing.T) {
	t.Parallel()
	got, ok := Translate(ML, "Score: 17 of 20. Good work.\n\nNext time, test the edge cases.")
	if !ok || !strings.HasPrefix(got, "മാർക്ക്: 20-ൽ 17. Good work.\n\n") {
		t.Errorf("multi-line feedback: %v %q", ok, got)
	}
}

// TestBodyTooLargeTranslates: PocketBase's 413 answer is in the catalog.
func TestBodyTooLargeTranslates(t *testing.T) {
	t.Parallel()
	if _, ok := Translate(ML, "Request entity too large"); !ok {
		t.Error("the 413 answer stays English")
	}
}
