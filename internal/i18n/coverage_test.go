package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// dailyPath are the packages whose refusals a student meets every day
// (applying, the logbook, submitting work) and the placement checks they
// share: every literal message they refuse with must be in the catalog.
var dailyPath = []string{"applications", "logbooks", "submissions", "placements", "status", "apierror"}

// TestDailyPathMessagesTranslate fails on a refusal of the daily path
// written as a literal sentence that the catalog does not know.
func TestDailyPathMessagesTranslate(t *testing.T) {
	t.Parallel()
	for _, pkg := range dailyPath {
		files, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				switch name {
				case "FieldError", "ValidationError", "Forbidden", "fail":
				default:
					return true
				}
				if len(call.Args) == 0 {
					return true
				}
				lit, ok := call.Args[len(call.Args)-1].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				msg, err := strconv.Unquote(lit.Value)
				if err != nil || !strings.HasSuffix(msg, ".") {
					return true
				}
				if _, ok := Translate(ML, msg); !ok {
					t.Errorf("%s: %q is not in the catalog", fset.Position(lit.Pos()), msg)
				}
				return true
			})
		}
	}
}
