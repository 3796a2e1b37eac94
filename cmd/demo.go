package cmd

import (
	"cmp"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/courses"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/organizations"
	"github.com/internbase/internbase/internal/regulations"
)

// Demo credentials. They are printed by `internbase demo`; never use them on
// a server that anyone else can reach.
const (
	// DemoPassword is the password of every demo user account.
	DemoPassword = "demo-pass-2026"
	// DemoAdminEmail is the email of the demo superuser.
	DemoAdminEmail = "admin@internbase.localhost"
	// DemoAdminPassword is the password of the demo superuser.
	DemoAdminPassword = "admin-pass-2026"
)

// DemoAccount is one sign-in of the demo world.
type DemoAccount struct {
	Role      string // "superuser" or a users role
	Name      string
	Email     string
	Password  string
	BelongsTo string // the code of the college or the name of the host organisation
	// Try is what to do first after signing in: the account's part of the
	// story, as printed by `internbase demo`. Each step starts with where it
	// is: the portal's menu item ("Enrolments: enrol Diya"), or "Item ›
	// Button:". The README's table of demo accounts repeats it word for word
	// (TestReadmeDemoTableIsThePrintout); the browser walk clicks those items.
	Try string
}

// DemoAccounts lists the accounts `internbase demo` prints, superuser first:
// one for each thing a newcomer can try on first sign-in. The other people of
// the story (DemoCast) sign in with DemoPassword too.
func DemoAccounts() []DemoAccount {
	out := []DemoAccount{{Role: "superuser", Name: "Platform admin", Email: DemoAdminEmail, Password: DemoAdminPassword,
		Try: "Admin UI (/_/): every record of the story; a superuser may correct a posting's dates."}}
	for _, u := range demoUsers {
		if u.try != "" {
			out = append(out, u.account())
		}
	}
	return out
}

// DemoCast lists the other users of the demo world (students and staff the
// story needs), who sign in with DemoPassword as well.
func DemoCast() []DemoAccount {
	var out []DemoAccount
	for _, u := range demoUsers {
		if u.try == "" {
			out = append(out, u.account())
		}
	}
	return out
}

// Emails of the demo users, local part only (the domain is demoDomain).
const (
	demoDomain      = "@demo.internbase.localhost"
	demoCoordinator = "coordinator"
	demoMentor      = "mentor"
	demoSupervisor  = "supervisor"
	demoStudent     = "student"  // ongoing placement: logs today
	demoStudent2    = "student2" // an offer to accept
	demoHost        = "host"     // supervisor of the unverified host
	demoNewStudent  = "newstudent"
	demoCoordSNC    = "coordinator.snc"
	demoSupWG       = "supervisor.wg"
	demoMeera       = "meera"       // placement ready to complete
	demoVishnu      = "vishnu"      // final report waiting for the mentor
	demoNikhil      = "nikhil"      // completed: certificate reissued (superseded + valid)
	demoKavya       = "kavya"       // completed: certificate revoked
	demoArjun       = "arjun"       // submitted application
	demoSneha       = "sneha"       // shortlisted
	demoRohan       = "rohan"       // rejected; withdrawn by a cancellation
	demoSreelakshmi = "sreelakshmi" // expired offer; accepted an upcoming internship
)

// The demo world, looked up by natural keys (name, code, email, title).
const demoRegulation = "University of Calicut FYUGP (demo)"

type demoInstitution struct{ code, name, district string }

var demoInstitutions = []demoInstitution{
	{"MCP", "Malabar College, Perinthalmanna (demo)", "Malappuram"},
	{"SNC", "Sahyadri Nilgiri College, Kalpetta (demo)", "Wayanad"},
}

type demoOrganization struct {
	name, kind, website, district, about string
	verified                             bool
	registeredBy                         string // a demo user key, for a host that registered itself
}

const (
	demoKochi    = "Kochi Software Labs (demo)"
	demoGhats    = "Western Ghats Biodiversity Centre (demo)"
	demoAgritech = "Malabar Agritech (demo)"
)

var demoOrganizations = []demoOrganization{
	{name: demoKochi, kind: "company", website: "https://example.com/kochi-software-labs", district: "Ernakulam", verified: true,
		about: "<p>A small product studio that builds web and mobile apps for Kerala's co-operatives.</p>"},
	{name: demoGhats, kind: "research_lab", website: "https://example.com/western-ghats-centre", district: "Wayanad", verified: true,
		about: "<p>A field research lab that surveys the plants and animals of the Western Ghats.</p>"},
	{name: demoAgritech, kind: "startup", website: "https://example.com/malabar-agritech", district: "Malappuram",
		registeredBy: demoHost,
		about:        "<p>Sensors and an app that tell small farmers when to water. Registered itself; not verified yet.</p>"},
}

