package reliability

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver PocketBase itself uses
)

// ledger records every write the server acknowledged with a 2xx.
type ledger struct {
	mu       sync.Mutex
	entries  map[string]float64 // logbook entry id → hours
	reviews  map[string]string  // entry id → approved | rejected
	appState map[string]string  // application id → last acknowledged status
}

func (l *ledger) set(m map[string]string, k, v string) {
	l.mu.Lock()
	m[k] = v
	l.mu.Unlock()
}

// rank orders application states so that a later state than the last
// acknowledged one is accepted (its response may have been lost in the kill).
var rank = map[string]int{"submitted": 1, "endorsed": 2, "offered": 3, "accepted": 4, "declined": 4, "withdrawn": 4, "rejected": 4}

type world struct {
	admin, coord, sup *api
	placed            []placedStudent
	applicants        []*api
	internships       []string
}

type placedStudent struct {
	api       *api
	placement string
	next      int // next logbook day offset to use
}

func setup(t *testing.T, s *server) *world {
	t.Helper()
	admin := s.as(superuserToken(t, s))
	admin.must(t, "PATCH", "/api/settings", map[string]any{"rateLimits": map[string]any{"enabled": false}})
	reg := admin.must(t, "POST", "/api/collections/regulations/records", map[string]any{"name": "Crash regulation"})
	inst := admin.must(t, "POST", "/api/collections/institutions/records", map[string]any{"name": "Crash College", "code": "CRASH", "regulation": reg["id"]})
	org := admin.must(t, "POST", "/api/collections/organizations/records", map[string]any{"name": "Crash Host", "verified": true})
	user := func(role, tag string, extra map[string]any) *api {
		body := map[string]any{"email": tag + "@crash.test", "password": adminPass, "passwordConfirm": adminPass, "name": tag, "role": role}
		for k, v := range extra {
			body[k] = v
		}
		u := admin.must(t, "POST", "/api/collections/users/records", body)
		return s.as(impersonate(t, admin, u["id"].(string)))
	}
	w := &world{admin: admin}
	w.coord = user("coordinator", "coord", map[string]any{"institution": inst["id"]})
	w.sup = user("supervisor", "sup", map[string]any{"organization": org["id"]})
	for i := 0; i < 4; i++ {
		in := w.sup.must(t, "POST", "/api/collections/internships/records", map[string]any{"title": fmt.Sprintf("Crash internship %d", i),
			"seats": 50, "starts_on": day(1), "ends_on": day(120), "apply_by": day(1), "hours": 100})
		w.sup.must(t, "PATCH", "/api/collections/internships/records/"+in["id"].(string), map[string]any{"status": "open"})
		w.internships = append(w.internships, in["id"].(string))
	}
	for i := 0; i < 6; i++ {
		st := user("student", fmt.Sprintf("placed%d", i), map[string]any{"institution": inst["id"], "register_no": fmt.Sprintf("P%d", i), "semester": 5})
		app := st.must(t, "POST", "/api/collections/applications/records", map[string]any{"internship": w.internships[i%4]})
		path := "/api/collections/applications/records/" + app["id"].(string)
		w.coord.must(t, "PATCH", path, map[string]any{"status": "endorsed"})
		w.sup.must(t, "PATCH", path, map[string]any{"status": "offered"})
		st.must(t, "PATCH", path, map[string]any{"status": "accepted"})
		p := st.must(t, "GET", "/api/collections/placements/records?filter="+q(fmt.Sprintf(`application="%s"`, app["id"])), nil)
		pid := p["items"].([]any)[0].(map[string]any)["id"].(string)
		w.placed = append(w.placed, placedStudent{api: st, placement: pid, next: -100})
	}
	for _, id := range w.internships {
		admin.must(t, "PATCH", "/api/collections/internships/records/"+id, map[string]any{"starts_on": day(-110)})
	}
	for i := 0; i < 40; i++ {
		w.applicants = append(w.applicants, user("student", fmt.Sprintf("applicant%d", i), map[string]any{"institution": inst["id"], "register_no": fmt.Sprintf("A%d", i), "semester": 4}))
	}
	return w
}

// load runs concurrent workflow writes against s until stop is closed.
func load(s *server, w *world, l *ledger, stop <-chan struct{}, cycle int) *sync.WaitGroup {
	var wg sync.WaitGroup
	running := func() bool {
		select {
		case <-stop:
			return false
		default:
			return true
		}
	}
	retarget := func(a *api) *api { return &api{base: s.url, token: a.token, http: a.http} }

	for i := range w.placed {
		wg.Add(1)
		go func(p *placedStudent) {
			defer wg.Done()
			st := retarget(p.api)
			for running() && p.next <= 0 {
				hours := float64(1 + rand.IntN(8))
				r := st.do("POST", "/api/collections/logbook_entries/records", map[string]any{
					"placement": p.placement, "date": day(p.next), "hours": hours, "activity": fmt.Sprintf("Crash-test work on day %d, cycle %d.", p.next, cycle)})
				if r.Err != nil {
					continue // the server is gone; the date may or may not be used, so move on
				}
				p.next++
				if r.ok() {
					l.mu.Lock()
					l.entries[r.id()] = hours
					l.mu.Unlock()
				}
			}
		}(&w.placed[i])
	}
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sup := retarget(w.sup)
			for running() {
				r := sup.do("GET", "/api/collections/logbook_entries/records?perPage=20&filter="+q(`status="pending"`), nil)
				items, _ := r.Body["items"].([]any)
				if len(items) == 0 {
					time.Sleep(5 * time.Millisecond)
					continue
				}
				for _, it := range items {
					id := it.(map[string]any)["id"].(string)
					body, to := map[string]any{"status": "approved"}, "approved"
					if rand.IntN(4) == 0 {
						body, to = map[string]any{"status": "rejected", "review_note": "Add more detail."}, "rejected"
					}
					if rr := sup.do("PATCH", "/api/collections/logbook_entries/records/"+id, body); rr.ok() {
						l.set(l.reviews, id, to)
					}
				}
			}
		}()
	}
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			coord, sup := retarget(w.coord), retarget(w.sup)
			for running() {
				st := retarget(w.applicants[rand.IntN(len(w.applicants))])
				r := st.do("POST", "/api/collections/applications/records", map[string]any{"internship": w.internships[rand.IntN(len(w.internships))]})
				if !r.ok() {
					continue // duplicate or busy: fine
				}
				id := r.id()
				l.set(l.appState, id, "submitted")
				path := "/api/collections/applications/records/" + id
				for _, step := range []struct {
					who *api
					to  string
				}{{coord, "endorsed"}, {sup, "offered"}, {st, []string{"accepted", "declined"}[rand.IntN(2)]}} {
					if !running() {
						return
					}
					rr := step.who.do("PATCH", path, map[string]any{"status": step.to})
					if !rr.ok() {
						break
					}
					l.set(l.appState, id, step.to)
				}
			}
		}(g)
	}
	return &wg
}

