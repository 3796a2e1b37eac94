package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// notSpoken are the packages whose sentences no portal user reads: test
// tools, the typesetter and the catalog itself; metrics' sentences are
// Prometheus help texts for operators, apidocs' the API reference for
// developers (in English, like the rest of the docs), and digilocker's the
// answers DigiLocker's servers read.
var notSpoken = map[string]bool{
	"i18n": true, "apptest": true, "testtool": true, "typeset": true, "clock": true,
	"metrics": true, "apidocs": true, "digilocker": true,
}

// asIssued are sentences that stay as they are in every language, and why.
var asIssued = map[string]string{
	"Credited internship at %s: %s approved hours, %s credits.":                                                                   "the credential's description, signed once in English",
	"Completed the internship with the required approved hours, project work and evaluations under the institution's regulation.": "the credential's achievement criteria, signed once in English",
}

// sentence is a literal a person reads: a capital, a space, a full stop or
// a question mark at the end.
var sentence = regexp.MustCompile(`^[A-Z][^\n]* [^\n]*[.?]$`)

// verb is a fmt verb in a message built with fmt.Sprintf.
var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// TestEveryServerSentenceTranslates fails on any sentence the server can
// say — an error, a refusal, a notice — that the catalog cannot say in
// Malayalam: every string literal of the server's packages that reads as a
// sentence, except the texts of internal errors (fmt.Errorf, errors.New)
// and of the log. A format string is checked with its verbs filled in.
func TestEveryServerSentenceTranslates(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("..", "*"))
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, filepath.Join("..", "..", "hooks"))
	checked := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() || notSpoken[filepath.Base(dir)] {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			for _, lit := range spokenLiterals(t, file) {
				checked++
				if asIssued[lit.text] != "" {
					continue
				}
				sample := verb.ReplaceAllString(lit.text, "X")
				if _, ok := Translate(ML, sample); !ok {
					t.Errorf("%s: %q is not in the catalog", lit.pos, lit.text)
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d sentences found: the scan is broken", checked)
	}
}

type literal struct{ pos, text string }

// spokenLiterals returns the sentence literals of one file that are not an
// internal error's or the log's.
func spokenLiterals(t *testing.T, file string) []literal {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	internal := map[*ast.BasicLit]bool{}
	var out []literal
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && unspoken(call) {
			for _, a := range call.Args {
				if l, ok := a.(*ast.BasicLit); ok {
					internal[l] = true
				}
			}
		}
		if l, ok := n.(*ast.BasicLit); ok && l.Kind == token.STRING && !internal[l] {
			if s, err := strconv.Unquote(l.Value); err == nil && sentence.MatchString(s) {
				out = append(out, literal{fset.Position(l.Pos()).String(), s})
			}
		}
		return true
	})
	return out
}

// unspoken reports whether call makes an internal error or writes the log.
func unspoken(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if x, ok := sel.X.(*ast.Ident); ok {
		switch x.Name + "." + sel.Sel.Name {
		case "fmt.Errorf", "errors.New":
			return true
		}
		if x.Name == "log" || x.Name == "slog" {
			return true
		}
	}
	if c, ok := sel.X.(*ast.CallExpr); ok {
		if s, ok := c.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Logger" {
			return true
		}
	}
	return false
}