type demoUser struct {
	key, role, name, belongsTo string
	registerNo, program        string
	semester                   int
	selfRegistered             bool   // a sign-up waiting for enrolment
	try                        string // printed accounts only
}

func (u demoUser) email() string { return u.key + demoDomain }

func (u demoUser) account() DemoAccount {
	return DemoAccount{Role: u.role, Name: u.name, Email: u.email(), Password: DemoPassword, BelongsTo: u.belongsTo, Try: u.try}
}

var demoUsers = []demoUser{
	{key: demoStudent, role: access.RoleStudent, name: "Anjali Krishnan", belongsTo: "MCP",
		registerNo: "MCP23CS001", program: "BSc Computer Science", semester: 5,
		try: "My placement › Open logbook and tasks: write today's entry for the Backend developer internship " +
			"(started five weeks ago); one earlier entry was sent back for more detail."},
	{key: demoStudent2, role: access.RoleStudent, name: "Rahul Thomas", belongsTo: "SNC",
		registerNo: "SNC23BT014", program: "BSc Botany", semester: 4,
		try: "My applications: accept the offer for the Field botany internship (Western Ghats Biodiversity Centre)."},
	{key: demoSupervisor, role: access.RoleSupervisor, name: "Fathima Rahman", belongsTo: demoKochi,
		try: "Logbook approvals: approve Anjali's entries waiting for review; " +
			"Applicants: shortlist Nikhil, offer Sneha a seat."},
	{key: demoCoordinator, role: access.RoleCoordinator, name: "Dr. Leela Menon", belongsTo: "MCP",
		try: "Applications: endorse Arjun's application; Enrolments: enrol Diya (she signed up herself); " +
			"Hosts to verify: verify Malabar Agritech; " +
			"Placements: complete Meera's placement (ready), which issues her certificate."},
	{key: demoMentor, role: access.RoleMentor, name: "Prof. Arun Nair", belongsTo: "MCP",
		try: "My mentees: open Vishnu's placement, review his final report (QA tester internship), " +
			"then write his mentor evaluation."},
	{key: demoHost, role: access.RoleSupervisor, name: "Shabna Yusuf", belongsTo: demoAgritech,
		try: "Postings: draft your first internship; it can open once a coordinator verifies Malabar Agritech " +
			"(their Hosts to verify page)."},
	{key: demoNewStudent, role: access.RoleStudent, name: "Diya Suresh", belongsTo: "MCP",
		registerNo: "MCP25CS031", program: "BSc Computer Science", semester: 3, selfRegistered: true,
		try: "Internships: look around; you can apply once your coordinator enrols you " +
			"(their Enrolments page; you signed up yourself)."},

	{key: demoCoordSNC, role: access.RoleCoordinator, name: "Dr. Joseph Varghese", belongsTo: "SNC"},
	{key: demoSupWG, role: access.RoleSupervisor, name: "Dr. Priya Raman", belongsTo: demoGhats},
	{key: demoMeera, role: access.RoleStudent, name: "Meera Pillai", belongsTo: "MCP",
		registerNo: "MCP23CS007", program: "BSc Computer Science", semester: 6},
	{key: demoVishnu, role: access.RoleStudent, name: "Vishnu Prasad", belongsTo: "MCP",
		registerNo: "MCP23CA012", program: "BCom Computer Applications", semester: 6},
	{key: demoNikhil, role: access.RoleStudent, name: "Nikhil Jose", belongsTo: "MCP", // renamed in the story
		registerNo: "MCP22EN019", program: "BA English", semester: 6},
	{key: demoKavya, role: access.RoleStudent, name: "Kavya Ramesh", belongsTo: "MCP",
		registerNo: "MCP22EN004", program: "BA English", semester: 6},
	{key: demoArjun, role: access.RoleStudent, name: "Arjun Das", belongsTo: "MCP",
		registerNo: "MCP24CS002", program: "BSc Computer Science", semester: 3},
	{key: demoSneha, role: access.RoleStudent, name: "Sneha Mathew", belongsTo: "MCP",
		registerNo: "MCP23CS015", program: "BSc Computer Science", semester: 5},
	{key: demoRohan, role: access.RoleStudent, name: "Rohan Varma", belongsTo: "MCP",
		registerNo: "MCP23CS021", program: "BSc Computer Science", semester: 5},
	{key: demoSreelakshmi, role: access.RoleStudent, name: "Sreelakshmi Nair", belongsTo: "MCP",
		registerNo: "MCP23CS009", program: "BSc Computer Science", semester: 5},
}

