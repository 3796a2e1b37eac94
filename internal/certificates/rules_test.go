package certificates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestNewNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rnd  []byte
		want string
	}{
		{[]byte{0, 0, 0, 0, 0}, "IB-2026-00000000"},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff}, "IB-2026-ZZZZZZZZ"},
		// 0x0842108421 = 00001 00001 00001 … in 5-bit groups.
		{[]byte{0x08, 0x42, 0x10, 0x84, 0x21}, "IB-2026-11111111"},
		// 40 bits 0x39_0c_f4_dd_ac: 00111 00100 00110 01111 01001 10111 01101 01100
		{[]byte{0x39, 0x0c, 0xf4, 0xdd, 0xac}, "IB-2026-746F9QDC"},
	}
	for _, tt := range tests {
		got, err := NewNumber(2026, bytes.NewReader(tt.rnd))
		if err != nil || got != tt.want {
			t.Errorf("NewNumber(%x) = %q, %v; want %q", tt.rnd, got, err, tt.want)
		}
	}
	if _, err := NewNumber(2026, bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("a short random source must fail")
	}
	if _, err := NewNumber(2026, iotest.ErrReader(errors.New("boom"))); err == nil {
		t.Error("a failing random source must fail")
	}
	for _, y := range []int{0, 999, 10000, -2026} {
		if _, err := NewNumber(y, nil); err == nil {
			t.Errorf("year %d accepted", y)
		}
	}
	seen := map[string]bool{}
	for range 200 {
		n, err := NewNumber(2027, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := CanonicalNumber(n); !ok || c != n || !strings.HasPrefix(n, NumberPrefix+"2027-") {
			t.Fatalf("NewNumber(2027) = %q, not a canonical number of 2027 (%q, %v)", n, c, ok)
		}
		if seen[n] {
			t.Fatalf("duplicate number %s from crypto/rand", n)
		}
		seen[n] = true
	}
}

func TestCanonicalNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // "" = not a number
	}{
		{"IB-2026-7K3F9QXD", "IB-2026-7K3F9QXD"},
		{"ib-2026-7k3f9qxd", "IB-2026-7K3F9QXD"},
		{"  IB-2026-7K3F9QXD\n", "IB-2026-7K3F9QXD"},
		{"IB-2026-O0ILil1o", "IB-2026-00111110"},
		{"IB-2026-7K3F9QXU", ""}, // U is not in the alphabet
		{"IB-2026-7K3F9QX", ""},
		{"IB-2026-7K3F9QXDD", ""},
		{"IB-26-7K3F9QXD", ""},
		{"IB-0999-7K3F9QXD", ""},
		{"IB-2O26-7K3F9QXD", ""}, // look-alikes only in the code
		{"IB_2026-7K3F9QXD", ""},
		{"IB-2026_7K3F9QXD", ""},
		{"XB-2026-7K3F9QXD", ""},
		{"IB-2026-7K3F-QXD", ""},
		{"IB-2026-7K3F9QX*", ""},
		{"IB-2026-7K3F9QXı", ""}, // dotless i is not I
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := CanonicalNumber(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("CanonicalNumber(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestCanonicalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fields map[string]any
		want   string
	}{
		{"empty", map[string]any{}, `{}`},
		{"nil map", nil, `null`},
		{"sorted keys", map[string]any{"b": 1, "a": 2, "B": 3, "aa": 4, "": 5}, `{"":5,"B":3,"a":2,"aa":4,"b":1}`},
		{"numbers", map[string]any{
			"int": 60, "float": 38.5, "whole float": 60.0, "neg": -2.25, "zero": 0.0, "negzero": math.Copysign(0, -1),
			"tenth": 0.1, "sum": pointOne + 0.2, "third": 1.0 / 3, "big": 1e20, "bigger": 1e21, "tiny": 1e-6, "tinier": 1.5e-7,
			"f32": float32(0.1), "u8": uint8(255), "i64": int64(-9007199254740992), "num": json.Number("38.50"),
		}, `{"big":100000000000000000000,"bigger":1e+21,"f32":0.1,"float":38.5,"i64":-9007199254740992,"int":60,` +
			`"neg":-2.25,"negzero":0,"num":38.5,"sum":0.30000000000000004,"tenth":0.1,"third":0.3333333333333333,` +
			`"tinier":1.5e-7,"tiny":0.000001,"u8":255,"whole float":60,"zero":0}`},
		{"strings", map[string]any{
			"html": "<a href=\"x\">&</a>", "unicode": "Mañjula – ദേവി ✓ 😀", "ctl": "a\tb\nc\r\x00\x1f\x7f\b\f",
			"slash": `C:\dir/x`, "seps": "\u2028\u2029",
		}, `{"ctl":"a\tb\nc\r\u0000\u001f` + "\x7f" + `\b\f","html":"<a href=\"x\">&</a>","seps":"` + "\u2028\u2029" + `",` +
			`"slash":"C:\\dir/x","unicode":"Mañjula – ദേവി ✓ 😀"}`},
		{"nested", map[string]any{
			"z": []any{1, "two", nil, true, false, map[string]any{"y": 1, "x": []string{"a"}}},
			"m": map[string]string{"k2": "v", "k1": "w"},
		}, `{"m":{"k1":"w","k2":"v"},"z":[1,"two",null,true,false,{"x":["a"],"y":1}]}`},
		// U+1F600 (surrogates D83D DE00) sorts before U+FF61 in UTF-16,
		// after it in UTF-8 byte order.
		{"utf16 key order", map[string]any{"\uFF61": 2, "\U0001F600": 1}, `{"😀":1,"｡":2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalJSON(tt.fields)
			if err != nil || string(got) != tt.want {
				t.Fatalf("CanonicalJSON =\n%s, %v\nwant\n%s", got, err, tt.want)
			}
			if !json.Valid(got) {
				t.Fatalf("not valid JSON: %s", got)
			}
		})
	}
}

// pointOne is a variable so that 0.1 + 0.2 is computed in float64, not
// folded exactly as a constant.
var pointOne = 0.1

func TestCanonicalJSONErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]map[string]any{
		"nan":          {"x": math.NaN()},
		"inf":          {"x": math.Inf(-1)},
		"bad utf8":     {"x": "\xff"},
		"bad utf8 key": {"\xfe": 1},
		"time":         {"x": time.Now()},
		"struct":       {"x": struct{}{}},
		"int too big":  {"x": int64(1<<53 + 1)},
		"uint too big": {"x": uint64(math.MaxUint64)},
		"bad number":   {"x": json.Number("0x10")},
		"nested bad":   {"x": []any{map[string]any{"y": math.NaN()}}},
		"[]int":        {"x": []int{1}},
	}
	for name, fields := range tests {
		if got, err := CanonicalJSON(fields); err == nil {
			t.Errorf("%s: CanonicalJSON = %s, want an error", name, got)
		}
	}
}

// TestSignedPayloadVector pins the exact bytes signed for a certificate
// (DESIGN.md §3): a verifier in any language must rebuild them from the
// printed values.
func TestSignedPayloadVector(t *testing.T) {
	t.Parallel()
	ist := time.FixedZone("IST", 5*3600+1800)
	p := SignedPayload{
		Number:           "IB-2026-7K3F9QXD",
		StudentName:      "Anjali Menon",
		RegisterNo:       "MCP21CS042",
		InstitutionName:  "Maharaja's College, Ernakulam",
		OrganizationName: "Kochi Data Labs <KDL> & Co.",
		Title:            "Data engineering intern",
		StartsOn:         time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		EndsOn:           time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC),
		Hours:            60,
		Credits:          2,
		Marks:            38.5,
		MaxMarks:         50,
		Grade:            "A+",
		IssuedAt:         time.Date(2026, 11, 21, 15, 34, 5, 987654321, ist), // 10:04:05.98 UTC
		SHA256:           "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
	const want = `{"credits":2,"ends_on":"2026-07-31","grade":"A+","hours":60,` +
		`"institution_name":"Maharaja's College, Ernakulam","issued_at":"2026-11-21T10:04:05Z",` +
		`"marks":38.5,"max_marks":50,"number":"IB-2026-7K3F9QXD",` +
		`"organization_name":"Kochi Data Labs <KDL> & Co.","register_no":"MCP21CS042",` +
		`"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",` +
		`"starts_on":"2026-06-01","student_name":"Anjali Menon","title":"Data engineering intern"}`
	got, err := p.Canonical()
	if err != nil || string(got) != want {
		t.Fatalf("payload =\n%s, %v\nwant\n%s", got, err, want)
	}
	keys := make([]string, 0)
	for k := range p.Fields() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	sorted := slices.Sorted(slices.Values(SignedFields))
	if !slices.Equal(keys, sorted) {
		t.Errorf("Fields keys %v, SignedFields %v", keys, sorted)
	}
}

func FuzzCanonicalNumber(f *testing.F) {
	f.Add("IB-2026-7K3F9QXD")
	f.Add("ib-2026-o0ilil1o")
	f.Add(" IB-9999-ZZZZZZZZ ")
	f.Add("IB-2026-7K3F9QXU")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := CanonicalNumber(s)
		if !ok {
			return
		}
		year, err := strconv.Atoi(n[len(NumberPrefix) : len(NumberPrefix)+4])
		if err != nil || year < 1000 || year > 9999 || len(n) != 16 || !strings.HasPrefix(n, "IB-") {
			t.Fatalf("%q → %q, %d", s, n, year)
		}
		if again, ok := CanonicalNumber(n); !ok || again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
		for _, c := range n[8:] {
			if !strings.ContainsRune(CrockfordAlphabet, c) {
				t.Fatalf("%q has %q outside the alphabet", n, c)
			}
		}
	})
}

func FuzzNewNumber(f *testing.F) {
	f.Add(2026, []byte{0, 0, 0, 0, 0})
	f.Add(9999, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, year int, rnd []byte) {
		n, err := NewNumber(year, bytes.NewReader(rnd))
		if err != nil {
			if year >= 1000 && year <= 9999 && len(rnd) >= 5 {
				t.Fatalf("NewNumber(%d, %x): %v", year, rnd, err)
			}
			return
		}
		if !strings.HasPrefix(n, fmt.Sprintf("%s%d-", NumberPrefix, year)) {
			t.Fatalf("NewNumber(%d) = %q", year, n)
		}
		if c, _ := CanonicalNumber(n); c != n {
			t.Fatalf("NewNumber gave non-canonical %q", n)
		}
	})
}

// FuzzCanonicalJSON decodes arbitrary JSON objects, re-encodes them
// canonically and checks that the result is valid, compact, equal in value
// and stable under a second round trip.
func FuzzCanonicalJSON(f *testing.F) {
	f.Add(`{"b":1,"a":[1,2,{"z":null,"y":"<&>"}],"n":38.50}`)
	f.Add(`{"x":1e21,"y":1e-7,"z":-0,"w":0.000001,"v":123456789012345678901234567890}`)
	f.Add(`{"s":"\u2028\u0000\t\"\\ ✓ 😀","\uFF61":1,"\uD83D\uDE00":2}`)
	f.Add(`{"credits":2,"hours":60,"marks":38.5,"issued_at":"2026-11-21T10:04:05Z"}`)
	f.Fuzz(func(t *testing.T, raw string) {
		var v map[string]any
		if err := json.Unmarshal([]byte(raw), &v); err != nil || v == nil {
			return
		}
		out, err := CanonicalJSON(v)
		if err != nil {
			// Only strings that were not valid UTF-8 in the input survive
			// decoding as U+FFFD, so every decoded value must encode.
			t.Fatalf("CanonicalJSON(%s): %v", raw, err)
		}
		if !json.Valid(out) {
			t.Fatalf("invalid JSON %s", out)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, out); err != nil || !bytes.Equal(compact.Bytes(), out) {
			t.Fatalf("not compact: %s", out)
		}
		var back map[string]any
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		if !equalJSON(v, back) {
			t.Fatalf("value changed:\n%#v\n%#v", v, back)
		}
		again, err := CanonicalJSON(back)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not stable:\n%s\n%s", out, again)
		}
	})
}

// equalJSON compares decoded JSON values, treating -0 and 0 as equal.
func equalJSON(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !equalJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	default:
		return a == b
	}
}
