// Package migrations holds Internbase's schema and settings as PocketBase Go
// migrations. It uses string literals only and never imports a domain package,
// so the schema can be read (and replayed) on its own.
package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Rule fragments. Every branch starts with a role guard so that an empty
// tenant field of the caller (a supervisor has no institution, a mentor no
// organization) can never match an empty field of a record.
const (
	signedIn      = `@request.auth.id != ""`
	isStudent     = `@request.auth.role = "student"`
	isMentor      = `@request.auth.role = "mentor"`
	isCoordinator = `@request.auth.role = "coordinator"`
	isSupervisor  = `@request.auth.role = "supervisor"`
)

func or(parts ...string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " || "
		}
		out += "(" + p + ")"
	}
	return out
}

func and(parts ...string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " && "
		}
		out += p
	}
	return out
}

// placementReaders is the read rule of every record that hangs off a placement
// (prefix is the path to the placement, "" on placements themselves).
func placementReaders(prefix string) string {
	return or(
		prefix+`student = @request.auth.id`,
		and(isSupervisor, prefix+`organization = @request.auth.organization`),
		and(isMentor, prefix+`mentor = @request.auth.id`),
		and(isCoordinator, prefix+`institution = @request.auth.institution`),
	)
}

// courseReaders is the read rule of courses (prefix "") and of their lessons
// (prefix "course."): published courses of the caller's institution or global
// ones (supervisors see every published course, to name it as a prerequisite),
// every course of their institution for its coordinators, and drafts for the
// mentor who wrote them.
func courseReaders(prefix string) string {
	return or(
		and(signedIn, prefix+`published = true`, "("+or(
			prefix+`institution = ""`,
			prefix+`institution = @request.auth.institution`,
			isSupervisor,
		)+")"),
		and(isCoordinator, prefix+`institution = @request.auth.institution`),
		and(isMentor, prefix+`author = @request.auth.id`),
	)
}

// courseWriters: the coordinators of the course's institution and the mentor
// who wrote it.
func courseWriters(prefix string) string {
	return or(
		and(isCoordinator, prefix+`institution = @request.auth.institution`),
		and(isMentor, prefix+`author = @request.auth.id`, prefix+`institution = @request.auth.institution`),
	)
}

func timestamps() []core.Field {
	return []core.Field{
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	}
}

func newCollection(name string, fields ...core.Field) *core.Collection {
	c := core.NewBaseCollection(name, "ib_"+name)
	c.Fields.Add(fields...)
	c.Fields.Add(timestamps()...)
	return c
}

func rel(name, collection string, required bool) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: collectionID(collection), MaxSelect: 1, Required: required}
}

func collectionID(name string) string {
	if name == "users" {
		return "_pb_users_auth_"
	}
	return "ib_" + name
}

func num(name string, min, max *float64, onlyInt bool) *core.NumberField {
	return &core.NumberField{Name: name, Min: min, Max: max, OnlyInt: onlyInt}
}

func sel(name string, required bool, values ...string) *core.SelectField {
	return &core.SelectField{Name: name, Values: values, MaxSelect: 1, Required: required}
}

func text(name string, min, max int, required bool) *core.TextField {
	return &core.TextField{Name: name, Min: min, Max: max, Required: required}
}

func date(name string, required bool) *core.DateField {
	return &core.DateField{Name: name, Required: required}
}

func rules(c *core.Collection, list, create, update, del *string) {
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = list, list, create, update, del
}

var p = types.Pointer[string]

func f(v float64) *float64 { return &v }

func init() {
	m.Register(upSchema, downSchema)
}

var schemaOrder = []string{
	"regulations", "institutions", "organizations", "courses", "lessons", "lesson_completions",
	"course_completions", "internships", "applications", "placements", "logbook_entries", "tasks",
	"submissions", "evaluations", "certificates", "signing_keys", "notifications", "audit_events",
}

