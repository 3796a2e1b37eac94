package i18n

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestCatalogComplete fails on any message missing from either language,
// on plural forms given in one language only, on placeholders that differ
// between the languages or forms, and on a text that is only placeholders
// (it would match every sentence).
func TestCatalogComplete(t *testing.T) {
	t.Parallel()
	for key, e := range catalog {
		if strings.TrimSpace(e.En.Other) == "" || strings.TrimSpace(e.Ml.Other) == "" {
			t.Errorf("%s: missing in %s", key, map[bool]string{true: "English", false: "Malayalam"}[e.En.Other == ""])
		}
		if (e.En.One == "") != (e.Ml.One == "") {
			t.Errorf("%s: plural forms in one language only", key)
		}
		want := Placeholders(e.En.Other)
		for _, text := range []string{e.En.One, e.Ml.Other, e.Ml.One} {
			if text == "" {
				continue
			}
			got := Placeholders(text)
			if text == e.En.One || text == e.Ml.One {
				got = without(got, "count")
				want := without(want, "count")
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: placeholders %v in %q, want %v", key, got, text, want)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: placeholders %v in %q, want %v", key, got, text, want)
			}
		}
		if strings.TrimSpace(placeholder.ReplaceAllString(e.En.Other, "")) == "" {
			t.Errorf("%s: only placeholders", key)
		}
		if !strings.HasPrefix(key, "word.") && e.En.Other == e.Ml.Other {
			t.Errorf("%s: the Malayalam is the English", key)
		}
	}
}

func without(names []string, drop string) []string {
	var out []string
	for _, n := range names {
		if n != drop {
			out = append(out, n)
		}
	}
	return out
}

// TestTranslateEveryMessage: every English message, built with values,
// translates to the Malayalam message with the same values — so no two
// catalog texts can be confused for each other.
func TestTranslateEveryMessage(t *testing.T) {
	t.Parallel()
	for key, e := range catalog {
		params := Params{}
		for i, name := range Placeholders(e.En.Other) {
			params[name] = "Value" + string(rune('A'+i)) + "-" + name
		}
		for _, count := range []int{1, 7} {
			if e.En.One == "" && count == 1 {
				continue
			}
			if _, has := params["count"]; has || e.En.One != "" {
				params["count"] = count
			}
			en := T(EN, key, params)
			got, ok := Translate(ML, en)
			if want := T(ML, key, params); !ok || got != want {
				t.Errorf("%s: %q translates to %q, want %q", key, en, got, want)
			}
		}
	}
}

func TestTranslateValues(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"This application is accepted and can no longer change.":                                  "ഈ അപേക്ഷ ‘സ്വീകരിച്ചത്’ എന്ന നിലയിലായതിനാൽ ഇനി മാറ്റാനാവില്ല.",
		"There is already an entry for 16 November 2026; edit that one instead.":                  "16 നവംബർ 2026-ന് ഇതിനകം ഒരു എൻട്രിയുണ്ട്; പുതിയതിനു പകരം അത് തിരുത്തുക.",
		"This placement is completed; its logbook is closed.":                                     "ഈ പ്ലേസ്\u200cമെന്റ് ‘പൂർത്തിയായത്’ എന്ന നിലയിലാണ്; അതിന്റെ ലോഗ്ബുക്ക് അടച്ചു.",
		"Accept or decline it before 6 Dec 2026, 8:17 pm IST.":                                    "6 ഡിസംബർ 2026, രാത്രി 8:17 IST-നു മുമ്പ് ഓഫർ സ്വീകരിക്കുകയോ വേണ്ടെന്നുവെക്കുകയോ ചെയ്യുക.",
		"A logbook entry that is pending cannot become open; it can become approved or rejected.": "‘പരിശോധന കാത്തിരിക്കുന്നത്’ എന്ന നിലയിലുള്ള ലോഗ്ബുക്ക് എൻട്രി ‘തുറന്നത്’ ആക്കാനാവില്ല; ‘അംഗീകരിച്ചത്’ അല്ലെങ്കിൽ ‘നിരസിച്ചത്’ ആക്കാം.",
	}
	for en, want := range cases {
		if got, ok := Translate(ML, en); !ok || got != want {
			t.Errorf("%q\n got %q\nwant %q", en, got, want)
		}
	}
	if got, ok := Translate(ML, "Something nobody wrote down."); ok || got != "Something nobody wrote down." {
		t.Errorf("an unknown sentence: %q %v", got, ok)
	}
	if got, ok := Translate(EN, "Internship cancelled."); !ok || got != "Internship cancelled." {
		t.Errorf("English stays English: %q", got)
	}
}

func TestPlurals(t *testing.T) {
	t.Parallel()
	if got := En("applications.no_seats", Params{"count": 1}); got != "The only seat is taken by an offer or an acceptance." {
		t.Errorf("one seat: %q", got)
	}
	if got := En("applications.no_seats", Params{"count": 3}); got != "All 3 seats are taken by offers and acceptances." {
		t.Errorf("three seats: %q", got)
	}
	if got := T(ML, "applications.no_seats", Params{"count": 3}); !strings.Contains(got, "3 സീറ്റുകളും") {
		t.Errorf("three seats in Malayalam: %q", got)
	}
}

func TestFormatTime(t *testing.T) {
	t.Parallel()
	ist, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no tz database")
	}
	at := time.Date(2026, 12, 6, 14, 47, 0, 0, time.UTC)
	if got := FormatTime(EN, at, ist); got != "6 Dec 2026, 8:17 pm IST" {
		t.Errorf("English: %q", got)
	}
	if got := FormatTime(ML, at, ist); got != "6 ഡിസംബർ 2026, രാത്രി 8:17 IST" {
		t.Errorf("Malayalam: %q", got)
	}
	if got := FormatTime(ML, at.Add(-10*time.Hour), ist); got != "6 ഡിസംബർ 2026, രാവിലെ 10:17 IST" {
		t.Errorf("Malayalam morning: %q", got)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]string{
		"":                        EN,
		"ml-IN,ml;q=0.9,en;q=0.8": ML,
		"en-IN,en;q=0.9,ml;q=0.8": EN,
		"ta-IN,ml;q=0.7,en;q=0.5": ML,
		"fr, de":                  EN,
		"en;q=0.3, ml;q=0.6":      ML,
		"ML":                      ML,
		"ml;q=0, en":              EN,
	} {
		if got := FromAcceptLanguage(header); got != want {
			t.Errorf("%q: %s, want %s", header, got, want)
		}
	}
}
