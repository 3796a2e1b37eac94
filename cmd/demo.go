package cmd

import (
	"cmp"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/clock"
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
}

// DemoAccounts lists the accounts LoadDemo creates, superuser first.
func DemoAccounts() []DemoAccount {
	out := []DemoAccount{{Role: "superuser", Name: "Platform admin", Email: DemoAdminEmail, Password: DemoAdminPassword}}
	for _, u := range demoUsers {
		out = append(out, DemoAccount{Role: u.role, Name: u.name, Email: u.email, Password: DemoPassword, BelongsTo: u.belongsTo})
	}
	return out
}

// The demo world, looked up by natural keys (name, code, email, title).
const demoRegulation = "University of Calicut FYUGP (demo)"

type demoInstitution struct{ code, name, district string }

var demoInstitutions = []demoInstitution{
	{"MCP", "Malabar College, Perinthalmanna (demo)", "Malappuram"},
	{"SNC", "Sahyadri Nilgiri College, Kalpetta (demo)", "Wayanad"},
}

type demoOrganization struct{ name, kind, website, district, about string }

var demoOrganizations = []demoOrganization{
	{"Kochi Software Labs (demo)", "company", "https://example.com/kochi-software-labs", "Ernakulam",
		"<p>A small product studio that builds web and mobile apps for Kerala's co-operatives.</p>"},
	{"Western Ghats Biodiversity Centre (demo)", "research_lab", "https://example.com/western-ghats-centre", "Wayanad",
		"<p>A field research lab that surveys the plants and animals of the Western Ghats.</p>"},
}

type demoUser struct {
	role, name, email, belongsTo string
	registerNo, program          string
	semester                     int
}

var demoUsers = []demoUser{
	{role: access.RoleCoordinator, name: "Dr. Leela Menon", email: "coordinator@demo.internbase.localhost", belongsTo: "MCP"},
	{role: access.RoleMentor, name: "Prof. Arun Nair", email: "mentor@demo.internbase.localhost", belongsTo: "MCP"},
	{role: access.RoleSupervisor, name: "Fathima Rahman", email: "supervisor@demo.internbase.localhost", belongsTo: demoOrganizations[0].name},
	{role: access.RoleStudent, name: "Anjali Krishnan", email: "student@demo.internbase.localhost", belongsTo: "MCP",
		registerNo: "MCP23CS001", program: "BSc Computer Science", semester: 5},
	{role: access.RoleStudent, name: "Rahul Thomas", email: "student2@demo.internbase.localhost", belongsTo: "SNC",
		registerNo: "SNC23BT014", program: "BSc Botany", semester: 4},
}

// NewDemoCommand returns `internbase demo`, which loads the demo world.
func NewDemoCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Load a small demo world (idempotent) and print its accounts",
		Long: "Loads a regulation, two colleges, two host organisations, one account of each role, " +
			"open internships with tasks and a published course. Records that already exist (by name, " +
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
func LoadDemo(app core.App, out io.Writer) error {
	d := &demoLoader{today: clock.Today(app), created: map[string]int{}}
	err := app.RunInTransaction(func(txApp core.App) error {
		d.app = txApp
		return d.load()
	})
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	return d.print(out, app.Settings().Meta.AppURL)
}

type demoLoader struct {
	app     core.App
	today   time.Time // the calendar day in the platform time zone, at midnight UTC
	created map[string]int
	order   []string
}

