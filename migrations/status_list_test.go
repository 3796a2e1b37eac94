package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/internbase/internbase/internal/apptest"
)

// TestStatusListBackfill: certificates issued before the migration get
// distinct status indexes 0, 1, 2, … in issue order, and the index is
// unique afterwards.
func TestStatusListBackfill(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	mig := migration(t, "1764800000_status_list.go")
	// The later migration's indexes read status_index: it goes first.
	later := migration(t, "1764900000_status_index_per_institution.go")
	apptest.Must(t, later.Down(app))
	apptest.Must(t, mig.Down(app))
	// Rows as earlier versions left them (straight SQL: only the columns
	// the backfill reads).
	for i, issued := range []string{"2026-03-01 10:00:00.000Z", "2026-01-01 10:00:00.000Z", "2026-02-01 10:00:00.000Z"} {
		_, err := app.DB().Insert("certificates", dbx.Params{"id": "bf" + strings.Repeat("0", 12) + string(rune('a'+i)),
			"number": "IB-2026-0000000" + string(rune('A'+i)), "status": "valid", "issued_at": issued}).Execute()
		apptest.Must(t, err)
	}
	apptest.Must(t, mig.Up(app))
	var rows []struct {
		ID  string `db:"id"`
		Idx int    `db:"status_index"`
	}
	apptest.Must(t, app.DB().Select("id", "status_index").From("certificates").OrderBy("issued_at").All(&rows))
	if len(rows) != 3 {
		t.Fatalf("%d certificates", len(rows))
	}
	for i, r := range rows {
		if r.Idx != i {
			t.Errorf("certificate %s (issued #%d) has status index %d", r.ID, i, r.Idx)
		}
	}
	_, err := app.DB().Update("certificates", dbx.Params{"status_index": 0}, dbx.HashExp{"id": rows[1].ID}).Execute()
	if err == nil {
		t.Error("two certificates share a status index")
	}
	apptest.Must(t, later.Up(app))
}
