package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
)

// migration returns the registered migration of file name.
func migration(t testing.TB, name string) *core.Migration {
	t.Helper()
	for _, it := range core.AppMigrations.Items() {
		if strings.HasSuffix(it.File, name) {
			return it
		}
	}
	t.Fatalf("migration %s is not registered", name)
	return nil
}

// TestStatusIndexPerInstitution: certificates issued before the migration
// keep their (platform-wide distinct) indexes; afterwards two institutions
// may hold the same index, one institution may not hold it twice.
func TestStatusIndexPerInstitution(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	mig := migration(t, "1764900000_status_index_per_institution.go")
	apptest.Must(t, mig.Down(app))
	// Rows as the platform-wide lists left them (straight SQL: only the
	// columns the indexes read).
	rows := []struct{ id, inst string }{{"a", "insta"}, {"b", "instb"}, {"c", "insta"}, {"d", "instb"}}
	for i, r := range rows {
		_, err := app.DB().Insert("certificates", dbx.Params{"id": "pi" + strings.Repeat("0", 12) + r.id,
			"number": "IB-2026-0000000" + strings.ToUpper(r.id), "status": "valid", "institution": r.inst, "status_index": i}).Execute()
		apptest.Must(t, err)
	}
	// Before it: two institutions cannot share an index.
	_, err := app.DB().Update("certificates", dbx.Params{"status_index": 0}, dbx.HashExp{"id": "pi000000000000b"}).Execute()
	if err == nil {
		t.Fatal("before the migration, two institutions share a status index")
	}
	apptest.Must(t, mig.Up(app))

	var kept []struct {
		ID  string `db:"id"`
		Idx int    `db:"status_index"`
	}
	apptest.Must(t, app.DB().Select("id", "status_index").From("certificates").OrderBy("id").All(&kept))
	if len(kept) != len(rows) {
		t.Fatalf("%d certificates, want %d", len(kept), len(rows))
	}
	for i, r := range kept {
		if r.Idx != i {
			t.Errorf("certificate %s: status index %d, want %d (unchanged)", r.ID, r.Idx, i)
		}
	}
	// instb's certificate takes insta's index 0: allowed.
	_, err = app.DB().Update("certificates", dbx.Params{"status_index": 0}, dbx.HashExp{"id": "pi000000000000b"}).Execute()
	apptest.Must(t, err)
	// insta's other certificate takes it too: refused.
	_, err = app.DB().Update("certificates", dbx.Params{"status_index": 0}, dbx.HashExp{"id": "pi000000000000c"}).Execute()
	if err == nil {
		t.Error("two certificates of one institution share a status index")
	}
	certificates, err := app.FindCollectionByNameOrId("certificates")
	apptest.Must(t, err)
	for _, name := range []string{"idx_certificates_status_index", "idx_certificates_status_bits"} {
		if certificates.GetIndex(name) != "" {
			t.Errorf("index %s is still there", name)
		}
	}
}