// TestCrashConsistency kills the server with SIGKILL at random moments of
// concurrent workflow writes, several times; after each restart the database
// is intact, every acknowledged write is there, no transition is half
// applied, and the server answers again within two seconds.
func TestCrashConsistency(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts the real binary several times")
	}
	dir := t.TempDir()
	s := newServer(t, dir)
	s.start()
	w := setup(t, s)
	l := &ledger{entries: map[string]float64{}, reviews: map[string]string{}, appState: map[string]string{}}

	const cycles = 4
	for cycle := 0; cycle < cycles; cycle++ {
		stop := make(chan struct{})
		wg := load(s, w, l, stop, cycle)
		time.Sleep(time.Duration(1200+rand.IntN(2500)) * time.Millisecond)
		s.kill() // mid-flight: requests are cut off wherever they are
		close(stop)
		wg.Wait()

		checkIntegrity(t, dir)
		s.start()
		if s.ready > 2*time.Second {
			t.Errorf("cycle %d: healthy after %v, want ≤ 2 s", cycle, s.ready)
		}
		checkLedger(t, dir, l, cycle)
	}
	s.kill()
	l.mu.Lock()
	t.Logf("%d cycles: %d acknowledged entries, %d reviews, %d applications", cycles, len(l.entries), len(l.reviews), len(l.appState))
	if len(l.entries) < 20 || len(l.reviews) < 10 || len(l.appState) < 10 {
		t.Errorf("too little load to prove anything: %d entries, %d reviews, %d applications", len(l.entries), len(l.reviews), len(l.appState))
	}
	l.mu.Unlock()
}

func open(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "data.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func checkIntegrity(t *testing.T, dir string) {
	t.Helper()
	db := open(t, dir)
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
}

func checkLedger(t *testing.T, dir string, l *ledger, cycle int) {
	t.Helper()
	db := open(t, dir)
	defer db.Close()
	l.mu.Lock()
	defer l.mu.Unlock()

	for id, hours := range l.entries {
		var h float64
		var status string
		if err := db.QueryRow("SELECT hours, status FROM logbook_entries WHERE id = ?", id).Scan(&h, &status); err != nil {
			t.Errorf("cycle %d: acknowledged entry %s lost: %v", cycle, id, err)
			continue
		}
		if h != hours {
			t.Errorf("cycle %d: entry %s hours %v, acknowledged %v", cycle, id, h, hours)
		}
		if want, ok := l.reviews[id]; ok && status != want {
			t.Errorf("cycle %d: entry %s is %s, acknowledged %s", cycle, id, status, want)
		}
	}
	for id, acked := range l.appState {
		var status string
		if err := db.QueryRow("SELECT status FROM applications WHERE id = ?", id).Scan(&status); err != nil {
			t.Errorf("cycle %d: acknowledged application %s lost: %v", cycle, id, err)
			continue
		}
		if rank[status] < rank[acked] || (rank[status] == 4 && rank[acked] == 4 && status != acked) {
			t.Errorf("cycle %d: application %s is %s, acknowledged %s", cycle, id, status, acked)
		}
	}

	invariant := func(name, query string) {
		var n int
		if err := db.QueryRow(query).Scan(&n); err != nil || n != 0 {
			t.Errorf("cycle %d: %s: %d (%v)", cycle, name, n, err)
		}
	}
	invariant("accepted applications without exactly one placement",
		`SELECT count(*) FROM applications a WHERE a.status = 'accepted' AND (SELECT count(*) FROM placements p WHERE p.application = a.id) != 1`)
	invariant("placements whose application is not accepted",
		`SELECT count(*) FROM placements p JOIN applications a ON a.id = p.application WHERE a.status != 'accepted'`)
	invariant("placements whose approved_hours differ from their approved entries",
		`SELECT count(*) FROM placements p WHERE abs(p.approved_hours - (SELECT coalesce(sum(e.hours), 0) FROM logbook_entries e WHERE e.placement = p.id AND e.status = 'approved')) > 1e-9`)
	invariant("status changes without their audit event",
		`SELECT count(*) FROM applications a WHERE a.status != 'submitted' AND NOT EXISTS (SELECT 1 FROM audit_events ev WHERE ev.record = a.id AND ev."to" = a.status)`)
}
