package cmd

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/evaluations"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/logbooks"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/submissions"
)

// demoPosting is one internship of the story. Its days are offsets from
// today: it was drafted and opened on opened (while apply_by was still
// ahead), and it is open, closed, cancelled or a draft today as the story
// leaves it.
type demoPosting struct {
	key, org, title, description, mode, location, district string
	skills                                                 []string
	seats, hours, stipend, minSemester                     int
	opened, applyBy, starts, ends                          int
	draft                                                  bool
}

// Keys of the story's postings.
const (
	pBackend  = "backend"  // closed; Anjali's ongoing placement
	pMobile   = "mobile"   // closed; Meera's placement, ready to complete
	pQA       = "qa"       // closed; Vishnu's placement, final report waiting for the mentor
	pContent  = "content"  // closed; Nikhil's and Kavya's completed placements
	pFrontend = "frontend" // open; submitted, endorsed, shortlisted, rejected, withdrawn
	pData     = "data"     // open; declined, expired
	pUI       = "ui"       // open; accepted (an upcoming placement)
	pBotany   = "botany"   // open; offered (Rahul)
	pHardware = "hardware" // cancelled; withdrawn by the cancellation
	pCloud    = "cloud"    // draft
)

// demoPostings: the first is the story's marker (when it exists, the story
// was written).
var demoPostings = []demoPosting{
	{key: pBackend, org: demoKochi, title: "Backend developer intern (demo)", mode: "hybrid", location: "Infopark, Kakkanad", district: "Ernakulam",
		description: "<p>Build and test the booking API of a fishermen's co-operative app in Go.</p>",
		skills:      []string{"Go", "SQL", "HTTP"}, seats: 1, hours: 240, stipend: 6000, minSemester: 3,
		opened: -60, applyBy: -45, starts: -35, ends: 55},
	{key: pMobile, org: demoKochi, title: "Mobile app intern (demo)", mode: "onsite", location: "Infopark, Kakkanad", district: "Ernakulam",
		description: "<p>Fix bugs and polish screens of the co-operative's Android app.</p>",
		skills:      []string{"Kotlin", "Android"}, seats: 1, hours: 120, stipend: 5000, minSemester: 3,
		opened: -80, applyBy: -66, starts: -56, ends: -1},
	{key: pQA, org: demoKochi, title: "QA tester intern (demo)", mode: "remote", district: "Ernakulam",
		description: "<p>Write test plans and find bugs before each release.</p>",
		skills:      []string{"Testing", "Spreadsheets"}, seats: 1, hours: 120, minSemester: 2,
		opened: -90, applyBy: -75, starts: -63, ends: 7},
	{key: pContent, org: demoKochi, title: "Content writer intern (demo)", mode: "remote", district: "Ernakulam",
		description: "<p>Write help pages and release notes in English and Malayalam.</p>",
		skills:      []string{"Writing", "Malayalam"}, seats: 2, hours: 90, minSemester: 2,
		opened: -150, applyBy: -135, starts: -120, ends: -60},
	{key: pFrontend, org: demoKochi, title: "Frontend developer intern (demo)", mode: "hybrid", location: "Infopark, Kakkanad", district: "Ernakulam",
		description: "<p>Build accessible pages for the booking app with HTML, CSS and JavaScript.</p>",
		skills:      []string{"HTML", "CSS", "JavaScript"}, seats: 3, hours: 120, stipend: 5000, minSemester: 3,
		opened: -12, applyBy: 18, starts: 28, ends: 88},
	{key: pData, org: demoKochi, title: "Data analyst intern (demo)", mode: "remote", district: "Ernakulam",
		description: "<p>Clean and chart survey data and write a short report for the product team.</p>",
		skills:      []string{"Spreadsheets", "Python", "Statistics"}, seats: 2, hours: 90, minSemester: 2,
		opened: -50, applyBy: 10, starts: 20, ends: 80},
	{key: pUI, org: demoKochi, title: "UI design intern (demo)", mode: "onsite", location: "Infopark, Kakkanad", district: "Ernakulam",
		description: "<p>Sketch and test screens with the co-operative's members.</p>",
		skills:      []string{"Figma", "User research"}, seats: 2, hours: 120, stipend: 4000, minSemester: 3,
		opened: -15, applyBy: 7, starts: 14, ends: 74},
	{key: pBotany, org: demoGhats, title: "Field botany intern (demo)", mode: "onsite", location: "Muthanga", district: "Wayanad",
		description: "<p>Survey and press plants along forest transects with the centre's botanists.</p>",
		skills:      []string{"Plant identification", "Field notes"}, seats: 2, hours: 120, stipend: 3000, minSemester: 3,
		opened: -20, applyBy: 15, starts: 25, ends: 85},
	{key: pHardware, org: demoKochi, title: "Hardware lab intern (demo)", mode: "onsite", location: "Kalamassery", district: "Ernakulam",
		description: "<p>Assemble and test the boat trackers of the co-operative.</p>",
		skills:      []string{"Electronics", "Soldering"}, seats: 1, hours: 90, minSemester: 3,
		opened: -30, applyBy: 5, starts: 15, ends: 45},
	{key: pCloud, org: demoKochi, title: "Cloud operations intern (demo)", mode: "remote", district: "Ernakulam",
		description: "<p>Keep the servers patched, backed up and monitored.</p>",
		skills:      []string{"Linux", "Backups"}, seats: 1, hours: 120, stipend: 5000, minSemester: 4,
		opened: -2, applyBy: 20, starts: 30, ends: 90, draft: true},
}