// NewDemoCommand returns `internbase demo`, which loads the demo world.
func NewDemoCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Load a demo world that tells the whole story, relative to today (idempotent), and print its accounts",
		Long: "Loads a regulation, two colleges, three host organisations (one not verified yet), the people of a " +
			"story and the story itself, relative to today: open postings with applications in every state, an " +
			"ongoing placement with logbook entries and room to log today, a placement ready to complete, " +
			"completed placements with valid, superseded and revoked certificates, a student waiting for " +
			"enrolment. It prints each account with what to try first. Records that already exist (by name, " +
			"code, email or title) are left alone, so running it again changes nothing.",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			// Custom commands see only PocketBase's system migrations.
			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("run migrations: %w", err)
			}
			return LoadDemo(app, c.OutOrStdout())
		},
	}
}

// LoadDemo creates whatever is missing of the demo world in one transaction,
// through the model hooks, and prints the demo accounts and URLs to out.
//
// The story happened over the last five months, so it is written the way it
// happened: the app's clock is set to each moment in turn (a posting opens
// while its apply_by is still ahead, a logbook entry is written on its day
// and approved the next morning, an offer expires when the cron job runs
// after its expiry) and every record is saved with its actor, so the model
// hooks (state machines, placements on accept, hours totals, audit events,
// notifications, certificates on completion) run as they do for the API.
// The clock is put back afterwards; no date is corrected after the fact.
func LoadDemo(app core.App, out io.Writer) error {
	now := clock.Now(app)
	zone := clock.ZoneOf(app)
	before, err := countAll(app)
	if err != nil {
		return err
	}
	restore := clock.Swap(app, clock.Fixed(now))
	defer restore()
	d := &demoLoader{now: now, zone: zone, today: zone.DayOf(now), toldOn: zone.DayOf(now)}
	err = app.RunInTransaction(func(txApp core.App) error {
		d.app = txApp
		return d.load()
	})
	restore()
	d.app = app
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	after, err := countAll(app)
	if err != nil {
		return err
	}
	return d.print(out, app.Settings().Meta.AppURL, before, after)
}

// countAll counts the records of every (non-view) collection.
func countAll(app core.App) (map[string]int64, error) {
	cols, err := app.FindAllCollections()
	if err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	out := map[string]int64{}
	for _, c := range cols {
		if c.IsView() {
			continue
		}
		n, err := app.CountRecords(c)
		if err != nil {
			return nil, fmt.Errorf("count %s: %w", c.Name, err)
		}
		out[c.Name] = n
	}
	return out, nil
}

type demoLoader struct {
	app   core.App
	now   time.Time // when the load began, by the app's clock
	zone  clock.Zone
	today time.Time // the calendar day in the platform time zone, at midnight UTC
	// toldOn is the today of the run that wrote the story.
	toldOn time.Time

	inst  map[string]*core.Record // by code
	org   map[string]*core.Record // by name
	users map[string]*core.Record // by demo user key
}

// day is the calendar day offset days from today, as a date-only value.
func (d *demoLoader) day(offset int) time.Time { return d.today.AddDate(0, 0, offset) }

// at is hh:mm on the day offset days from today in the platform zone, never
// later than now (an event of today happened by now).
func (d *demoLoader) at(offset, hour, minute int) time.Time {
	y, m, dd := d.today.Date()
	t := time.Date(y, m, dd+offset, hour, minute, 0, 0, d.zone.Loc)
	if t.After(d.now) {
		return d.now
	}
	return t
}

// save saves r as by (nil: the server) with the app's clock at t.
func (d *demoLoader) save(r *core.Record, by *core.Record, t time.Time, what string) error {
	clock.Set(d.app, clock.Fixed(t))
	access.SetActor(r, by)
	if err := d.app.Save(r); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func (d *demoLoader) newRecord(collection string) (*core.Record, error) {
	col, err := d.app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, fmt.Errorf("find collection %s: %w", collection, err)
	}
	return core.NewRecord(col), nil
}

