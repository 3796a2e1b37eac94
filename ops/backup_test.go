package ops

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/archive"

	// PocketBase's SQLite driver (pure Go), registered as "sqlite".
	_ "github.com/pocketbase/pocketbase/core"
)

// TestBackupRestore proves DESIGN.md §7's backups: the daily job is
// configured (02:00 UTC, keep 7) and runs; a backup made through PocketBase's
// backup API and unzipped into a fresh data dir serves every record and every
// file exactly as before.
func TestBackupRestore(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data) // local storage: backups hold pb_data/storage
	admin := superuser(t, srv.URL)

	t.Run("daily backup configured", func(t *testing.T) {
		var settings struct {
			Backups struct {
				Cron        string `json:"cron"`
				CronMaxKeep int    `json:"cronMaxKeep"`
			} `json:"backups"`
		}
		admin.json("GET", "/api/settings", nil, 200, &settings)
		if settings.Backups.Cron != "0 2 * * *" || settings.Backups.CronMaxKeep != 7 {
			t.Errorf("settings.backups = %+v, want cron \"0 2 * * *\" and cronMaxKeep 7", settings.Backups)
		}
		var jobs []struct{ ID, Expression string }
		admin.json("GET", "/api/crons", nil, 200, &jobs)
		if !slices.Contains(jobs, struct{ ID, Expression string }{"__pbAutoBackup__", "0 2 * * *"}) {
			t.Errorf("the cron jobs %+v lack __pbAutoBackup__ at 0 2 * * *", jobs)
		}
	})

	w := newWorld(t, srv.URL)
	// Fetch the files once while the world is live: the certificate PDF is
	// generated, so its bytes are known only from the server.
	files := w.files()
	tok := w.s1.fileToken()
	for i, f := range files {
		code, b := download(t, srv.URL, f.collection, f.recordID, f.name, tok)
		if code != 200 {
			t.Fatalf("%s: download status %d", f.label, code)
		}
		files[i].want = b
	}

	t.Run("the scheduled job makes an archive", func(t *testing.T) {
		admin.json("POST", "/api/crons/__pbAutoBackup__", nil, 204, nil)
		waitBackup(t, admin, func(key string) bool { return strings.HasPrefix(key, "@auto_pb_backup_") })
	})

	before := dumpRecords(t, admin)
	const key = "ops_roundtrip.zip"
	waitIdle(t, admin)
	admin.json("POST", "/api/backups", map[string]any{"name": key}, 204, nil)
	waitBackup(t, admin, func(k string) bool { return k == key })

	if code, _ := anon(t, srv.URL).do("GET", "/api/backups/"+key, nil, ""); code == 200 {
		t.Errorf("a backup downloads without a superuser file token")
	}
	if code, _ := anon(t, srv.URL).do("GET", "/api/backups/"+key+"?token="+url.QueryEscape(w.s1.fileToken()), nil, ""); code == 200 {
		t.Errorf("a backup downloads with a student's file token")
	}
	code, archived := anon(t, srv.URL).do("GET", "/api/backups/"+key+"?token="+url.QueryEscape(admin.fileToken()), nil, "")
	if code != 200 {
		t.Fatalf("download the backup: status %d: %s", code, archived)
	}
	checkArchive(t, archived)
	srv.stop()

	// Restore = unzip into a fresh data dir (what PocketBase's own restore does
	// before it swaps the directories and restarts).
	zipPath := filepath.Join(t.TempDir(), key)
	if err := os.WriteFile(zipPath, archived, 0o600); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "pb_data")
	if err := archive.Extract(zipPath, restored); err != nil {
		t.Fatalf("extract: %v", err)
	}

	// Byte for byte: every table of data.db and every stored file.
	if a, b := dumpTables(t, filepath.Join(data, "data.db")), dumpTables(t, filepath.Join(restored, "data.db")); a != b {
		t.Errorf("data.db tables differ after restore:\n%s", firstDiff(a, b))
	}
	if a, b := hashTree(t, filepath.Join(data, "storage")), hashTree(t, filepath.Join(restored, "storage")); !maps.Equal(a, b) {
		t.Errorf("stored files differ after restore:\nbefore %v\nafter  %v", a, b)
	} else if len(a) < 3 {
		t.Errorf("only %d stored files were compared, want at least the résumé, the report and the certificate", len(a))
	} else {
		t.Logf("%d stored files byte-identical after restore", len(a))
	}

	// Served again: every record of every collection as the API returns it,
	// old sessions still valid, and the protected files.
	srv2 := serve(t, restored)
	admin2 := &client{t: t, base: srv2.URL, token: admin.token}
	after := dumpRecords(t, admin2)
	for coll, recs := range before {
		if after[coll] != recs {
			t.Errorf("collection %s differs after restore:\n%s", coll, firstDiff(recs, after[coll]))
		}
	}
	if len(after) != len(before) {
		t.Errorf("collections: %d before, %d after", len(before), len(after))
	}
	s1 := &client{t: t, base: srv2.URL, token: w.s1.token}
	tok = s1.fileToken()
	for _, f := range files {
		if code, b := download(t, srv2.URL, f.collection, f.recordID, f.name, tok); code != 200 || !bytes.Equal(b, f.want) {
			t.Errorf("%s after restore: status %d, %d bytes; want 200 and the same %d bytes", f.label, code, len(b), len(f.want))
		}
		if code, _ := download(t, srv2.URL, f.collection, f.recordID, f.name, ""); code != 404 {
			t.Errorf("%s after restore without a token: status %d, want 404", f.label, code)
		}
	}
}

