package organizations

import "testing"

func TestCheckGSTIN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", true},
		{"27AAPFU0939F1ZV", true}, // the GST portal's published example
		{"29AAGCB7383J1Z4", true},
		{"27AAPFU0939F1ZW", false}, // wrong check character
		{"27AAPFU0939F1Z", false},  // too short
		{"27aapfu0939f1zv", false}, // lower case
		{"27AAPFU0939F1XV", false}, // no Z
		{"2XAAPFU0939F1ZV", false},
		{"27AAPFU0939F0ZV", false}, // registration number 0
	} {
		if got := CheckGSTIN(tc.in) == ""; got != tc.ok {
			t.Errorf("CheckGSTIN(%q) ok = %v, want %v (%s)", tc.in, got, tc.ok, CheckGSTIN(tc.in))
		}
	}
}

func TestCheckCIN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", true},
		{"U72200KL2019PTC012345", true},
		{"L17110MH1973PLC019786", true},
		{"X72200KL2019PTC012345", false},
		{"U72200KL2019PTC01234", false},
		{"U72200kl2019PTC012345", false},
	} {
		if got := CheckCIN(tc.in) == ""; got != tc.ok {
			t.Errorf("CheckCIN(%q) ok = %v, want %v", tc.in, got, tc.ok)
		}
	}
}