func (d *demoLoader) load() error {
	clock.Set(d.app, clock.Fixed(d.now))
	reg, _, err := d.ensure(regulations.Collection, "name = {:name}", map[string]any{"name": demoRegulation},
		func(r *core.Record) error {
			r.Set("name", demoRegulation)
			regulations.ApplyDefaults(r, func(string) bool { return false })
			return nil
		})
	if err != nil {
		return err
	}

	d.inst = map[string]*core.Record{}
	for _, in := range demoInstitutions {
		r, _, err := d.ensure(institutions.Collection, "code = {:code}", map[string]any{"code": in.code}, func(r *core.Record) error {
			r.Load(map[string]any{
				"name": in.name, "code": in.code, "university": "University of Calicut",
				"district": in.district, "regulation": reg.Id,
			})
			return nil
		})
		if err != nil {
			return err
		}
		d.inst[in.code] = r
	}

	d.org = map[string]*core.Record{}
	created := map[string]bool{}
	for _, o := range demoOrganizations {
		r, isNew, err := d.ensure(organizations.Collection, "name = {:name}", map[string]any{"name": o.name}, func(r *core.Record) error {
			r.Load(map[string]any{
				"name": o.name, "kind": o.kind, "website": o.website, "district": o.district,
				"about": o.about, "verified": o.verified, "charges_fee": false,
			})
			return nil
		})
		if err != nil {
			return err
		}
		d.org[o.name] = r
		created[o.name] = isNew
	}

	if err := d.ensureSuperuser(); err != nil {
		return err
	}

	d.users = map[string]*core.Record{}
	for _, u := range demoUsers {
		r, err := d.ensureUser(u)
		if err != nil {
			return err
		}
		d.users[u.key] = r
	}
	// A host that registered itself names its first supervisor (set once,
	// when the organization is created with it).
	for _, o := range demoOrganizations {
		if o.registeredBy != "" && created[o.name] {
			r := d.org[o.name]
			r.Set("registered_by", d.users[o.registeredBy].Id)
			if err := d.save(r, nil, d.now, "register host "+o.name); err != nil {
				return err
			}
		}
	}

	if err := d.ensureCourse(d.inst["MCP"], d.users[demoCoordinator]); err != nil {
		return err
	}

	// The story is written once: when its first posting exists, it is there.
	marker, err := d.app.FindFirstRecordByFilter(internships.Collection, "organization = {:org} && title = {:title}",
		map[string]any{"org": d.org[demoKochi].Id, "title": demoPostings[0].title})
	if err == nil {
		d.toldOn = clock.StoredDay(marker.GetDateTime("starts_on").Time()).AddDate(0, 0, -demoPostings[0].starts)
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("find the demo story: %w", err)
	}
	return d.story()
}

// ensure returns the first record of collection that matches filter, or
// creates one filled by fill when there is none.
func (d *demoLoader) ensure(collection, filter string, params map[string]any, fill func(*core.Record) error) (*core.Record, bool, error) {
	r, err := d.app.FindFirstRecordByFilter(collection, filter, params)
	if err == nil {
		return r, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, fmt.Errorf("find %s: %w", collection, err)
	}
	r, err = d.newRecord(collection)
	if err != nil {
		return nil, false, err
	}
	if err := fill(r); err != nil {
		return nil, false, err
	}
	if err := d.app.Save(r); err != nil {
		return nil, false, fmt.Errorf("create %s %v: %w", collection, params, err)
	}
	return r, true, nil
}

func (d *demoLoader) ensureSuperuser() error {
	_, err := d.app.FindAuthRecordByEmail(core.CollectionNameSuperusers, DemoAdminEmail)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("find superuser: %w", err)
	}
	r, err := d.newRecord(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	r.SetEmail(DemoAdminEmail)
	r.SetPassword(DemoAdminPassword)
	if err := d.app.Save(r); err != nil {
		return fmt.Errorf("create superuser %s: %w", DemoAdminEmail, err)
	}
	return nil
}

func (d *demoLoader) ensureUser(u demoUser) (*core.Record, error) {
	r, err := d.app.FindAuthRecordByEmail(access.Users, u.email())
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find user %s: %w", u.email(), err)
	}
	r, err = d.newRecord(access.Users)
	if err != nil {
		return nil, err
	}
	r.SetEmail(u.email())
	r.SetPassword(DemoPassword)
	r.SetVerified(true)
	r.Set("name", u.name)
	r.Set("role", u.role)
	if u.role == access.RoleSupervisor {
		r.Set("organization", d.org[u.belongsTo].Id)
	} else {
		r.Set("institution", d.inst[u.belongsTo].Id)
	}
	if u.role == access.RoleStudent {
		r.Set("register_no", u.registerNo)
		r.Set("program", u.program)
		r.Set("semester", u.semester)
		// Roster students are the college's; a sign-up waits for its coordinator.
		r.Set("enrolled", !u.selfRegistered)
	}
	if err := d.app.Save(r); err != nil {
		return nil, fmt.Errorf("create %s %s: %w", u.role, u.email(), err)
	}
	return r, nil
}

const demoCourse = "Workplace readiness (demo)"