// The tasks of every posting.
const (
	taskProgress = "Weekly progress note"
	taskReport   = "Final internship report"
)

type demoStory struct {
	*demoLoader
	posting map[string]*core.Record
	tasks   map[string]map[string]*core.Record // posting key → title → task
}

// story writes the story, one moment after another.
func (d *demoLoader) story() error {
	s := &demoStory{demoLoader: d, posting: map[string]*core.Record{}, tasks: map[string]map[string]*core.Record{}}
	for _, p := range demoPostings {
		if err := s.post(p); err != nil {
			return err
		}
	}
	steps := []func() error{s.content, s.qa, s.mobile, s.backend, s.data, s.hardware, s.ui, s.frontend, s.botany}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	clock.Set(d.app, clock.Fixed(d.now))
	return nil
}

func (s *demoStory) user(key string) *core.Record { return s.users[key] }

// post drafts a posting with its tasks the day before it opens and opens it,
// as its supervisor would, while its apply_by is ahead.
func (s *demoStory) post(p demoPosting) error {
	sup := s.user(demoSupervisor)
	if p.org == demoGhats {
		sup = s.user(demoSupWG)
	}
	r, err := s.newRecord(internships.Collection)
	if err != nil {
		return err
	}
	r.Load(map[string]any{
		"organization": s.org[p.org].Id, "supervisor": sup.Id, "title": p.title,
		"description": p.description, "skills": p.skills, "mode": p.mode, "location": p.location,
		"district": p.district, "seats": p.seats, "hours": p.hours, "stipend": p.stipend, "fee": 0,
		"min_semester": p.minSemester, "apply_by": s.day(p.applyBy), "starts_on": s.day(p.starts),
		"ends_on": s.day(p.ends), "status": internships.StatusDraft,
	})
	if err := s.save(r, sup, s.at(p.opened-1, 15, 0), "draft "+p.title); err != nil {
		return err
	}
	s.posting[p.key] = r
	s.tasks[p.key] = map[string]*core.Record{}
	tasks := []map[string]any{
		{"title": taskProgress, "kind": "assignment", "required": false, "max_score": 10,
			"due_on":       s.day(p.starts + 14),
			"instructions": "<p>Summarise what you built or studied in your first two weeks and what is next.</p>"},
		{"title": taskReport, "kind": "final_report", "required": true, "max_score": 20,
			"due_on":       s.day(p.ends),
			"instructions": "<p>Describe the organisation, your work, what you learned, and attach your report as a PDF.</p>"},
	}
	for _, t := range tasks {
		task, err := s.newRecord(submissions.Tasks)
		if err != nil {
			return err
		}
		task.Load(t)
		task.Set("internship", r.Id)
		if err := s.save(task, sup, s.at(p.opened-1, 15, 30), "task of "+p.title); err != nil {
			return err
		}
		s.tasks[p.key][t["title"].(string)] = task
	}
	if p.draft {
		return nil
	}
	r.Set("status", internships.StatusOpen)
	return s.save(r, sup, s.at(p.opened, 10, 0), "open "+p.title)
}