func (d *demoLoader) load() error {
	reg, _, err := d.ensure(regulations.Collection, "name = {:name}", map[string]any{"name": demoRegulation},
		func(r *core.Record) error {
			r.Set("name", demoRegulation)
			regulations.ApplyDefaults(r, func(string) bool { return false })
			return nil
		})
	if err != nil {
		return err
	}

	inst := map[string]*core.Record{}
	for _, in := range demoInstitutions {
		r, _, err := d.ensure("institutions", "code = {:code}", map[string]any{"code": in.code}, func(r *core.Record) error {
			r.Load(map[string]any{
				"name": in.name, "code": in.code, "university": "University of Calicut",
				"district": in.district, "regulation": reg.Id,
			})
			return nil
		})
		if err != nil {
			return err
		}
		inst[in.code] = r
	}

	org := map[string]*core.Record{}
	for _, o := range demoOrganizations {
		r, _, err := d.ensure("organizations", "name = {:name}", map[string]any{"name": o.name}, func(r *core.Record) error {
			r.Load(map[string]any{
				"name": o.name, "kind": o.kind, "website": o.website, "district": o.district,
				"about": o.about, "verified": true, "charges_fee": false,
			})
			return nil
		})
		if err != nil {
			return err
		}
		org[o.name] = r
	}

	if err := d.ensureSuperuser(); err != nil {
		return err
	}

	users := map[string]*core.Record{}
	for _, u := range demoUsers {
		r, err := d.ensureUser(u, inst, org)
		if err != nil {
			return err
		}
		users[u.email] = r
	}
	coordinator := users["coordinator@demo.internbase.localhost"]
	supervisor := users["supervisor@demo.internbase.localhost"]

	if err := d.ensureCourse(inst["MCP"], coordinator); err != nil {
		return err
	}
	return d.ensureInternships(org[demoOrganizations[0].name], supervisor)
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
	col, err := d.app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, false, fmt.Errorf("find collection %s: %w", collection, err)
	}
	r = core.NewRecord(col)
	if err := fill(r); err != nil {
		return nil, false, err
	}
	if err := d.app.Save(r); err != nil {
		return nil, false, fmt.Errorf("create %s %v: %w", collection, params, err)
	}
	d.count(collection)
	return r, true, nil
}

func (d *demoLoader) count(collection string) {
	if d.created[collection] == 0 {
		d.order = append(d.order, collection)
	}
	d.created[collection]++
}

func (d *demoLoader) ensureSuperuser() error {
	_, err := d.app.FindAuthRecordByEmail(core.CollectionNameSuperusers, DemoAdminEmail)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("find superuser: %w", err)
	}
	col, err := d.app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return fmt.Errorf("find collection %s: %w", core.CollectionNameSuperusers, err)
	}
	r := core.NewRecord(col)
	r.SetEmail(DemoAdminEmail)
	r.SetPassword(DemoAdminPassword)
	if err := d.app.Save(r); err != nil {
		return fmt.Errorf("create superuser %s: %w", DemoAdminEmail, err)
	}
	d.count(core.CollectionNameSuperusers)
	return nil
}

