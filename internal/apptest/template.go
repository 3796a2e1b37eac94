package apptest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/internbase/internbase/hooks"
)

// template is the data dir of a freshly migrated test app (PocketBase's
// system migrations, Internbase's migrations, cheap passwords, rate limits
// off), held in memory: running the migrations for every test app was most
// of a small test's time. It is built once per test process and never
// changes after that.
type template struct {
	dirs  []string          // relative paths, parents first
	files map[string][]byte // relative path → content
	err   error
}

var (
	templateOnce sync.Once
	theTemplate  *template
)

// migratedTemplate builds the template on first use.
func migratedTemplate() *template {
	templateOnce.Do(func() { theTemplate = buildTemplate() })
	return theTemplate
}

func buildTemplate() (tpl *template) {
	tpl = &template{files: map[string][]byte{}}
	empty, err := os.MkdirTemp("", "ib_apptest_empty_*")
	if err != nil {
		tpl.err = err
		return tpl
	}
	defer os.RemoveAll(empty)
	app, err := tests.NewTestApp(empty)
	if err != nil {
		tpl.err = err
		return tpl
	}
	defer os.RemoveAll(app.DataDir())
	// What NewApp did to every app before the template: the hooks, then the
	// test settings saved through them.
	hooks.Register(app)
	if err := cheapPasswords(app); err != nil {
		tpl.err = err
		return tpl
	}
	if err := setRateLimits(app, false); err != nil {
		tpl.err = err
		return tpl
	}
	dir := app.DataDir()
	// Closing the databases checkpoints their write-ahead logs: the files
	// copied below are the whole state.
	if err := app.ResetBootstrapState(); err != nil {
		tpl.err = err
		return tpl
	}
	tpl.err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || rel == "." {
			return err
		}
		if d.IsDir() {
			tpl.dirs = append(tpl.dirs, rel)
			return nil
		}
		b, err := os.ReadFile(path)
		tpl.files[rel] = b
		return err
	})
	return tpl
}

// writeTo writes the template's files into dir (an empty directory).
func (tpl *template) writeTo(dir string) error {
	if tpl.err != nil {
		return errors.Join(errors.New("building the migrated test template"), tpl.err)
	}
	for _, d := range tpl.dirs {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	for rel, b := range tpl.files {
		if err := os.WriteFile(filepath.Join(dir, rel), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