func upSchema(app core.App) error {
	var cols []*core.Collection

	// regulations: public, superusers write.
	regulations := newCollection("regulations",
		&core.TextField{Name: "name", Required: true, Max: 200},
		num("hours_per_credit", f(1), nil, false),
		num("credits", f(0), f(40), false),
		num("min_hours", f(0), nil, false),
		num("max_marks", f(1), nil, false),
		num("pass_percent", f(0), f(100), false),
		num("semester_min", f(1), f(8), true),
		num("semester_max", f(1), f(8), true),
		&core.BoolField{Name: "requires_endorsement"},
		num("supervisor_weight", f(0), f(100), false),
		&core.JSONField{Name: "supervisor_criteria", MaxSize: 20000},
		&core.JSONField{Name: "mentor_criteria", MaxSize: 20000},
		&core.JSONField{Name: "grade_scale", MaxSize: 20000},
	)
	regulations.AddIndex("idx_regulations_name", true, "name", "")
	rules(regulations, p(""), nil, nil, nil)
	cols = append(cols, regulations)

	// institutions: public, superusers write.
	institutions := newCollection("institutions",
		&core.TextField{Name: "name", Required: true, Max: 300, Presentable: true},
		&core.TextField{Name: "code", Required: true, Max: 20, Pattern: `^[A-Z0-9][A-Z0-9_-]*$`},
		text("university", 0, 300, false),
		text("district", 0, 100, false),
		rel("regulation", "regulations", true),
	)
	institutions.AddIndex("idx_institutions_code", true, "code", "")
	institutions.AddIndex("idx_institutions_regulation", false, "regulation", "")
	rules(institutions, p(""), nil, nil, nil)
	cols = append(cols, institutions)

	// organizations: signed-in read; coordinators create; coordinators and
	// the organization's own supervisors update (hooks narrow supervisors'
	// fields); superusers delete.
	organizations := newCollection("organizations",
		&core.TextField{Name: "name", Required: true, Max: 300, Presentable: true},
		sel("kind", false, "company", "startup", "research_lab", "ngo", "government", "academic"),
		&core.URLField{Name: "website"},
		text("district", 0, 100, false),
		&core.EditorField{Name: "about", MaxSize: 100 << 10},
		&core.FileField{Name: "logo", MaxSelect: 1, MaxSize: 2 << 20, MimeTypes: []string{"image/png", "image/jpeg", "image/webp", "image/svg+xml"}, Thumbs: []string{"100x100"}},
		&core.BoolField{Name: "verified"},
		&core.BoolField{Name: "charges_fee"},
	)
	organizations.AddIndex("idx_organizations_name", false, "name", "")
	rules(organizations, p(signedIn), p(isCoordinator),
		p(or(isCoordinator, and(isSupervisor, `id = @request.auth.organization`))), nil)
	cols = append(cols, organizations)

	// courses and lessons: training modules of an institution (or global).
	courses := newCollection("courses",
		&core.TextField{Name: "title", Required: true, Max: 300, Presentable: true},
		&core.EditorField{Name: "summary", MaxSize: 100 << 10},
		num("hours", f(0), f(1000), false),
		rel("institution", "institutions", false),
		&core.BoolField{Name: "published"},
		rel("author", "users", false),
	)
	courses.AddIndex("idx_courses_institution", false, "institution, published", "")
	courses.AddIndex("idx_courses_author", false, "author", "")
	rules(courses, p(courseReaders("")), p(or(isCoordinator, isMentor)), p(courseWriters("")), p(courseWriters("")))
	cols = append(cols, courses)

	lessons := newCollection("lessons",
		rel("course", "courses", true),
		num("position", f(0), nil, true),
		&core.TextField{Name: "title", Required: true, Max: 300, Presentable: true},
		&core.EditorField{Name: "body", MaxSize: 1 << 20},
		&core.URLField{Name: "video_url"},
		&core.FileField{Name: "attachment", MaxSelect: 1, MaxSize: 20 << 20, Protected: true,
			MimeTypes: []string{"application/pdf", "application/zip", "image/png", "image/jpeg",
				"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
				"application/vnd.openxmlformats-officedocument.presentationml.presentation"}},
	)
	lessons.AddIndex("idx_lessons_course", false, "course, position", "")
	rules(lessons, p(courseReaders("course.")), p(courseWriters("course.")), p(courseWriters("course.")), p(courseWriters("course.")))
	cols = append(cols, lessons)

	completionReaders := or(`student = @request.auth.id`, and(isCoordinator, `institution = @request.auth.institution`))
	lessonCompletions := newCollection("lesson_completions",
		rel("student", "users", false),
		rel("lesson", "lessons", true),
		rel("course", "courses", false),
		rel("institution", "institutions", false),
	)
	lessonCompletions.AddIndex("idx_lesson_completions_unique", true, "student, lesson", "")
	lessonCompletions.AddIndex("idx_lesson_completions_course", false, "course, student", "")
	lessonCompletions.AddIndex("idx_lesson_completions_institution", false, "institution", "")
	rules(lessonCompletions, p(completionReaders),
		p(and(isStudent, `lesson.course.published = true`,
			"("+or(`lesson.course.institution = ""`, `lesson.course.institution = @request.auth.institution`)+")")),
		nil, nil)
	cols = append(cols, lessonCompletions)

	courseCompletions := newCollection("course_completions",
		rel("student", "users", true),
		rel("course", "courses", true),
		&core.DateField{Name: "completed_at", Required: true},
		rel("institution", "institutions", false),
	)
	courseCompletions.AddIndex("idx_course_completions_unique", true, "student, course", "")
	courseCompletions.AddIndex("idx_course_completions_institution", false, "institution", "")
	rules(courseCompletions, p(completionReaders), nil, nil, nil)
	cols = append(cols, courseCompletions)

	// internships: postings of a host organisation.
	ownOrg := and(isSupervisor, `organization = @request.auth.organization`)
	internships := newCollection("internships",
		rel("organization", "organizations", true),
		rel("supervisor", "users", true),
		&core.TextField{Name: "title", Required: true, Max: 300, Presentable: true},
		&core.EditorField{Name: "description", MaxSize: 200 << 10},
		&core.JSONField{Name: "skills", MaxSize: 10000},
		sel("mode", false, "onsite", "remote", "hybrid"),
		text("location", 0, 300, false),
		text("district", 0, 100, false),
		&core.NumberField{Name: "seats", Required: true, Min: f(1), Max: f(10000), OnlyInt: true},
		date("starts_on", true), date("ends_on", true), date("apply_by", true),
		num("hours", f(0), f(5000), true),
		num("stipend", f(0), nil, false),
		num("fee", f(0), nil, false),
		&core.RelationField{Name: "required_courses", CollectionId: collectionID("courses"), MaxSelect: 20},
		&core.RelationField{Name: "eligible_institutions", CollectionId: collectionID("institutions"), MaxSelect: 1000},
		num("min_semester", f(0), f(8), true),
		&core.SelectField{Name: "status", Values: []string{"draft", "open", "closed", "cancelled"}, MaxSelect: 1},
		text("cancel_reason", 0, 2000, false),
	)
	internships.AddIndex("idx_internships_status", false, "status, apply_by", "")
	internships.AddIndex("idx_internships_organization", false, "organization, status", "")
	internships.AddIndex("idx_internships_supervisor", false, "supervisor", "")
	rules(internships, p(or(and(signedIn, `status != "draft"`), ownOrg)), p(isSupervisor), p(ownOrg),
		p(and(ownOrg, `status = "draft"`)))
	cols = append(cols, internships)

	// applications: institution and organization are copied by the server
	// from the student and the internship, endorsed_at is set when the
	// application becomes visible to the host. They keep the rules to one
	// indexed column each.
	applications := newCollection("applications",
		rel("internship", "internships", true),
		rel("student", "users", false),
		text("statement", 0, 5000, false),
		&core.FileField{Name: "resume", MaxSelect: 1, MaxSize: 5 << 20, MimeTypes: []string{"application/pdf"}, Protected: true},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{
			"submitted", "endorsed", "shortlisted", "offered", "accepted", "declined", "rejected", "withdrawn", "expired"}},
		text("reason", 0, 2000, false),
		rel("endorsed_by", "users", false),
		rel("decided_by", "users", false),
		date("offer_expires_at", false),
		rel("institution", "institutions", false),
		rel("organization", "organizations", false),
		date("endorsed_at", false),
	)
	applications.AddIndex("idx_applications_unique", true, "internship, student", "")
	applications.AddIndex("idx_applications_student", false, "student, status", "")
	applications.AddIndex("idx_applications_institution", false, "institution, status", "")
	applications.AddIndex("idx_applications_organization", false, "organization, status", "")
	applications.AddIndex("idx_applications_internship_status", false, "internship, status", "")
	applications.AddIndex("idx_applications_offers", false, "status, offer_expires_at", "")
	applicationReaders := or(
		`student = @request.auth.id`,
		and(isCoordinator, `institution = @request.auth.institution`),
		and(isSupervisor, `organization = @request.auth.organization`, `endorsed_at != ""`),
	)
	rules(applications, p(applicationReaders), p(isStudent), p(applicationReaders), nil)
	cols = append(cols, applications)

	// placements: created by the server only.
	placements := newCollection("placements",
		rel("application", "applications", true),
		rel("student", "users", true),
		rel("internship", "internships", true),
		rel("organization", "organizations", true),
		rel("institution", "institutions", true),
		rel("supervisor", "users", false),
		rel("mentor", "users", false),
		&core.SelectField{Name: "status", MaxSelect: 1, Required: true, Values: []string{"ongoing", "completed", "discontinued"}},
		num("approved_hours", f(0), nil, false),
		date("started_on", false),
		date("completed_on", false),
		num("marks", f(0), nil, false),
		num("percent", f(0), f(100), false),
		text("grade", 0, 10, false),
		num("grade_point", f(0), f(10), false),
		num("credits_earned", f(0), nil, false),
		text("discontinue_reason", 0, 2000, false),
	)
	placements.AddIndex("idx_placements_application", true, "application", "")
	placements.AddIndex("idx_placements_student", false, "student, status", "")
	placements.AddIndex("idx_placements_internship", false, "internship, status", "")
	placements.AddIndex("idx_placements_organization", false, "organization, status", "")
	placements.AddIndex("idx_placements_institution", false, "institution, status", "")
	placements.AddIndex("idx_placements_mentor", false, "mentor, status", "")
	placements.AddIndex("idx_placements_supervisor", false, "supervisor, status", "")
	rules(placements, p(placementReaders("")), nil,
		p(or(and(isCoordinator, `institution = @request.auth.institution`), and(isMentor, `mentor = @request.auth.id`))), nil)
	cols = append(cols, placements)

	// logbook_entries: the daily diary of a placement.
	logbook := newCollection("logbook_entries",
		rel("placement", "placements", true),
		date("date", true),
		&core.NumberField{Name: "hours", Required: true, Min: f(0.5), Max: f(12)},
		text("activity", 20, 2000, true),
		text("learning", 0, 2000, false),
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"pending", "approved", "rejected"}},
		text("review_note", 0, 2000, false),
		rel("reviewed_by", "users", false),
		date("reviewed_at", false),
	)
	logbook.AddIndex("idx_logbook_entries_unique", true, "placement, date", "")
	logbook.AddIndex("idx_logbook_entries_status", false, "placement, status", "")
	rules(logbook, p(placementReaders("placement.")),
		p(and(isStudent, `placement.student = @request.auth.id`)),
		p(or(`placement.student = @request.auth.id`, and(isSupervisor, `placement.organization = @request.auth.organization`))),
		p(`placement.student = @request.auth.id`))
	cols = append(cols, logbook)

	// tasks and submissions: project work.
	tasks := newCollection("tasks",
		rel("internship", "internships", true),
		&core.TextField{Name: "title", Required: true, Max: 300, Presentable: true},
		&core.EditorField{Name: "instructions", MaxSize: 200 << 10},
		sel("kind", true, "assignment", "final_report"),
		date("due_on", false),
		num("max_score", f(1), f(1000), false),
		&core.BoolField{Name: "required"},
	)
	tasks.AddIndex("idx_tasks_internship", false, "internship", "")
	taskWriters := and(isSupervisor, `internship.organization = @request.auth.organization`)
	rules(tasks, p(or(and(signedIn, `internship.status != "draft"`), taskWriters)), p(taskWriters), p(taskWriters), p(taskWriters))
	cols = append(cols, tasks)

	submissions := newCollection("submissions",
		rel("task", "tasks", true),
		rel("placement", "placements", true),
		num("attempt", f(1), nil, true),
		&core.FileField{Name: "files", MaxSelect: 5, MaxSize: 20 << 20, Protected: true, MimeTypes: []string{
			"application/pdf", "application/zip", "image/png", "image/jpeg",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation"}},
		&core.URLField{Name: "link"},
		text("note", 0, 5000, false),
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"submitted", "approved", "revision_requested"}},
		num("score", f(0), nil, false),
		text("feedback", 0, 5000, false),
		&core.BoolField{Name: "late"},
		rel("reviewed_by", "users", false),
		date("reviewed_at", false),
	)
	submissions.AddIndex("idx_submissions_attempt", true, "task, placement, attempt", "")
	submissions.AddIndex("idx_submissions_placement", false, "placement, status", "")
	rules(submissions, p(placementReaders("placement.")),
		p(and(isStudent, `placement.student = @request.auth.id`, `task.internship = placement.internship`)),
		p(or(and(isSupervisor, `placement.organization = @request.auth.organization`), and(isMentor, `placement.mentor = @request.auth.id`))),
		nil)
	cols = append(cols, submissions)

	evaluations := newCollection("evaluations",
		rel("placement", "placements", true),
		sel("kind", true, "supervisor", "mentor"),
		rel("evaluator", "users", false),
		&core.JSONField{Name: "scores", MaxSize: 10000},
		num("total", f(0), nil, false),
		text("remarks", 0, 5000, false),
		&core.BoolField{Name: "submitted"},
	)
	evaluations.AddIndex("idx_evaluations_unique", true, "placement, kind", "")
	evaluations.AddIndex("idx_evaluations_evaluator", false, "evaluator", "")
	rules(evaluations,
		p(or(
			and(`placement.student = @request.auth.id`, `placement.status = "completed"`),
			and(isSupervisor, `placement.organization = @request.auth.organization`),
			and(isMentor, `placement.mentor = @request.auth.id`),
			and(isCoordinator, `placement.institution = @request.auth.institution`),
		)),
		p(or(
			and(isSupervisor, `placement.supervisor = @request.auth.id`),
			and(isMentor, `placement.mentor = @request.auth.id`),
		)),
		p(`evaluator = @request.auth.id`), nil)
	cols = append(cols, evaluations)

	certificates := newCollection("certificates",
		&core.TextField{Name: "number", Required: true, Max: 20, Pattern: `^IB-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{8}$`, Presentable: true},
		rel("placement", "placements", true),
		rel("student", "users", true),
		rel("institution", "institutions", true),
		rel("organization", "organizations", true),
		text("student_name", 0, 300, false),
		text("register_no", 0, 100, false),
		text("institution_name", 0, 300, false),
		text("organization_name", 0, 300, false),
		text("title", 0, 300, false),
		text("starts_on", 0, 10, false),
		text("ends_on", 0, 10, false),
		num("hours", f(0), nil, false),
		num("credits", f(0), nil, false),
		num("marks", f(0), nil, false),
		num("max_marks", f(0), nil, false),
		text("grade", 0, 10, false),
		date("issued_at", true),
		&core.SelectField{Name: "status", MaxSelect: 1, Required: true, Values: []string{"valid", "revoked", "superseded"}},
		text("revoke_reason", 0, 2000, false),
		date("revoked_at", false),
		rel("revoked_by", "users", false),
		&core.RelationField{Name: "replaces", CollectionId: "ib_certificates", MaxSelect: 1},
		&core.FileField{Name: "pdf", MaxSelect: 1, MaxSize: 5 << 20, MimeTypes: []string{"application/pdf"}, Protected: true},
		text("sha256", 0, 64, false),
		text("signature", 0, 200, false),
		text("key_id", 0, 100, false),
	)
	certificates.AddIndex("idx_certificates_number", true, "number", "")
	certificates.AddIndex("idx_certificates_placement", false, "placement", "")
	certificates.AddIndex("idx_certificates_student", false, "student", "")
	certificates.AddIndex("idx_certificates_institution", false, "institution, status", "")
	certificates.AddIndex("idx_certificates_organization", false, "organization", "")
	certificates.AddIndex("idx_certificates_replaces", false, "replaces", "")
	rules(certificates,
		p(or(
			`student = @request.auth.id`,
			and(isCoordinator, `institution = @request.auth.institution`),
			and(isMentor, `placement.mentor = @request.auth.id`),
			and(isSupervisor, `placement.supervisor = @request.auth.id`),
		)),
		nil, p(and(isCoordinator, `institution = @request.auth.institution`)), nil)
	cols = append(cols, certificates)

	signingKeys := newCollection("signing_keys",
		&core.TextField{Name: "kid", Required: true, Max: 100},
		&core.TextField{Name: "public_key", Required: true, Max: 200},
		&core.TextField{Name: "private_key", Required: true, Max: 200, Hidden: true},
		&core.BoolField{Name: "active"},
	)
	signingKeys.AddIndex("idx_signing_keys_kid", true, "kid", "")
	rules(signingKeys, nil, nil, nil, nil)
	cols = append(cols, signingKeys)

	notifications := newCollection("notifications",
		rel("user", "users", true),
		text("kind", 0, 100, true),
		text("title", 0, 300, true),
		text("body", 0, 5000, false),
		text("link", 0, 500, false),
		text("record", 0, 50, false),
		&core.BoolField{Name: "read"},
	)
	notifications.AddIndex("idx_notifications_user", false, "user, read", "")
	own := `user = @request.auth.id`
	rules(notifications, p(own), nil, p(own), p(own))
	cols = append(cols, notifications)

	audit := newCollection("audit_events",
		rel("actor", "users", false),
		text("actor_label", 0, 300, true),
		text("action", 0, 100, true),
		text("collection", 0, 100, false),
		text("record", 0, 50, false),
		text("from", 0, 100, false),
		text("to", 0, 100, false),
		text("note", 0, 5000, false),
		rel("institution", "institutions", false),
	)
	audit.AddIndex("idx_audit_events_institution", false, "institution", "")
	audit.AddIndex("idx_audit_events_record", false, "collection, record", "")
	rules(audit, p(and(isCoordinator, `institution = @request.auth.institution`)), nil, nil, nil)
	cols = append(cols, audit)

	// Relations between the new collections point at fixed ids, so the whole
	// set is saved without validation first and validated at the end.
	for _, c := range cols {
		rulesOff := [5]*string{c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule}
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
		if err := app.SaveNoValidate(c); err != nil {
			return err
		}
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = rulesOff[0], rulesOff[1], rulesOff[2], rulesOff[3], rulesOff[4]
	}

	if err := extendUsers(app); err != nil {
		return err
	}

	for _, c := range cols {
		if err := app.Save(c); err != nil {
			return err
		}
	}
	return nil
}