// closeDue runs the cron job that closes postings past apply_by, on the
// morning after the posting's apply_by.
func (s *demoStory) closeDue(key string) error {
	p := demoPosting{}
	for _, x := range demoPostings {
		if x.key == key {
			p = x
		}
	}
	clock.Set(s.app, clock.Fixed(s.at(p.applyBy+1, 0, 15)))
	if _, err := internships.ClosePostings(s.app); err != nil {
		return fmt.Errorf("close postings: %w", err)
	}
	return nil
}

// apply: the student applies (the request hook's server fields are set as
// it sets them).
func (s *demoStory) apply(student, posting string, day int, statement string) (*core.Record, error) {
	st, in := s.user(student), s.posting[posting]
	r, err := s.newRecord(applications.Collection)
	if err != nil {
		return nil, err
	}
	r.Load(map[string]any{
		"internship": in.Id, "student": st.Id, "institution": st.GetString("institution"),
		"organization": in.GetString("organization"), "status": applications.StatusSubmitted, "statement": statement,
	})
	return r, s.save(r, st, s.at(day, 20, 0), fmt.Sprintf("%s applies for %s", student, posting))
}

// move makes a status move of an application as by, with extra fields.
func (s *demoStory) move(r *core.Record, to, by string, t time.Time, extra map[string]any) error {
	r.Set("status", to)
	for k, v := range extra {
		r.Set(k, v)
	}
	return s.save(r, s.user(by), t, "application "+to)
}

// hire walks an application from submitted to accepted: endorsed by the
// college, shortlisted and offered by the host, accepted by the student.
// It returns the placement the acceptance opened.
func (s *demoStory) hire(student, posting string, applied int, coordinator, supervisor string) (*core.Record, error) {
	a, err := s.apply(student, posting, applied, "I would like to learn how a real team works; my projects are on my résumé.")
	if err != nil {
		return nil, err
	}
	steps := []struct {
		to, by string
		day    int
	}{
		{applications.StatusEndorsed, coordinator, applied + 1},
		{applications.StatusShortlisted, supervisor, applied + 3},
		{applications.StatusOffered, supervisor, applied + 6},
		{applications.StatusAccepted, student, applied + 7},
	}
	for _, st := range steps {
		if err := s.move(a, st.to, st.by, s.at(st.day, 11, 0), nil); err != nil {
			return nil, err
		}
	}
	p, err := s.app.FindFirstRecordByData(placements.Collection, "application", a.Id)
	if err != nil {
		return nil, fmt.Errorf("placement of %s: %w", student, err)
	}
	return p, nil
}

// assignMentor: the coordinator names the demo mentor on the day the
// placement starts.
func (s *demoStory) assignMentor(p *core.Record, day int) error {
	p.Set("mentor", s.user(demoMentor).Id)
	return s.save(p, s.user(demoCoordinator), s.at(day, 9, 30), "assign mentor")
}

