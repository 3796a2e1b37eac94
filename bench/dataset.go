package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/regulations"
)

// sizes is the dataset; the defaults are issue 6's college-network scale.
type sizes struct {
	institutions, organizations, students, internships int
	applications, placements, logbook, certificates    int
	coordinators, mentors, supervisors                 int
}

func defaultSizes() sizes {
	return sizes{
		institutions: 300, organizations: 1000, students: 100_000, internships: 5000,
		applications: 300_000, placements: 50_000, logbook: 1_500_000, certificates: 20_000,
		coordinators: 2, mentors: 10, supervisors: 2,
	}
}

func smokeSizes() sizes {
	return sizes{
		institutions: 3, organizations: 10, students: 400, internships: 40,
		applications: 1200, placements: 200, logbook: 6000, certificates: 80,
		coordinators: 2, mentors: 3, supervisors: 2,
	}
}

func (s sizes) validate() error {
	switch {
	case s.institutions < 1 || s.organizations < 1 || s.students < 1 || s.internships < 10:
		return fmt.Errorf("need at least 1 institution, 1 organization, 1 student and 10 internships")
	case s.coordinators < 1 || s.mentors < 1 || s.supervisors < 1:
		return fmt.Errorf("need at least one coordinator, mentor and supervisor per tenant")
	case s.placements > s.students:
		return fmt.Errorf("placements (%d) cannot exceed students (%d): one placement per student", s.placements, s.students)
	case s.applications < s.placements:
		return fmt.Errorf("applications (%d) must be at least placements (%d)", s.applications, s.placements)
	case (s.applications+s.students-1)/s.students*2+2 > s.internships:
		return fmt.Errorf("too few internships (%d) for %d applications per student", s.internships, (s.applications+s.students-1)/s.students)
	case s.placements > 0 && s.logbook/s.placements > 120:
		return fmt.Errorf("at most 120 logbook entries per placement (the internship window)")
	}
	return nil
}

func (s sizes) String() string {
	return fmt.Sprintf("%d institutions, %d organizations, %d students, %d internships, %d applications, %d placements, %d logbook entries, %d certificates (+%d coordinators and %d mentors per institution, %d supervisors per organization)",
		s.institutions, s.organizations, s.students, s.internships, s.applications, s.placements, s.logbook, s.certificates,
		s.coordinators, s.mentors, s.supervisors)
}

// BenchPassword is every generated user's password (one bcrypt hash is
// shared by all of them).
const BenchPassword = "bench-password-1"

// world is what the scenarios need to know about the generated data.
type world struct {
	today        time.Time
	institutions []string
	orgs         []string
	coordinators [][]string // per institution
	mentors      [][]string // per institution
	supervisors  [][]string // per organization
	students     []string   // student number → id

	ongoing         []ongoingPlacement
	submittedApps   []appRef // a submitted application of a student without placement, one per student
	pipelineOrgs    []int    // organizations with endorsed/shortlisted/offered applications
	mentorsPending  []string // mentors with a final report to review
	coordsWithOngo  []string // coordinators of institutions with ongoing placements
	certs           []certRef
	notifications   []string       // the seeded notification of student i
	tables          map[string]int // rows generated per table
	generationTook  time.Duration
	generationBytes int64
}

type ongoingPlacement struct {
	student   string
	placement string
	firstFree time.Time // the day after the last generated entry
	lastDay   time.Time // last allowed day (min(ends_on, yesterday))
}

type appRef struct {
	id      string
	student int
	inst    int
}

type certRef struct {
	id, number string
	inst       int
}

// idGen makes PocketBase-style ids (15 chars of [a-z0-9]), pseudorandom
// but reproducible.
type idGen struct{ state uint64 }

func (g *idGen) mix() uint64 {
	g.state += 0x9e3779b97f4a7c15
	z := g.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (g *idGen) next() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b [15]byte
	x, y := g.mix(), g.mix()
	for i := range b {
		if i < 12 {
			b[i] = alphabet[x%36]
			x /= 36
		} else {
			b[i] = alphabet[y%36]
			y /= 36
		}
	}
	return string(b[:])
}

// mix is a stateless hash (splitmix64's finalizer): statuses drawn from it
// do not line up with institutions or organizations, which are assigned
// by index modulo their count.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func ts(t time.Time) string  { return t.UTC().Format("2006-01-02 15:04:05.000Z") }
func day(t time.Time) string { return t.UTC().Format("2006-01-02") + " 00:00:00.000Z" }