func (d *demoLoader) ensureUser(u demoUser, inst, org map[string]*core.Record) (*core.Record, error) {
	r, err := d.app.FindAuthRecordByEmail(access.Users, u.email)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find user %s: %w", u.email, err)
	}
	col, err := d.app.FindCollectionByNameOrId(access.Users)
	if err != nil {
		return nil, fmt.Errorf("find collection users: %w", err)
	}
	r = core.NewRecord(col)
	r.SetEmail(u.email)
	r.SetPassword(DemoPassword)
	r.SetVerified(true)
	r.Set("name", u.name)
	r.Set("role", u.role)
	if u.role == access.RoleSupervisor {
		r.Set("organization", org[u.belongsTo].Id)
	} else {
		r.Set("institution", inst[u.belongsTo].Id)
	}
	if u.role == access.RoleStudent {
		r.Set("register_no", u.registerNo)
		r.Set("program", u.program)
		r.Set("semester", u.semester)
	}
	if err := d.app.Save(r); err != nil {
		return nil, fmt.Errorf("create %s %s: %w", u.role, u.email, err)
	}
	d.count(access.Users)
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
	course, _, err := d.ensure("courses", "title = {:title} && institution = {:institution}",
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
		_, _, err := d.ensure("lessons", "course = {:course} && title = {:title}",
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

type demoInternship struct {
	title, description, mode, location, district string
	skills                                       []string
	seats, hours, stipend, minSemester           int
}

var demoInternships = []demoInternship{
	{title: "Web developer intern (demo)", mode: "hybrid", location: "Infopark, Kakkanad", district: "Ernakulam",
		description: "<p>Build and test features of a booking app for a fishermen's co-operative.</p>",
		skills:      []string{"HTML", "JavaScript", "Go"}, seats: 3, hours: 120, stipend: 5000, minSemester: 3},
	{title: "Data analysis intern (demo)", mode: "remote", district: "Ernakulam",
		description: "<p>Clean and chart survey data and write a short report for the product team.</p>",
		skills:      []string{"Spreadsheets", "Python", "Statistics"}, seats: 2, hours: 90, minSemester: 2},
}

func (d *demoLoader) ensureInternships(organization, supervisor *core.Record) error {
	applyBy := d.today.AddDate(0, 0, 30)
	startsOn := d.today.AddDate(0, 0, 45)
	endsOn := d.today.AddDate(0, 0, 105)
	for _, in := range demoInternships {
		r, created, err := d.ensure("internships", "organization = {:organization} && title = {:title}",
			map[string]any{"organization": organization.Id, "title": in.title},
			func(r *core.Record) error {
				r.Load(map[string]any{
					"organization": organization.Id, "supervisor": supervisor.Id, "title": in.title,
					"description": in.description, "skills": in.skills, "mode": in.mode, "location": in.location,
					"district": in.district, "seats": in.seats, "hours": in.hours, "stipend": in.stipend, "fee": 0,
					"min_semester": in.minSemester, "apply_by": applyBy, "starts_on": startsOn, "ends_on": endsOn,
					"status": "draft",
				})
				return nil
			})
		if err != nil {
			return err
		}
		if created {
			// A posting is written as a draft and then opened, as a supervisor would.
			r.Set("status", "open")
			if err := d.app.Save(r); err != nil {
				return fmt.Errorf("open internship %q: %w", in.title, err)
			}
		}
		tasks := []map[string]any{
			{"title": "Weekly progress note", "kind": "assignment", "required": false, "max_score": 10,
				"due_on":       startsOn.AddDate(0, 0, 14),
				"instructions": "<p>Summarise what you built or studied in your first two weeks and what is next.</p>"},
			{"title": "Final internship report", "kind": "final_report", "required": true, "max_score": 20,
				"due_on":       endsOn,
				"instructions": "<p>Describe the organisation, your work, what you learned, and attach your report as a PDF.</p>"},
		}
		for _, t := range tasks {
			_, _, err := d.ensure("tasks", "internship = {:internship} && title = {:title}",
				map[string]any{"internship": r.Id, "title": t["title"]},
				func(task *core.Record) error {
					task.Load(t)
					task.Set("internship", r.Id)
					return nil
				})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *demoLoader) print(out io.Writer, appURL string) error {
	var b strings.Builder
	if len(d.order) == 0 {
		b.WriteString("The demo world is already loaded; nothing was created.\n\n")
	} else {
		parts := make([]string, 0, len(d.order))
		total := 0
		for _, c := range d.order {
			parts = append(parts, fmt.Sprintf("%s %d", c, d.created[c]))
			total += d.created[c]
		}
		fmt.Fprintf(&b, "Loaded the demo world: created %d records (%s).\n\n", total, strings.Join(parts, ", "))
	}

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tEMAIL\tPASSWORD\tNAME\tOF")
	for _, a := range DemoAccounts() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Role, a.Email, a.Password, a.Name, cmp.Or(a.BelongsTo, "-"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	base := strings.TrimRight(appURL, "/")
	fmt.Fprintf(&b, "\nPasswords are the ones set when an account was first created by this command.\n")
	fmt.Fprintf(&b, "Admin UI: %s/_/ (sign in as the superuser)\n", base)
	fmt.Fprintf(&b, "Portal:   %s/\n", base)
	fmt.Fprintf(&b, "API:      %s/api/\n", base)
	_, err := io.WriteString(out, b.String())
	return err
}