var demoActivities = []struct{ activity, learning string }{
	{"Read the code of the booking service and set up the development database.", "How the services talk to each other."},
	{"Wrote tests for the seat reservation endpoint and fixed two failing ones.", "Table-driven tests."},
	{"Paired with my supervisor on a bug in the payment callback.", "How to read a stack trace calmly."},
	{"Added input checks to the member sign-up form and its API.", "Why the server must check what the page already checked."},
	{"Wrote the notes of the team's weekly demo and updated the task board.", "How a sprint is planned."},
	{"Measured slow queries and added an index to the bookings table.", "Reading a query plan."},
	{"Reviewed a colleague's pull request and answered review comments on mine.", "Small changes are easier to review."},
}

// logDays writes a logbook entry on each day from..to (offsets) whose
// weekday is in days, each on its evening; review decides, per entry, what
// the supervisor does the next morning ("" leaves it pending).
func (s *demoStory) logDays(p *core.Record, student string, from, to int, days []time.Weekday, hours []float64,
	review func(offset, n int) (status, note string)) error {
	n := 0
	for off := from; off <= to; off++ {
		if !containsDay(days, s.day(off).Weekday()) {
			continue
		}
		a := demoActivities[n%len(demoActivities)]
		e, err := s.newRecord(logbooks.Collection)
		if err != nil {
			return err
		}
		e.Load(map[string]any{"placement": p.Id, "date": s.day(off), "hours": hours[n%len(hours)],
			"activity": a.activity, "learning": a.learning})
		if err := s.save(e, s.user(student), s.at(off, 18, 30), "logbook entry"); err != nil {
			return err
		}
		if st, note := review(off, n); st != "" {
			e.Set("status", st)
			e.Set("review_note", note)
			if err := s.save(e, s.user(demoSupervisor), s.at(off+1, 10, 0), "review logbook entry"); err != nil {
				return err
			}
		}
		n++
	}
	return nil
}

func containsDay(days []time.Weekday, d time.Weekday) bool {
	for _, x := range days {
		if x == d {
			return true
		}
	}
	return false
}

var (
	weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	mwf      = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	tueThu   = []time.Weekday{time.Tuesday, time.Thursday}
)

func approveAll(int, int) (string, string) { return logbooks.StatusApproved, "" }

// submit: the student hands in work for a task (a link to it).
func (s *demoStory) submit(p *core.Record, student, posting, task string, day int, link, note string) (*core.Record, error) {
	r, err := s.newRecord(submissions.Submissions)
	if err != nil {
		return nil, err
	}
	r.Load(map[string]any{"task": s.tasks[posting][task].Id, "placement": p.Id, "link": link, "note": note})
	return r, s.save(r, s.user(student), s.at(day, 19, 0), "submit "+task)
}

// review: the supervisor (assignments) or the mentor (final report) reviews.
func (s *demoStory) review(r *core.Record, by, status string, score float64, feedback string, day int) error {
	r.Set("status", status)
	if score > 0 {
		r.Set("score", score)
	}
	r.Set("feedback", feedback)
	return s.save(r, s.user(by), s.at(day, 12, 0), "review submission")
}

// evaluate: the placement's supervisor or mentor saves an evaluation.
func (s *demoStory) evaluate(p *core.Record, kind, by string, scores map[string]float64, submitted bool, remarks string, day int) error {
	r, err := s.newRecord(evaluations.Collection)
	if err != nil {
		return err
	}
	r.Load(map[string]any{"placement": p.Id, "kind": kind, "evaluator": s.user(by).Id, "scores": scores,
		"submitted": submitted, "remarks": remarks})
	return s.save(r, s.user(by), s.at(day, 16, 0), kind+" evaluation")
}

var (
	goodSupervisor = map[string]float64{"attendance": 9, "skills": 8, "initiative": 8, "communication": 9, "conduct": 10}
	goodMentor     = map[string]float64{"logbook": 8, "report": 17, "viva": 16}
)

