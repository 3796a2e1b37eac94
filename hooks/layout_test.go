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

	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/evaluations"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/logbooks"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/status"
	"github.com/internbase/internbase/internal/submissions"
)

// workflow is the order of STYLE.md: a domain imports only domains before
// it. notifications and audit are leaves anyone may use; the rest of
// internal/ are not domains (who is calling, errors, fields, transactions,
// jobs, the status machine, the clock) and import no domain. Users come
// after the institutions and organizations an account belongs to (a host's
// registration creates its organization and its first supervisor).
var workflow = map[string]int{
	"regulations":  1,
	"institutions": 2, "organizations": 2,
	"users":        3,
	"courses":      4,
	"internships":  5,
	"applications": 6,
	"placements":   7,
	"logbooks":     8, "submissions": 8, "evaluations": 8,
	"certificates": 9,
	"reports":      10, "digilocker": 10,
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
	t.Parallel()
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
	t.Parallel()
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

// No domain spells another domain's status values (a value its own machine
// does not have): it asks that domain.
func TestNoForeignStatusLiterals(t *testing.T) {
	t.Parallel()
	byDomain := map[string]*status.Machine{
		"internships": internships.Machine, "applications": applications.Machine, "placements": placements.Machine,
		"logbooks": logbooks.Machine, "submissions": submissions.Machine, "evaluations": evaluations.Machine,
		"certificates": certificates.Machine,
	}
	for pkg := range workflow {
		own := map[string]bool{}
		if m := byDomain[pkg]; m != nil {
			for _, s := range m.States {
				own[s] = true
			}
		}
		foreign := map[string]string{}
		for other, m := range byDomain {
			for _, s := range m.States {
				if other != pkg && !own[s] {
					foreign[s] = other
				}
			}
		}
		for _, f := range sources(t, pkg) {
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && foreign[s] != "" {
						t.Errorf("%s spells %q, a status of %s", pkg, s, foreign[s])
					}
				}
				return true
			})
		}
	}
}