// waitBackup polls GET /api/backups until a key matches.
func waitBackup(t *testing.T, admin *client, match func(key string) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var list []struct {
			Key  string `json:"key"`
			Size int64  `json:"size"`
		}
		admin.json("GET", "/api/backups", nil, 200, &list)
		for _, b := range list {
			if match(b.Key) && b.Size > 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no matching backup appeared; backups: %+v", list)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitIdle waits until no backup is being made (POST /api/backups answers
// 400 while one is), by polling with a name that cannot be created.
func waitIdle(t *testing.T, admin *client) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, body := admin.do("POST", "/api/backups", strings.NewReader(`{"name":"NOT VALID"}`), "application/json")
		if code == 400 && !strings.Contains(string(body), "Try again later") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("a backup is still running: %d %s", code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkArchive checks the archive holds the database and the files, and not
// the backups directory itself.
func checkArchive(t *testing.T, b []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the backup is not a zip archive: %v", err)
	}
	var names []string
	storage := 0
	for _, f := range zr.File {
		names = append(names, f.Name)
		if strings.HasPrefix(f.Name, "storage/") {
			storage++
		}
		if strings.HasPrefix(f.Name, "backups/") {
			t.Errorf("the archive contains the backups dir: %s", f.Name)
		}
	}
	if !slices.Contains(names, "data.db") || storage < 3 {
		t.Errorf("the archive lacks data.db or the stored files: %v", names)
	}
}

// dumpRecords returns, per collection, every record as the API shows a
// superuser (hidden fields included), in id order.
func dumpRecords(t *testing.T, admin *client) map[string]string {
	t.Helper()
	var cols struct {
		Items []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"items"`
	}
	admin.json("GET", "/api/collections?perPage=500", nil, 200, &cols)
	out := map[string]string{}
	filled := 0
	for _, c := range cols.Items {
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		sort := "&sort=id"
		if c.Type == "view" {
			sort = ""
		}
		admin.json("GET", "/api/collections/"+c.Name+"/records?perPage=1000&skipTotal=1"+sort, nil, 200, &page)
		var sb strings.Builder
		for _, r := range page.Items {
			sb.Write(r)
			sb.WriteByte('\n')
		}
		out[c.Name] = sb.String()
		if len(page.Items) > 0 {
			filled++
		}
	}
	// The world touches most of the schema; make sure the comparison is not
	// vacuous.
	if filled < 12 {
		t.Fatalf("only %d collections have records; the world is too small to prove a restore", filled)
	}
	t.Logf("%s: %d collections, %d with records", admin.base, len(cols.Items), filled)
	return out
}

// dumpTables renders every table of the SQLite database at path, row by row
// in rowid order.
func dumpTables(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	var sb strings.Builder
	for _, table := range tables {
		rows, err := db.Query(fmt.Sprintf("SELECT * FROM %q ORDER BY rowid", table))
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(&sb, "== %s %v\n", table, cols)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			fmt.Fprintf(&sb, "%q\n", vals)
		}
		rows.Close()
	}
	return sb.String()
}

// hashTree maps every file under dir (relative path) to its SHA-256.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sum := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return out
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return "(no difference)"
}