// finish does what a placement needs to be completed: the final report
// approved by the mentor, both evaluations submitted (day is the last of
// those steps).
func (s *demoStory) finish(p *core.Record, student, posting string, day int) error {
	rep, err := s.submit(p, student, posting, taskReport, day-3, "https://example.com/reports/"+student+".pdf", "My final report.")
	if err != nil {
		return err
	}
	if err := s.review(rep, demoMentor, submissions.StatusApproved, 17, "A clear report; the section on testing is especially good.", day-2); err != nil {
		return err
	}
	if err := s.evaluate(p, "supervisor", demoSupervisor, goodSupervisor, true, "Reliable and curious; asks good questions.", day-1); err != nil {
		return err
	}
	return s.evaluate(p, "mentor", demoMentor, goodMentor, true, "Kept an honest logbook; a confident viva.", day)
}

// content: two completed placements. Nikhil's certificate is reissued after
// his name is corrected (the first becomes superseded); Kavya's is revoked.
func (s *demoStory) content() error {
	var ps []*core.Record
	for _, st := range []string{demoNikhil, demoKavya} {
		p, err := s.hire(st, pContent, -148, demoCoordinator, demoSupervisor)
		if err != nil {
			return err
		}
		if err := s.assignMentor(p, -120); err != nil {
			return err
		}
		if err := s.logDays(p, st, -120, -61, tueThu, []float64{6, 5.5, 6}, approveAll); err != nil {
			return err
		}
		if err := s.finish(p, st, pContent, -60); err != nil {
			return err
		}
		ps = append(ps, p)
	}
	if err := s.closeDue(pContent); err != nil {
		return err
	}
	var certs []*core.Record
	for _, p := range ps {
		p, err := s.app.FindRecordById(placements.Collection, p.Id) // its hours total moved on
		if err != nil {
			return err
		}
		p.Set("status", placements.StatusCompleted)
		if err := s.save(p, s.user(demoCoordinator), s.at(-58, 11, 0), "complete placement"); err != nil {
			return err
		}
		c, err := s.app.FindFirstRecordByData(certificates.Collection, "placement", p.Id)
		if err != nil {
			return fmt.Errorf("certificate of a completed placement: %w", err)
		}
		certs = append(certs, c)
	}

	nikhil := s.user(demoNikhil)
	nikhil.Set("name", "Nikhil Joseph")
	if err := s.save(nikhil, nikhil, s.at(-51, 21, 0), "correct a name"); err != nil {
		return err
	}
	clock.Set(s.app, clock.Fixed(s.at(-50, 10, 0)))
	if _, err := certificates.Reissue(s.app, certs[0], s.user(demoCoordinator)); err != nil {
		return fmt.Errorf("reissue a certificate: %w", err)
	}

	certs[1].Set("status", certificates.StatusRevoked)
	certs[1].Set("revoke_reason", "Issued in error: the examination board has not approved the marks yet.")
	return s.save(certs[1], s.user(demoCoordinator), s.at(-45, 15, 0), "revoke a certificate")
}

// qa: Vishnu's placement: hours approved, the supervisor's evaluation
// submitted, the final report waiting for the mentor's review.
func (s *demoStory) qa() error {
	p, err := s.hire(demoVishnu, pQA, -88, demoCoordinator, demoSupervisor)
	if err != nil {
		return err
	}
	if err := s.closeDue(pQA); err != nil {
		return err
	}
	if err := s.assignMentor(p, -63); err != nil {
		return err
	}
	if err := s.logDays(p, demoVishnu, -63, -2, mwf, []float64{5, 4.5, 5}, approveAll); err != nil {
		return err
	}
	if _, err := s.submit(p, demoVishnu, pQA, taskReport, -2, "https://example.com/reports/vishnu-qa.pdf", "My final report, with the test plans attached."); err != nil {
		return err
	}
	return s.evaluate(p, "supervisor", demoSupervisor, goodSupervisor, true, "Found bugs nobody else did.", -1)
}