func extendUsers(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.Add(
		sel("role", true, "student", "mentor", "coordinator", "supervisor"),
		rel("institution", "institutions", false),
		rel("organization", "organizations", false),
		text("register_no", 0, 50, false),
		&core.TextField{Name: "apaar_id", Pattern: `^[0-9]{12}$`, Max: 12},
		text("program", 0, 200, false),
		num("semester", f(1), f(8), true),
		text("phone", 0, 20, false),
	)
	if f, ok := users.Fields.GetByName("name").(*core.TextField); ok {
		f.Required = true
		f.Presentable = true
	}
	users.AddIndex("idx_users_register_no", true, "institution, register_no", "register_no != ''")
	users.AddIndex("idx_users_institution_role", false, "institution, role", "")
	users.AddIndex("idx_users_organization_role", false, "organization, role", "")

	// Read: self; staff profiles for any signed-in user; a student for the
	// coordinators of their institution, the mentors of their placements and
	// the supervisors of organizations that can see one of their applications.
	reader := or(
		`id = @request.auth.id`,
		and(signedIn, `role != "student"`),
		and(`role = "student"`, "("+or(
			and(isCoordinator, `institution = @request.auth.institution`),
			and(isMentor, `placements_via_student.mentor ?= @request.auth.id`),
			and(isSupervisor, `applications_via_student.organization ?= @request.auth.organization`,
				`applications_via_student.endorsed_at ?!= ""`),
		)+")"),
	)
	users.ListRule = p(reader)
	users.ViewRule = p(reader)
	// Sign-up (guests) and coordinators creating staff; hooks decide roles.
	users.CreateRule = p(or(`@request.auth.id = ""`, isCoordinator))
	users.UpdateRule = p(or(`id = @request.auth.id`,
		and(isCoordinator, `institution = @request.auth.institution`, `(role = "student" || role = "mentor")`)))
	users.DeleteRule = nil
	return app.Save(users)
}

func downSchema(app core.App) error {
	for i := len(schemaOrder) - 1; i >= 0; i-- {
		c, err := app.FindCollectionByNameOrId(schemaOrder[i])
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return err
		}
	}
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	for _, name := range []string{"role", "institution", "organization", "register_no", "apaar_id", "program", "semester", "phone"} {
		users.Fields.RemoveByName(name)
	}
	users.RemoveIndex("idx_users_register_no")
	users.RemoveIndex("idx_users_institution_role")
	users.RemoveIndex("idx_users_organization_role")
	return app.Save(users)
}
