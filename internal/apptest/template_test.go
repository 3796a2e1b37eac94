package apptest_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
)

// Every app starts from the migrated template with the test settings, and
// apps share nothing: what one writes, another does not see.
func TestNewAppStartsFromTheTemplate(t *testing.T) {
	t.Parallel()
	a, b := apptest.NewApp(t), apptest.NewApp(t)
	if a.DataDir() == b.DataDir() {
		t.Fatalf("two apps on one data dir %s", a.DataDir())
	}
	for _, app := range []core.App{a, b} {
		if app.Settings().RateLimits.Enabled {
			t.Error("rate limits are on")
		}
		for _, name := range []string{"users", core.CollectionNameSuperusers} {
			col, err := app.FindCollectionByNameOrId(name)
			apptest.Must(t, err)
			if f, ok := col.Fields.GetByName("password").(*core.PasswordField); !ok || f.Cost != 4 {
				t.Errorf("%s: password field %#v, want cost 4", name, col.Fields.GetByName("password"))
			}
		}
	}
	apptest.Institution(t, a, nil)
	if n, err := b.CountRecords("institutions"); err != nil || n != 0 {
		t.Errorf("the other app has %d institutions (%v)", n, err)
	}
	if n, err := a.CountRecords("institutions"); err != nil || n != 1 {
		t.Errorf("the app has %d institutions (%v)", n, err)
	}
}
