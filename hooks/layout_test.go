package hooks_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// workflow is the order of STYLE.md: a domain imports only domains before
// it. notifications and audit are leaves anyone may use; the rest of
// internal/ are not domains (who is calling, errors, fields, transactions,
// jobs, the status machine, the clock) and import no domain.
var workflow = map[string]int{
	"regulations":  1,
	"institutions": 2, "organizations": 2, "users": 2,
	"courses":      3,
	"internships":  4,
	"applications": 5,
	"placements":   6,
	"logbooks":     7, "submissions": 7, "evaluations": 7,
	"certificates": 8,
	"reports":      9,
}

// collections are the collections each domain owns.
var collections = map[string][]string{
	"regulations":   {"regulations"},
	"institutions":  {"institutions"},
	"organizations": {"organizations"},
	"courses":       {"courses", "lessons", "lesson_completions", "course_completions"},
	"internships":   {"internships"},
	"applications":  {"applications"},
	"placements":    {"placements"},
	"logbooks":      {"logbook_entries"},
	"submissions":   {"tasks", "submissions"},
	"evaluations":   {"evaluations"},
	"certificates":  {"certificates", "signing_keys"},
	"notifications": {"notifications"},
	"audit":         {"audit_events"},
}

const module = "github.com/internbase/internbase/internal/"

// sources parses the non-test Go files of internal/<pkg>.
func sources(t *testing.T, pkg string) []*ast.File {
	t.Helper()
	dir := filepath.Join("..", "internal", pkg)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

func TestImportsFollowTheWorkflow(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "internal"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pkg := e.Name()
		if !e.IsDir() || pkg == "apptest" {
			continue
		}
		for _, f := range sources(t, pkg) {
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				dep, ok := strings.CutPrefix(path, module)
				if !ok {
					continue
				}
				depRank, depIsDomain := workflow[dep]
				rank, isDomain := workflow[pkg]
				switch {
				case isDomain && depIsDomain && depRank >= rank:
					t.Errorf("%s imports %s, which comes later in the workflow (or beside it)", pkg, dep)
				case !isDomain && depIsDomain && pkg != "apidocs" && pkg != "metrics":
					t.Errorf("%s is not a domain but imports the domain %s", pkg, dep)
				}
			}
		}
	}
}

// No domain spells another domain's collection name: it calls that domain.
func TestNoForeignCollectionNames(t *testing.T) {
	owner := map[string]string{}
	for pkg, cols := range collections {
		for _, c := range cols {
			owner[c] = pkg
		}
	}
	for pkg := range workflow {
		for _, f := range sources(t, pkg) {
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				if o, ok := owner[s]; ok && o != pkg && s != "users" {
					t.Errorf("%s spells %q, the collection of %s", pkg, s, o)
				}
				return true
			})
		}
	}
}