var demoLessons = []struct{ title, body string }{
	{"Professional conduct at a host organisation",
		"<p>Punctuality, dress, confidentiality and how to raise a concern with your supervisor.</p>"},
	{"Keeping a good logbook",
		"<p>Write what you did and what you learned every day, in your own words, with honest hours.</p>"},
}

func (d *demoLoader) ensureCourse(institution, author *core.Record) error {
	course, _, err := d.ensure(courses.Courses, "title = {:title} && institution = {:institution}",
		map[string]any{"title": demoCourse, "institution": institution.Id},
		func(r *core.Record) error {
			r.Load(map[string]any{
				"title": demoCourse, "hours": 2, "institution": institution.Id, "published": true, "author": author.Id,
				"summary": "<p>A short induction every student completes before starting an internship.</p>",
			})
			return nil
		})
	if err != nil {
		return err
	}
	for i, l := range demoLessons {
		_, _, err := d.ensure(courses.Lessons, "course = {:course} && title = {:title}",
			map[string]any{"course": course.Id, "title": l.title},
			func(r *core.Record) error {
				r.Load(map[string]any{"course": course.Id, "position": i + 1, "title": l.title, "body": l.body})
				return nil
			})
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *demoLoader) print(out io.Writer, appURL string, before, after map[string]int64) error {
	var b strings.Builder
	var parts []string
	total := int64(0)
	for _, c := range sortedKeys(after) {
		if n := after[c] - before[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, n))
			total += n
		}
	}
	if total == 0 {
		b.WriteString("The demo world is already loaded; nothing was created.\n")
	} else {
		fmt.Fprintf(&b, "Loaded the demo world: created %d records (%s).\n", total, strings.Join(parts, ", "))
	}
	if d.toldOn.Equal(d.today) {
		fmt.Fprintf(&b, "Its story is told relative to today, %s (%s).\n", d.today.Format("Monday 2 January 2006"), d.zone.Loc)
	} else {
		fmt.Fprintf(&b, "Its story was told relative to %s (%s), when it was first loaded; it has moved on since.\n",
			d.toldOn.Format("Monday 2 January 2006"), d.zone.Loc)
	}

	base := strings.TrimRight(appURL, "/")
	fmt.Fprintf(&b, "\nOpen %s/ and sign in as each of these; each has something to do first:\n", base)
	for _, a := range DemoAccounts() {
		of := ""
		if a.BelongsTo != "" {
			of = " (" + a.BelongsTo + ")"
		}
		fmt.Fprintf(&b, "\n%s — %s%s\n", a.Role, a.Name, of)
		fmt.Fprintf(&b, "  sign in: %s / %s\n", a.Email, a.Password)
		fmt.Fprintf(&b, "  try:     %s\n", a.Try)
	}

	fmt.Fprintf(&b, "\nAlso in the story (password %s):\n", DemoPassword)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, a := range DemoCast() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.Role, a.Email, d.users[strings.TrimSuffix(a.Email, demoDomain)].GetString("name"), cmp.Or(a.BelongsTo, "-"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	certs, err := d.demoCertificates()
	if err != nil {
		return err
	}
	if len(certs) > 0 {
		b.WriteString("\nCertificates to check on the public verify page:\n")
		for _, c := range certs {
			fmt.Fprintf(&b, "  %s/verify/%s  %s (%s)\n", base, c.GetString("number"), c.GetString("status"), c.GetString("student_name"))
		}
	}

	fmt.Fprintf(&b, "\nPortal:   %s/\n", base)
	fmt.Fprintf(&b, "Admin UI: %s/_/ (sign in as the superuser)\n", base)
	fmt.Fprintf(&b, "API:      %s/api/\n", base)
	b.WriteString("Accounts keep the passwords set when this command first created them. " +
		"The demo passwords are public: never load the demo on a server that others can reach.\n")
	_, err = io.WriteString(out, b.String())
	return err
}

// demoCertificates are the certificates of the demo's students, oldest first.
func (d *demoLoader) demoCertificates() ([]*core.Record, error) {
	var ids []any
	for _, u := range demoUsers {
		if r := d.users[u.key]; r != nil && u.role == access.RoleStudent {
			ids = append(ids, r.Id)
		}
	}
	var out []*core.Record
	for _, id := range ids {
		certs, err := d.app.FindRecordsByFilter(certificates.Collection, "student = {:s}", "issued_at,number", 0, 0, map[string]any{"s": id})
		if err != nil {
			return nil, fmt.Errorf("find certificates: %w", err)
		}
		out = append(out, certs...)
	}
	return out, nil
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