// loader is the one write transaction of the generator (SQLite has one
// writer): every inserter writes through it, and it commits every
// commitEvery rows.
type loader struct {
	db    *sql.DB
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	rows  int
}

func (l *loader) exec(query string, args []any) error {
	if l.tx == nil {
		tx, err := l.db.Begin()
		if err != nil {
			return err
		}
		l.tx, l.stmts = tx, map[string]*sql.Stmt{}
	}
	st, ok := l.stmts[query]
	if !ok {
		var err error
		if st, err = l.tx.Prepare(query); err != nil {
			return err
		}
		l.stmts[query] = st
	}
	if _, err := st.Exec(args...); err != nil {
		return err
	}
	l.rows += len(args)
	if l.rows >= commitEvery*8 {
		return l.commit()
	}
	return nil
}

func (l *loader) commit() error {
	if l.tx == nil {
		return nil
	}
	for _, st := range l.stmts {
		st.Close()
	}
	err := l.tx.Commit()
	l.tx, l.stmts, l.rows = nil, nil, 0
	return err
}

// inserter writes rows of one table with multi-row INSERTs.
type inserter struct {
	l       *loader
	table   string
	cols    []string
	full    string
	args    []any
	pending int
	total   int
}

const (
	rowsPerStatement = 64
	commitEvery      = 100_000 // rows (counted as values / 8)
)

func newInserter(l *loader, table string, cols ...string) (*inserter, error) {
	in := &inserter{l: l, table: table, cols: cols}
	in.full = in.sqlFor(rowsPerStatement)
	return in, nil
}

func (in *inserter) sqlFor(rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(in.cols)), ",") + ")"
	return "INSERT INTO `" + in.table + "` (`" + strings.Join(in.cols, "`,`") + "`) VALUES " +
		strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
}

func (in *inserter) add(vals ...any) error {
	if len(vals) != len(in.cols) {
		return fmt.Errorf("%s: %d values for %d columns", in.table, len(vals), len(in.cols))
	}
	in.args = append(in.args, vals...)
	in.pending++
	in.total++
	if in.pending == rowsPerStatement {
		if err := in.l.exec(in.full, in.args); err != nil {
			return fmt.Errorf("insert into %s: %w", in.table, err)
		}
		in.args, in.pending = in.args[:0], 0
	}
	return nil
}

// close writes the last rows (the loader commits at the end).
func (in *inserter) close() (int, error) {
	if in.pending > 0 {
		if err := in.l.exec(in.sqlFor(in.pending), in.args); err != nil {
			return in.total, fmt.Errorf("insert into %s: %w", in.table, err)
		}
		in.args, in.pending = in.args[:0], 0
	}
	return in.total, nil
}

// generate bulk-loads the dataset into dataDir/data.db (migrated, server
// stopped) and returns what the scenarios need.
func generate(dataDir string, sz sizes) (*world, error) {
	began := time.Now()
	// A bulk load into a fresh file: no journal, no syncs, one exclusive
	// connection, the secondary indexes dropped during the load and
	// rebuilt (sorted) at the end; then back to WAL, as PocketBase runs it.
	dsn := "file:" + filepath.Join(dataDir, "data.db") +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=locking_mode(EXCLUSIVE)" +
		"&_pragma=foreign_keys(OFF)&_pragma=cache_size(-1048576)&_pragma=temp_store(MEMORY)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	indexes, err := dropIndexes(db)
	if err != nil {
		return nil, err
	}

	g := &generator{db: db, l: &loader{db: db}, sz: sz, ids: &idGen{state: 0x1b2c3d4e5f607182}, rnd: mrand.New(mrand.NewPCG(6, 2026))}
	g.w = &world{today: clock.Zone{Loc: clock.LoadLocation(os.Getenv(clock.TimezoneEnv))}.DayOf(time.Now()), tables: map[string]int{}}
	steps := []func() error{g.regulation, g.institutions, g.organizations, g.users, g.internships, g.applications,
		g.placements, g.certificates, g.notifications}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if err := g.l.commit(); err != nil {
		return nil, err
	}
	for _, ix := range indexes {
		if _, err := db.Exec(ix); err != nil {
			return nil, fmt.Errorf("rebuild index: %w\n%s", err, ix)
		}
	}
	if _, err := db.Exec("PRAGMA journal_mode=WAL"); err != nil {
		return nil, fmt.Errorf("back to WAL: %w", err)
	}
	g.w.generationTook = time.Since(began)
	return g.w, nil
}

