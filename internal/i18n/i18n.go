// Package i18n holds the server's messages in the languages of the portal
// (DESIGN.md §10): English and Malayalam. Every message has a key and an
// English and a Malayalam text with the same {placeholders}; a message may
// have plural forms (one/other, chosen by the CLDR rules of
// golang.org/x/text/feature/plural from the "count" parameter).
//
// Messages are written in English where they are built (errors and
// notices keep one source of truth); Translate renders an English message
// in another language by finding the catalog entry it was built from and
// filling the other language's text with the same values — values that are
// themselves catalog words (statuses, nouns), dates or times are rendered
// in that language too. A sentence the catalog does not know stays English.
package i18n

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Languages the portal and the server speak; the first is the default.
const (
	EN = "en"
	ML = "ml"
)

// Languages lists the supported language codes, the default first.
var Languages = []string{EN, ML}

// Supported reports whether lang is a supported code.
func Supported(lang string) bool { return lang == EN || lang == ML }

// Params are the values of a message's placeholders.
type Params map[string]any

// Forms are a message's plural forms; a message without plurals has Other only.
type Forms struct{ One, Other string }

// Entry is one message in both languages.
type Entry struct{ En, Ml Forms }

func (e Entry) forms(lang string) Forms {
	if lang == ML {
		return e.Ml
	}
	return e.En
}

// Catalog returns a copy of the message catalog (for tests and tools).
func Catalog() map[string]Entry {
	out := make(map[string]Entry, len(catalog))
	for k, v := range catalog {
		out[k] = v
	}
	return out
}

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// Placeholders returns the sorted, distinct placeholder names of s.
func Placeholders(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

// T renders the message key in lang with params ("" or an unknown lang is
// English); an unknown key renders as the key itself.
func T(lang, key string, params Params) string {
	e, ok := catalog[key]
	if !ok {
		return key
	}
	f := e.forms(lang)
	text := f.Other
	if f.One != "" && pluralOne(lang, params["count"]) {
		text = f.One
	}
	return fill(text, params)
}

// En renders the message key in English.
func En(key string, params Params) string { return T(EN, key, params) }

func pluralOne(lang string, count any) bool {
	var n int
	switch c := count.(type) {
	case int:
		n = c
	case int64:
		n = int(c)
	case float64:
		if c != float64(int(c)) {
			return false
		}
		n = int(c)
	default:
		return false
	}
	if n < 0 {
		n = -n
	}
	tag := language.English
	if lang == ML {
		tag = language.Malayalam
	}
	return plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0) == plural.One
}

func fill(text string, params Params) string {
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		v, ok := params[m[1:len(m)-1]]
		if !ok {
			return m
		}
		switch x := v.(type) {
		case string:
			return x
		case int:
			return strconv.Itoa(x)
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		case time.Time:
			return formatIn(EN, x) // in the zone x carries
		}
		return m
	})
}

// template is one catalog text compiled to match the English it renders.
type template struct {
	key      string
	one      bool
	re       *regexp.Regexp
	names    []string
	literals int
}

var (
	compileOnce sync.Once
	templates   []template
	words       map[string]string // English word or fixed phrase → Malayalam
)

func compile() {
	words = map[string]string{}
	for key, e := range catalog {
		for _, f := range []struct {
			text string
			one  bool
		}{{e.En.Other, false}, {e.En.One, true}} {
			if f.text == "" {
				continue
			}
			names := Placeholders(f.text)
			if len(names) == 0 {
				words[f.text] = e.Ml.Other
				if f.one {
					words[f.text] = e.Ml.One
				}
			}
			var order []string
			pattern := "^"
			rest := f.text
			literals := 0
			for {
				loc := placeholder.FindStringSubmatchIndex(rest)
				if loc == nil {
					pattern += regexp.QuoteMeta(rest)
					literals += len(rest)
					break
				}
				pattern += regexp.QuoteMeta(rest[:loc[0]]) + "(.*?)"
				literals += loc[0]
				order = append(order, rest[loc[2]:loc[3]])
				rest = rest[loc[1]:]
			}
			// (?s): a value may span lines (feedback written in paragraphs).
			templates = append(templates, template{key: key, one: f.one, re: regexp.MustCompile("(?s)" + pattern + "$"), names: order, literals: literals})
		}
	}
	// The most specific template (most fixed text) wins.
	sort.SliceStable(templates, func(i, j int) bool {
		if templates[i].literals != templates[j].literals {
			return templates[i].literals > templates[j].literals
		}
		return templates[i].key < templates[j].key
	})
}

// Translate renders english, a message built from a catalog text, in lang;
// ok is false (and english is returned) when no catalog text matches.
func Translate(lang, english string) (string, bool) {
	if lang != ML || english == "" {
		return english, lang != ML
	}
	return translate(english, 0)
}

// maxNesting is how deep a value is read as a sentence or a list of
// catalog phrases: a sentence inside a sentence, a list inside that; no
// deeper. maxNested is the longest value read so (a list of statuses or
// an advice is short; a long value is someone's text, e.g. feedback,
// shown as written). Both bound the work of one message: without them a
// 5,000-character feedback of repeated "Score: 1 of 2." took ~40,000
// Translate calls.
const (
	maxNesting = 2
	maxNested  = 400
)

func translate(english string, depth int) (string, bool) {
	compileOnce.Do(compile)
	english = strings.TrimSpace(english)
	if w, ok := words[english]; ok {
		return w, true
	}
	for _, t := range templates {
		m := t.re.FindStringSubmatch(english)
		if m == nil {
			continue
		}
		e := catalog[t.key]
		text := e.Ml.Other
		if t.one && e.Ml.One != "" {
			text = e.Ml.One
		}
		params := Params{}
		for i, name := range t.names {
			params[name] = value(m[i+1], depth)
		}
		return fill(text, params), true
	}
	return english, false
}

// TranslateOr is Translate without the ok.
func TranslateOr(lang, english string) string {
	s, _ := Translate(lang, english)
	return s
}

// value renders a captured English value in Malayalam: a catalog word or
// phrase, a list of them (see list), a date or a time; anything else
// (names, titles, numbers) as it is.
func value(v string, depth int) string {
	if w, ok := words[v]; ok {
		return w
	}
	if t, ok := parseTime(v); ok {
		return t
	}
	if d, err := time.Parse(DayLayout, v); err == nil {
		return FormatDay(ML, d)
	}
	if depth >= maxNesting || len(v) > maxNested {
		return v
	}
	for _, sep := range []string{"; ", ", "} {
		if l, ok := list(v, sep, depth+1); ok {
			return l
		}
	}
	if strings.HasSuffix(v, ".") { // a sentence inside a sentence (advice)
		if s, ok := translate(v, depth+1); ok {
			return s
		}
	}
	return v
}

// list renders v, a list joined by sep ("; " or ", "), item by item: a
// catalog word or phrase (with its values), or a title in quotation marks
// (“…”), which stays as it is. ok is false when v is no such list or an
// item does not render.
func list(v, sep string, depth int) (string, bool) {
	if !strings.Contains(v, sep) {
		return v, false
	}
	parts := strings.Split(v, sep)
	for i, p := range parts {
		if strings.HasPrefix(p, "“") && strings.HasSuffix(p, "”") && strings.Count(p, "“") == 1 {
			continue
		}
		w, ok := translate(p, depth)
		if !ok {
			return v, false
		}
		parts[i] = w
	}
	return strings.Join(parts, sep), true
}
