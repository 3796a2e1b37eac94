package csvcell

import (
	"strings"
	"testing"
)

func TestSafeAndUnsafe(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"": "", "Anu": "Anu", "=1+1": "'=1+1", "+91 94470": "'+91 94470", "-5": "'-5", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "'quoted": "'quoted", "'=x": "''=x", "a=b": "a=b",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
		if back := Unsafe(Safe(in)); back != in {
			t.Errorf("Unsafe(Safe(%q)) = %q", in, back)
		}
	}
}

// FuzzSafe: no cell leaves Safe able to start a formula, Safe only ever
// adds the quote, and Unsafe takes it back off.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "plain", "", "'=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Safe(s)
		if out != "" && strings.IndexByte(formulaStart, out[0]) >= 0 {
			t.Fatalf("Safe(%q) = %q", s, out)
		}
		if out != s && out != "'"+s {
			t.Fatalf("Safe(%q) changed the text: %q", s, out)
		}
		if Unsafe(out) != s {
			t.Fatalf("Unsafe(Safe(%q)) = %q", s, Unsafe(out))
		}
	})
}