// mobile: Meera's placement, ready to complete (hours, report, both
// evaluations).
func (s *demoStory) mobile() error {
	p, err := s.hire(demoMeera, pMobile, -78, demoCoordinator, demoSupervisor)
	if err != nil {
		return err
	}
	if err := s.closeDue(pMobile); err != nil {
		return err
	}
	if err := s.assignMentor(p, -56); err != nil {
		return err
	}
	if err := s.logDays(p, demoMeera, -56, -5, mwf, []float64{5, 5.5, 4.5}, approveAll); err != nil {
		return err
	}
	note, err := s.submit(p, demoMeera, pMobile, taskProgress, -43, "https://example.com/notes/meera-week2", "Two weeks of bug fixes.")
	if err != nil {
		return err
	}
	if err := s.review(note, demoSupervisor, submissions.StatusApproved, 9, "Good summary.", -42); err != nil {
		return err
	}
	return s.finish(p, demoMeera, pMobile, -1)
}

// backend: Anjali's ongoing placement, started five weeks ago. Entries up
// to a week ago are approved (one sent back), the last few wait for the
// supervisor, today is free. Her other offer was declined when she accepted.
func (s *demoStory) backend() error {
	other, err := s.apply(demoStudent, pData, -49, "I like statistics and want to learn Python for data.")
	if err != nil {
		return err
	}
	if err := s.move(other, applications.StatusEndorsed, demoCoordinator, s.at(-48, 11, 0), nil); err != nil {
		return err
	}
	if err := s.move(other, applications.StatusOffered, demoSupervisor, s.at(-47, 15, 0), nil); err != nil {
		return err
	}
	p, err := s.hire(demoStudent, pBackend, -53, demoCoordinator, demoSupervisor) // accepted on day -46
	if err != nil {
		return err
	}
	if err := s.closeDue(pBackend); err != nil {
		return err
	}
	if err := s.assignMentor(p, -35); err != nil {
		return err
	}
	rejected := false
	err = s.logDays(p, demoStudent, -35, -1, weekdays, []float64{6, 5, 7, 6, 4.5}, func(off, _ int) (string, string) {
		switch {
		case off >= -5:
			return "", ""
		case !rejected && off <= -8:
			rejected = true
			return logbooks.StatusRejected, "Seven hours needs more detail: add what you did in the afternoon."
		}
		return logbooks.StatusApproved, ""
	})
	if err != nil {
		return err
	}
	first, err := s.submit(p, demoStudent, pBackend, taskProgress, -22, "https://example.com/notes/anjali-week2", "What I built in my first two weeks.")
	if err != nil {
		return err
	}
	if err := s.review(first, demoSupervisor, submissions.StatusRevisionRequested, 0, "Add the endpoints you built and link a screenshot of the tests.", -21); err != nil {
		return err
	}
	second, err := s.submit(p, demoStudent, pBackend, taskProgress, -20, "https://example.com/notes/anjali-week2-v2", "With the endpoints and the test run.")
	if err != nil {
		return err
	}
	if err := s.review(second, demoSupervisor, submissions.StatusApproved, 8, "Much better, thank you.", -19); err != nil {
		return err
	}
	// A draft evaluation: the supervisor has started it.
	return s.evaluate(p, "supervisor", demoSupervisor, map[string]float64{"attendance": 9, "skills": 8}, false, "", -3)
}

// data: Sreelakshmi's offer expired before she answered it.
func (s *demoStory) data() error {
	a, err := s.apply(demoSreelakshmi, pData, -40, "I want to learn how survey data becomes a decision.")
	if err != nil {
		return err
	}
	if err := s.move(a, applications.StatusEndorsed, demoCoordinator, s.at(-38, 11, 0), nil); err != nil {
		return err
	}
	if err := s.move(a, applications.StatusShortlisted, demoSupervisor, s.at(-35, 11, 0), nil); err != nil {
		return err
	}
	if err := s.move(a, applications.StatusOffered, demoSupervisor, s.at(-30, 11, 0), nil); err != nil {
		return err
	}
	// The cron job, the first run after the offer's expiry.
	clock.Set(s.app, clock.Fixed(a.GetDateTime("offer_expires_at").Time().Add(15*time.Minute)))
	if _, err := applications.ExpireOffers(s.app); err != nil {
		return fmt.Errorf("expire offers: %w", err)
	}
	return nil
}