// bulkTables are the tables whose secondary indexes are dropped during
// the load and rebuilt after it.
var bulkTables = []string{"users", "applications", "placements", "logbook_entries", "submissions", "evaluations",
	"certificates", "tasks", "internships"}

// dropIndexes drops the secondary indexes of the bulk tables (the unique
// ones too: the generator keeps them unique by construction, and they are
// checked when rebuilt) and returns the statements that recreate them.
func dropIndexes(db *sql.DB) ([]string, error) {
	q := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('" +
		strings.Join(bulkTables, "','") + "')"
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	var names, stmts []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			rows.Close()
			return nil, err
		}
		names, stmts = append(names, name), append(stmts, stmt)
	}
	rows.Close()
	for _, n := range names {
		if _, err := db.Exec("DROP INDEX `" + n + "`"); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

type generator struct {
	db  *sql.DB
	l   *loader
	sz  sizes
	ids *idGen
	rnd *mrand.Rand
	w   *world

	regulation1 string
	instNames   []string
	orgNames    []string
	intern      []internship
	studentName []string
	studentReg  []string
	// lap-0 application of each student (the accepted one for placed
	// students), the rest are derived.
	acceptedApp []string
	appInternsh []int
	completed   []completedPlacement
}

type internship struct {
	id, supervisor, title string
	tasks                 [2]string // assignment, final report
	org                   int
	open                  bool
	startsOn, endsOn      time.Time
}

// created spreads creation times over the past year.
func (g *generator) created(i, n int) string {
	if n < 1 {
		n = 1
	}
	return ts(g.w.today.AddDate(0, 0, -330).Add(time.Duration(int64(i) * int64(300*24*time.Hour) / int64(n))))
}

func (g *generator) put(table string, rows int) {
	g.w.tables[table] += rows
}

func (g *generator) regulation() error {
	in, err := newInserter(g.l, "regulations", "id", "name", "hours_per_credit", "credits", "min_hours", "max_marks",
		"pass_percent", "semester_min", "semester_max", "requires_endorsement", "supervisor_weight",
		"supervisor_criteria", "mentor_criteria", "grade_scale", "created", "updated")
	if err != nil {
		return err
	}
	sc, _ := json.Marshal(regulations.DefaultSupervisorCriteria)
	mc, _ := json.Marshal(regulations.DefaultMentorCriteria)
	gs, _ := json.Marshal(regulations.DefaultGradeScale)
	g.regulation1 = g.ids.next()
	c := g.created(0, 1)
	if err := in.add(g.regulation1, "Bench University FYUGP 2024", 30, 2, 60, 50, 40, 1, 6, true, 40,
		string(sc), string(mc), string(gs), c, c); err != nil {
		return err
	}
	n, err := in.close()
	g.put("regulations", n)
	return err
}

var districts = []string{"Thiruvananthapuram", "Kollam", "Pathanamthitta", "Alappuzha", "Kottayam", "Idukki", "Ernakulam",
	"Thrissur", "Palakkad", "Malappuram", "Kozhikode", "Wayanad", "Kannur", "Kasaragod"}

func (g *generator) institutions() error {
	in, err := newInserter(g.l, "institutions", "id", "name", "code", "university", "district", "regulation", "created", "updated")
	if err != nil {
		return err
	}
	for i := 0; i < g.sz.institutions; i++ {
		id := g.ids.next()
		name := fmt.Sprintf("Bench College %04d", i)
		g.w.institutions = append(g.w.institutions, id)
		g.instNames = append(g.instNames, name)
		c := g.created(i, g.sz.institutions)
		if err := in.add(id, name, fmt.Sprintf("BC%04d", i), "Bench University", districts[i%len(districts)], g.regulation1, c, c); err != nil {
			return err
		}
	}
	n, err := in.close()
	g.put("institutions", n)
	return err
}

func (g *generator) organizations() error {
	in, err := newInserter(g.l, "organizations", "id", "name", "kind", "website", "district", "about", "verified", "charges_fee", "created", "updated")
	if err != nil {
		return err
	}
	kinds := []string{"company", "startup", "research_lab", "ngo", "government", "academic"}
	for i := 0; i < g.sz.organizations; i++ {
		id := g.ids.next()
		name := fmt.Sprintf("Bench Host %04d", i)
		g.w.orgs = append(g.w.orgs, id)
		g.orgNames = append(g.orgNames, name)
		c := g.created(i, g.sz.organizations)
		if err := in.add(id, name, kinds[i%len(kinds)], fmt.Sprintf("https://host%04d.example.org", i), districts[i%len(districts)],
			"<p>A host organisation of the bench dataset.</p>", true, false, c, c); err != nil {
			return err
		}
	}
	n, err := in.close()
	g.put("organizations", n)
	return err
}

func randomTokenKey() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var b [50]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

// users: staff of every tenant, then the students. One bcrypt hash for all.
func (g *generator) users() error {
	hash, err := bcrypt.GenerateFromPassword([]byte(BenchPassword), 10)
	if err != nil {
		return err
	}
	in, err := newInserter(g.l, "users", "id", "email", "emailVisibility", "verified", "password", "tokenKey", "name",
		"role", "institution", "organization", "register_no", "program", "semester", "phone", "created", "updated")
	if err != nil {
		return err
	}
	add := func(email, name, role, inst, org, regNo, program string, sem int, i, n int) (string, error) {
		id := g.ids.next()
		c := g.created(i, n)
		return id, in.add(id, email, false, true, string(hash), randomTokenKey(), name, role, inst, org, regNo, program, sem,
			fmt.Sprintf("+9194%08d", g.rnd.IntN(1e8)), c, c)
	}
	g.w.coordinators = make([][]string, g.sz.institutions)
	g.w.mentors = make([][]string, g.sz.institutions)
	for i, inst := range g.w.institutions {
		for k := 0; k < g.sz.coordinators; k++ {
			id, err := add(fmt.Sprintf("coord%04d.%d@bench.internbase.test", i, k), fmt.Sprintf("Coordinator %04d-%d", i, k),
				access.RoleCoordinator, inst, "", "", "", 0, i, g.sz.institutions)
			if err != nil {
				return err
			}
			g.w.coordinators[i] = append(g.w.coordinators[i], id)
		}
		for k := 0; k < g.sz.mentors; k++ {
			id, err := add(fmt.Sprintf("mentor%04d.%d@bench.internbase.test", i, k), fmt.Sprintf("Mentor %04d-%d", i, k),
				access.RoleMentor, inst, "", "", "", 0, i, g.sz.institutions)
			if err != nil {
				return err
			}
			g.w.mentors[i] = append(g.w.mentors[i], id)
		}
	}
	g.w.supervisors = make([][]string, g.sz.organizations)
	for o, org := range g.w.orgs {
		for k := 0; k < g.sz.supervisors; k++ {
			id, err := add(fmt.Sprintf("sup%04d.%d@bench.internbase.test", o, k), fmt.Sprintf("Supervisor %04d-%d", o, k),
				access.RoleSupervisor, "", org, "", "", 0, o, g.sz.organizations)
			if err != nil {
				return err
			}
			g.w.supervisors[o] = append(g.w.supervisors[o], id)
		}
	}
	programs := []string{"BSc Computer Science", "BCom Finance", "BA Economics", "BSc Physics", "BBA", "BSc Mathematics"}
	g.w.students = make([]string, g.sz.students)
	g.studentName = make([]string, g.sz.students)
	g.studentReg = make([]string, g.sz.students)
	for s := 0; s < g.sz.students; s++ {
		inst := s % g.sz.institutions
		name := fmt.Sprintf("Student %06d Bench", s)
		reg := fmt.Sprintf("BC%04dS%06d", inst, s)
		id, err := add(fmt.Sprintf("s%06d@bench.internbase.test", s), name, access.RoleStudent, g.w.institutions[inst], "", reg,
			programs[s%len(programs)], 3+s%4, s, g.sz.students)
		if err != nil {
			return err
		}
		g.w.students[s] = id
		g.studentName[s] = name
		g.studentReg[s] = reg
	}
	n, err := in.close()
	g.put("users", n)
	return err
}

// internships: every tenth is open (applications still coming, starts
// later); the rest are closed and running: their window started 170 to 190
// days ago and ends 50 to 70 days from now, so an ongoing placement has
// many past days that no entry uses yet.
func (g *generator) internships() error {
	in, err := newInserter(g.l, "internships", "id", "organization", "supervisor", "title", "description", "skills", "mode",
		"location", "district", "seats", "starts_on", "ends_on", "apply_by", "hours", "stipend", "fee", "required_courses",
		"eligible_institutions", "min_semester", "status", "created", "updated")
	if err != nil {
		return err
	}
	tasks, err := newInserter(g.l, "tasks", "id", "internship", "title", "instructions", "kind", "due_on", "max_score", "required", "created", "updated")
	if err != nil {
		return err
	}
	modes := []string{"onsite", "remote", "hybrid"}
	today := g.w.today
	for k := 0; k < g.sz.internships; k++ {
		org := k % g.sz.organizations
		it := internship{id: g.ids.next(), org: org, supervisor: g.w.supervisors[org][k%g.sz.supervisors],
			title: fmt.Sprintf("Internship %05d at %s", k, g.orgNames[org]), open: k%10 == 0}
		var applyBy time.Time
		status := "closed"
		if it.open {
			status = "open"
			it.startsOn = today.AddDate(0, 0, 30)
			it.endsOn = it.startsOn.AddDate(0, 0, 120)
			applyBy = today.AddDate(0, 0, 15)
		} else {
			it.startsOn = today.AddDate(0, 0, -190+k%20)
			it.endsOn = it.startsOn.AddDate(0, 0, 240)
			applyBy = it.startsOn.AddDate(0, 0, -10)
		}
		g.intern = append(g.intern, it)
		c := g.created(k, g.sz.internships)
		if err := in.add(it.id, g.w.orgs[org], it.supervisor, it.title, "<p>Work with our team on real projects.</p>",
			`["go","sql","communication"]`, modes[k%3], "Kochi", districts[k%len(districts)], 60, day(it.startsOn), day(it.endsOn),
			day(applyBy), 120, 5000*(k%3), 0, "[]", "[]", 0, status, c, c); err != nil {
			return err
		}
		for t, kind := range []string{"assignment", "final_report"} {
			g.intern[k].tasks[t] = g.ids.next()
			if err := tasks.add(g.intern[k].tasks[t], it.id, strings.ReplaceAll(kind, "_", " ")+" of "+it.title, "<p>Submit your work.</p>",
				kind, day(it.endsOn), 10, true, c, c); err != nil {
				return err
			}
		}
	}
	n, err := in.close()
	g.put("internships", n)
	if err != nil {
		return err
	}
	n, err = tasks.close()
	g.put("tasks", n)
	return err
}

// internshipOf is the internship of a student's lap-th application:
// distinct per student; a placed student's first one is a running
// (closed) internship.
func (g *generator) internshipOf(s, lap int, placed bool) int {
	n := g.sz.internships
	base := int(uint64(s)*2654435761%uint64(n)) &^ 1 // even, so base+1 is never another lap's
	if lap == 0 {
		k := base
		for placed && g.intern[k].open {
			k = (k + 1) % n
		}
		return k
	}
	return (base + 2*lap) % n
}

// placed reports whether student s has a placement (the first ones, spread
// over every institution because institution = s mod institutions).
func (g *generator) placed(s int) bool { return s < g.sz.placements }

func (g *generator) applications() error {
	in, err := newInserter(g.l, "applications", "id", "internship", "student", "statement", "status", "reason",
		"endorsed_by", "decided_by", "offer_expires_at", "institution", "organization", "endorsed_at", "created", "updated")
	if err != nil {
		return err
	}
	g.acceptedApp = make([]string, g.sz.placements)
	g.appInternsh = make([]int, g.sz.placements)
	pipeline := make([]bool, g.sz.organizations)
	now := time.Now()
	total := g.sz.applications
	// Statuses of students without a placement, by (student+lap) mod 20.
	open := []string{"submitted", "submitted", "submitted", "submitted", "submitted", "submitted", "submitted", "submitted",
		"endorsed", "endorsed", "endorsed", "endorsed", "shortlisted", "shortlisted", "offered",
		"rejected", "rejected", "rejected", "declined", "expired"}
	submittedSeen := make([]bool, g.sz.students)
	for j := 0; j < total; j++ {
		s, lap := j%g.sz.students, j/g.sz.students
		placed := g.placed(s)
		k := g.internshipOf(s, lap, placed)
		it := g.intern[k]
		inst := s % g.sz.institutions
		coord := g.w.coordinators[inst][s%g.sz.coordinators]
		id := g.ids.next()
		var status, reason, endorsedBy, decidedBy, offerExp, endorsedAt string
		createdAt := it.startsOn.AddDate(0, 0, -25+lap)
		if it.open {
			createdAt = now.AddDate(0, 0, -5+lap%3)
		}
		endorsed := ts(createdAt.Add(36 * time.Hour))
		switch {
		case placed && lap == 0:
			status, endorsedBy, decidedBy, endorsedAt = "accepted", coord, it.supervisor, endorsed
			offerExp = ts(createdAt.AddDate(0, 0, 9))
			g.acceptedApp[s], g.appInternsh[s] = id, k
		case placed:
			status, reason, endorsedBy, endorsedAt = "withdrawn", "Accepted another offer.", coord, endorsed
		default:
			status = open[mix(uint64(s)*8+uint64(lap)+1<<40)%uint64(len(open))]
			switch status {
			case "submitted":
				if !submittedSeen[s] {
					submittedSeen[s] = true
					g.w.submittedApps = append(g.w.submittedApps, appRef{id: id, student: s, inst: inst})
				}
			case "rejected":
				if (mix(uint64(s)*8+uint64(lap)+1<<40)>>8)%2 == 0 {
					reason = "Seats are full for this term."
					decidedBy, endorsedBy, endorsedAt = it.supervisor, coord, endorsed
				} else {
					reason = "Complete the prerequisite course first."
				}
			default:
				endorsedBy, endorsedAt = coord, endorsed
				if status != "endorsed" {
					decidedBy = it.supervisor
				}
				if status == "offered" {
					offerExp = ts(now.AddDate(0, 0, 5))
				}
				if status == "expired" || status == "declined" {
					offerExp = ts(createdAt.AddDate(0, 0, 9))
				}
				if status == "endorsed" || status == "shortlisted" || status == "offered" {
					pipeline[it.org] = true
				}
			}
		}
		c := ts(createdAt)
		if err := in.add(id, it.id, g.w.students[s], "I would like to learn how a real team builds and ships software.",
			status, reason, endorsedBy, decidedBy, offerExp, g.w.institutions[inst], g.w.orgs[it.org], endorsedAt, c, c); err != nil {
			return err
		}
	}
	for o, ok := range pipeline {
		if ok {
			g.w.pipelineOrgs = append(g.w.pipelineOrgs, o)
		}
	}
	n, err := in.close()
	g.put("applications", n)
	return err
}

// placements, with their logbook, submissions and evaluations. By a hash
// of the student number, of 20: 8 ongoing, 1 discontinued, 11 completed.
func (g *generator) placements() error {
	pl, err := newInserter(g.l, "placements", "id", "application", "student", "internship", "organization", "institution",
		"supervisor", "mentor", "status", "approved_hours", "started_on", "completed_on", "marks", "percent", "grade",
		"grade_point", "credits_earned", "discontinue_reason", "created", "updated")
	if err != nil {
		return err
	}
	lb, err := newInserter(g.l, "logbook_entries", "id", "placement", "date", "hours", "activity", "learning", "status",
		"review_note", "reviewed_by", "reviewed_at", "created", "updated")
	if err != nil {
		return err
	}
	sub, err := newInserter(g.l, "submissions", "id", "task", "placement", "attempt", "files", "link", "note", "status",
		"score", "feedback", "late", "reviewed_by", "reviewed_at", "created", "updated")
	if err != nil {
		return err
	}
	ev, err := newInserter(g.l, "evaluations", "id", "placement", "kind", "evaluator", "scores", "total", "remarks",
		"submitted", "created", "updated")
	if err != nil {
		return err
	}
	yesterday := g.w.today.AddDate(0, 0, -1)
	perPlacement, extra := 0, 0
	if g.sz.placements > 0 {
		perPlacement, extra = g.sz.logbook/g.sz.placements, g.sz.logbook%g.sz.placements
	}
	pendingMentor := map[string]bool{}
	ongoingInst := make([]bool, g.sz.institutions)
	g.completed = nil
	for s := 0; s < g.sz.placements; s++ {
		k := g.appInternsh[s]
		it := g.intern[k]
		inst := s % g.sz.institutions
		pid := g.ids.next()
		var status string
		switch m := mix(uint64(s)) % 20; {
		case m < 8:
			status = "ongoing"
		case m == 8:
			status = "discontinued"
		default:
			status = "completed"
		}
		mentor := g.w.mentors[inst][(s/g.sz.institutions)%g.sz.mentors]
		if status == "ongoing" && (mix(uint64(s))>>8)%40 == 0 {
			mentor = "" // waiting for the coordinator to assign one
		}
		entries := perPlacement
		if s < extra {
			entries++
		}
		approved := 0.0
		for j := 0; j < entries; j++ {
			d := it.startsOn.AddDate(0, 0, j)
			hours := 4 + float64(j%5)*0.5
			st, note, by, at := "approved", "", it.supervisor, ts(d.Add(30*time.Hour))
			if status == "ongoing" && j >= entries-8 {
				st, by, at = "pending", "", ""
				if j%4 == 0 {
					st, note, by, at = "rejected", "Describe what you did in more detail.", it.supervisor, ts(d.Add(30*time.Hour))
				}
			}
			if st == "approved" {
				approved += hours
			}
			c := ts(d.Add(18 * time.Hour))
			u := c
			if at != "" {
				u = at
			}
			if err := lb.add(g.ids.next(), pid, day(d), hours,
				fmt.Sprintf("Day %d: worked on the team's backlog, wrote code and tests, and joined the review meeting.", j+1),
				"Learned how the team plans and reviews work.", st, note, by, at, c, u); err != nil {
				return err
			}
		}
		if status == "ongoing" {
			ongoingInst[inst] = true
			last := it.endsOn
			if last.After(yesterday) {
				last = yesterday
			}
			g.w.ongoing = append(g.w.ongoing, ongoingPlacement{student: g.w.students[s], placement: pid,
				firstFree: it.startsOn.AddDate(0, 0, entries), lastDay: last})
		}
		started := it.startsOn
		var completedOn, grade, reason string
		var marks, percent, point, credits float64
		tid := it.tasks
		subCreated := ts(started.AddDate(0, 0, entries))
		if status != "discontinued" {
			if err := sub.add(g.ids.next(), tid[0], pid, 1, "[]", "https://git.example.org/bench/"+pid, "Assignment done.",
				"approved", 8, "Good work.", false, it.supervisor, subCreated, subCreated, subCreated); err != nil {
				return err
			}
		}
		switch status {
		case "completed":
			percent = float64(55 + s%41)
			marks = percent * 50 / 100
			grade, point = gradeOf(percent)
			if percent >= 40 {
				credits = 2
			}
			completedOn = ts(started.AddDate(0, 0, 110))
			if err := sub.add(g.ids.next(), tid[1], pid, 1, "[]", "https://docs.example.org/report/"+pid, "Final report.",
				"approved", 9, "Well written.", false, mentor, subCreated, subCreated, subCreated); err != nil {
				return err
			}
			for _, e := range []struct{ kind, by, scores string }{
				{"supervisor", it.supervisor, `{"attendance":8,"skills":8,"initiative":7,"communication":8,"conduct":9}`},
				{"mentor", mentor, `{"logbook":8,"report":16,"viva":15}`},
			} {
				total := 40.0
				if e.kind == "mentor" {
					total = 39
				}
				if err := ev.add(g.ids.next(), pid, e.kind, e.by, e.scores, total, "Consistent work.", true, subCreated, subCreated); err != nil {
					return err
				}
			}
			g.completed = append(g.completed, completedPlacement{id: pid, student: s, internship: k, inst: inst,
				hours: approved, marks: marks, grade: grade, credits: credits, completedOn: started.AddDate(0, 0, 110)})
		case "ongoing":
			if (mix(uint64(s))>>16)%2 == 0 && mentor != "" {
				if err := sub.add(g.ids.next(), tid[1], pid, 1, "[]", "https://docs.example.org/report/"+pid, "Final report, please review.",
					"submitted", 0, "", false, "", "", subCreated, subCreated); err != nil {
					return err
				}
				pendingMentor[mentor] = true
			}
		case "discontinued":
			reason = "The student moved to another college."
		}
		c := ts(started)
		if err := pl.add(pid, g.acceptedApp[s], g.w.students[s], it.id, g.w.orgs[it.org], g.w.institutions[inst], it.supervisor,
			mentor, status, approved, day(started), completedOn, marks, percent, grade, point, credits, reason, c, c); err != nil {
			return err
		}
	}
	for m := range pendingMentor {
		g.w.mentorsPending = append(g.w.mentorsPending, m)
	}
	for i, ok := range ongoingInst {
		if ok {
			g.w.coordsWithOngo = append(g.w.coordsWithOngo, g.w.coordinators[i]...)
		}
	}
	for _, x := range []struct {
		name string
		in   *inserter
	}{{"placements", pl}, {"logbook_entries", lb}, {"submissions", sub}, {"evaluations", ev}} {
		n, err := x.in.close()
		g.put(x.name, n)
		if err != nil {
			return err
		}
	}
	return nil
}

type completedPlacement struct {
	id            string
	student, inst int
	internship    int
	hours, marks  float64
	credits       float64
	grade         string
	completedOn   time.Time
}

func gradeOf(percent float64) (string, float64) {
	for _, r := range regulations.DefaultGradeScale {
		if percent >= r.Min {
			return r.Grade, r.Point
		}
	}
	return "F", 0
}

// seededNotifications is how many students get an unread notification
// (the fan-out scenario marks them read, one per student).
const seededNotifications = 20_000

// notifications: one unread notification for each of the first students.
func (g *generator) notifications() error {
	in, err := newInserter(g.l, "notifications", "id", "user", "kind", "title", "body", "link", "record", "read", "created", "updated")
	if err != nil {
		return err
	}
	c := ts(g.w.today.AddDate(0, 0, -3))
	for s := 0; s < min(len(g.w.students), seededNotifications); s++ {
		id := g.ids.next()
		if err := in.add(id, g.w.students[s], "course.reminder", "Finish the workplace safety course", "", "/courses", "", false, c, c); err != nil {
			return err
		}
		g.w.notifications = append(g.w.notifications, id)
	}
	total, err := in.close()
	g.put("notifications", total)
	return err
}

// certificates: valid certificates of completed placements. Their facts
// are real; they have no PDF file, and their sha256 and signature are
// placeholders of the right shape (the verify route serves what is stored;
// the certificates issued during the run are complete).
func (g *generator) certificates() error {
	in, err := newInserter(g.l, "certificates", "id", "number", "placement", "student", "institution", "organization",
		"student_name", "register_no", "institution_name", "organization_name", "title", "starts_on", "ends_on", "hours",
		"credits", "marks", "max_marks", "grade", "issued_at", "status", "sha256", "signature", "key_id", "status_index", "created", "updated")
	if err != nil {
		return err
	}
	n := g.sz.certificates
	if n > len(g.completed) {
		logf("bench: only %d completed placements: %d certificates instead of %d", len(g.completed), len(g.completed), n)
		n = len(g.completed)
	}
	seen := map[string]bool{}
	rnd := mrand.NewChaCha8([32]byte{'i', 'b', 'b', 'e', 'n', 'c', 'h'})
	for i := 0; i < n; i++ {
		p := g.completed[i]
		it := g.intern[p.internship]
		issued := p.completedOn.Add(11 * time.Hour)
		var number string
		for {
			number, err = certificates.NewNumber(issued.Year(), rnd)
			if err != nil {
				return err
			}
			if !seen[number] {
				seen[number] = true
				break
			}
		}
		var sum [32]byte
		var sig [64]byte
		_, _ = rnd.Read(sum[:])
		_, _ = rnd.Read(sig[:])
		id := g.ids.next()
		c := ts(issued)
		if err := in.add(id, number, p.id, g.w.students[p.student], g.w.institutions[p.inst], g.w.orgs[it.org],
			g.studentName[p.student], g.studentReg[p.student], g.instNames[p.inst], g.orgNames[it.org], it.title,
			it.startsOn.Format("2006-01-02"), it.endsOn.Format("2006-01-02"), p.hours, p.credits, p.marks, 50, p.grade,
			c, "valid", hex.EncodeToString(sum[:]), base64.RawURLEncoding.EncodeToString(sig[:]), "ib-bench-seed", i, c, c); err != nil {
			return err
		}
		g.w.certs = append(g.w.certs, certRef{id: id, number: number, inst: p.inst})
	}
	total, err := in.close()
	g.put("certificates", total)
	return err
}