// hardware: the posting is cancelled; Rohan's application is withdrawn by
// the server.
func (s *demoStory) hardware() error {
	if _, err := s.apply(demoRohan, pHardware, -28, "I repair radios at home and want to learn electronics properly."); err != nil {
		return err
	}
	in := s.posting[pHardware]
	in.Set("status", internships.StatusCancelled)
	in.Set("cancel_reason", "The lab is moving to a new building; we will post this again next semester.")
	return s.save(in, s.user(demoSupervisor), s.at(-20, 12, 0), "cancel "+in.GetString("title"))
}

// ui: Sreelakshmi accepts an internship that starts in two weeks (an
// upcoming placement); her pending application elsewhere is withdrawn.
func (s *demoStory) ui() error {
	pending, err := s.apply(demoSreelakshmi, pFrontend, -4, "I enjoy making pages that work for everyone.")
	if err != nil {
		return err
	}
	_ = pending
	a, err := s.apply(demoSreelakshmi, pUI, -6, "I sketch apps for my friends' shops.")
	if err != nil {
		return err
	}
	if err := s.move(a, applications.StatusEndorsed, demoCoordinator, s.at(-5, 11, 0), nil); err != nil {
		return err
	}
	if err := s.move(a, applications.StatusOffered, demoSupervisor, s.at(-3, 11, 0), nil); err != nil {
		return err
	}
	return s.move(a, applications.StatusAccepted, demoSreelakshmi, s.at(-2, 9, 0), nil)
}

// frontend: applicants in the pipeline: Sneha shortlisted, Nikhil endorsed,
// Rohan rejected by the host, Arjun just applied.
func (s *demoStory) frontend() error {
	sneha, err := s.apply(demoSneha, pFrontend, -9, "I built my college fest's website.")
	if err != nil {
		return err
	}
	if err := s.move(sneha, applications.StatusEndorsed, demoCoordinator, s.at(-8, 11, 0), nil); err != nil {
		return err
	}
	if err := s.move(sneha, applications.StatusShortlisted, demoSupervisor, s.at(-3, 14, 0), nil); err != nil {
		return err
	}
	rohan, err := s.apply(demoRohan, pFrontend, -9, "I would like to try web development.")
	if err != nil {
		return err
	}
	if err := s.move(rohan, applications.StatusEndorsed, demoCoordinator, s.at(-8, 11, 5), nil); err != nil {
		return err
	}
	if err := s.move(rohan, applications.StatusRejected, demoSupervisor, s.at(-4, 14, 0), map[string]any{
		"reason": "We need someone who has built a page with JavaScript; the Data analyst internship may suit you."}); err != nil {
		return err
	}
	nikhil, err := s.apply(demoNikhil, pFrontend, -7, "After writing help pages I want to build the pages themselves.")
	if err != nil {
		return err
	}
	if err := s.move(nikhil, applications.StatusEndorsed, demoCoordinator, s.at(-6, 11, 0), nil); err != nil {
		return err
	}
	_, err = s.apply(demoArjun, pFrontend, -1, "I am in my third semester and have made two small web apps.")
	return err
}

// botany: Rahul has an offer to accept, valid for four weeks.
func (s *demoStory) botany() error {
	a, err := s.apply(demoStudent2, pBotany, -10, "I have pressed over a hundred plants for my herbarium.")
	if err != nil {
		return err
	}
	if err := s.move(a, applications.StatusEndorsed, demoCoordSNC, s.at(-9, 11, 0), nil); err != nil {
		return err
	}
	if err := s.move(a, applications.StatusShortlisted, demoSupWG, s.at(-5, 11, 0), nil); err != nil {
		return err
	}
	offered := s.at(-1, 16, 0)
	return s.move(a, applications.StatusOffered, demoSupWG, offered, map[string]any{
		"offer_expires_at": offered.Add(28 * 24 * time.Hour)})
}
