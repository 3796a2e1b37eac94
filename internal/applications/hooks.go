package applications

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/courses"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/organizations"
	"github.com/internbase/internbase/internal/regulations"
	"github.com/internbase/internbase/internal/users"
)

// ReasonAcceptedAnother is the reason the server writes on the pending
// applications it withdraws when their student accepts another offer.
const ReasonAcceptedAnother = "Accepted another offer."

// writable are the fields each actor may change on an application.
var writable = map[string][]string{
	ActorStudent:     {"statement", "resume", "status"},
	ActorCoordinator: {"status", "reason"},
	ActorSupervisor:  {"status", "reason", "offer_expires_at"},
	ActorSuperuser:   {"statement", "resume", "status", "reason", "offer_expires_at"},
}

// actorOf names the caller of a request as an actor of the machine.
func actorOf(auth *core.Record) string {
	if access.IsSuperuser(auth) {
		return ActorSuperuser
	}
	return access.Role(auth)
}

// onCreateRequest runs the checks of DESIGN.md §3, in its order, inside the
// request's transaction, and fills the server fields.
func onCreateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	if r.GetString("status") != "" {
		return apierror.ForbiddenFields("status")
	}
	if !access.Is(e.Auth, access.RoleStudent) {
		return apierror.Forbidden("Only students apply for internships.")
	}
	if !r.GetDateTime("offer_expires_at").IsZero() {
		return apierror.ForbiddenFields("offer_expires_at")
	}
	internship, err := internships.Find(e.App, r.GetString("internship"))
	if errors.Is(err, sql.ErrNoRows) {
		return apierror.FieldError("internship", "validation_missing_rel_records", "Choose an existing internship.")
	}
	if err != nil {
		return apierror.Internal(e.App, "read the internship", err)
	}
	reg, err := checkApply(e.App, e.Auth, internship)
	if err != nil {
		return err
	}
	r.Set("student", e.Auth.Id)
	r.Set("institution", access.Institution(e.Auth))
	r.Set("organization", internship.Organization())
	r.Set("status", StatusSubmitted)
	if !reg.RequiresEndorsement() {
		r.Set("status", StatusEndorsed)
		r.Set("endorsed_at", clock.Now(e.App))
	}
	return e.Next()
}

// checkApply runs the checks of an application in the order of DESIGN.md §3
// — closed, fee, enrolled, eligible, prerequisites,
// duplicate, busy — and returns the student's regulation. A failing read
// fails the request (500); it never passes a check.
func checkApply(app core.App, student *core.Record, internship *internships.Internship) (*regulations.Regulation, error) {
	fail := func(code, msg string) error { return apierror.FieldError("internship", code, msg) }

	if !internship.TakesApplications(app) {
		return nil, fail(apierror.CodeClosed, "This internship is not accepting applications.")
	}

	org, err := organizations.Find(app, internship.Organization())
	if err != nil {
		return nil, apierror.Internal(app, "read the internship's organization", err)
	}
	if internship.Fee() != 0 || org.ChargesFee() {
		return nil, fail(apierror.CodeFee, "This internship charges students a fee, so it does not take applications; choose another internship.")
	}
	if !users.Enrolled(student) {
		return nil, fail(apierror.CodeNotEnrolled, "Your college has not confirmed your enrolment yet; ask your internship coordinator to enrol you, then apply.")
	}

	reg, err := institutions.Regulation(app, access.Institution(student))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail(apierror.CodeNotEligible, "Your institution has no internship regulation yet; ask your coordinator.")
	}
	if err != nil {
		return nil, apierror.Internal(app, "read the student's regulation", err)
	}
	if eligible := internship.EligibleInstitutions(); len(eligible) > 0 && !slices.Contains(eligible, access.Institution(student)) {
		return nil, fail(apierror.CodeNotEligible, "This internship is not open to students of your institution.")
	}
	sem := student.GetInt("semester")
	if sem < reg.SemesterMin() || sem > reg.SemesterMax() || sem < internship.MinSemester() {
		lo := max(reg.SemesterMin(), internship.MinSemester())
		return nil, fail(apierror.CodeNotEligible, fmt.Sprintf("Students of semesters %d to %d may apply; you are in semester %d.", lo, reg.SemesterMax(), sem))
	}

	missing, err := courses.Missing(app, student, internship.RequiredCourses())
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, fail(apierror.CodePrerequisites, "Complete the required courses first: "+strings.Join(missing, ", ")+".")
	}

	n, err := app.CountRecords(Collection, dbx.HashExp{"internship": internship.Id, "student": student.Id})
	if err != nil {
		return nil, apierror.Internal(app, "count the student's applications", err)
	}
	if n > 0 {
		return nil, fail(apierror.CodeDuplicate, "You have already applied for this internship.")
	}

	busy, err := busy(app, student.Id)
	if err != nil {
		return nil, apierror.Internal(app, "count the student's ongoing placements", err)
	}
	if busy {
		return nil, fail(apierror.CodeBusy, "You already have an ongoing internship; complete it before applying for another.")
	}
	return reg, nil
}

// onMoveRequest decides whether the caller's role may make the status move
// before any field is checked (it runs before fields.Protect): a move that
// exists but not for this role is 403, one that does not exist is 400.
func onMoveRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	from, to := r.Original().GetString("status"), r.GetString("status")
	if from != to {
		if err := Machine.Enforce(from, to, actorOf(e.Auth)); err != nil {
			return err
		}
	}
	return e.Next()
}

// onUpdateRequest checks who may change what: the fields of the caller's
// role (the move itself was decided by onMoveRequest).
func onUpdateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	actor := actorOf(e.Auth)
	if bad := fields.ChangedOutside(r, append(writable[actor], ServerFields...)); len(bad) > 0 {
		return apierror.ForbiddenFields(bad...)
	}
	return e.Next()
}

// onCreate keeps the invariants of a new application for every save.
func onCreate(e *core.RecordEvent) error {
	r := e.Record
	if !Machine.Valid(r.GetString("status")) {
		return apierror.FieldError("status", apierror.CodeInvalidTransition, "A new application starts as submitted or endorsed.")
	}
	if !r.GetDateTime("offer_expires_at").IsZero() && !MayHoldOfferExpiry(r.GetString("status")) {
		return apierror.FieldError("offer_expires_at", apierror.CodeForbiddenField, offerExpiryMessage)
	}
	if err := e.Next(); err != nil {
		return err
	}
	internship, err := internships.Find(e.App, r.GetString("internship"))
	if err != nil {
		return err
	}
	link, title := "/applications/"+r.Id, internship.Quoted()
	if r.GetString("status") == StatusSubmitted {
		var notices []notifications.Notice
		coordinators, err := institutions.Coordinators(e.App, r.GetString("institution"))
		if err != nil {
			return err
		}
		for _, c := range coordinators {
			notices = append(notices, notifications.Notice{User: c, Kind: "application.submitted", Record: r.Id, Link: link,
				Title: "A student applied for " + title, Body: "Endorse or reject the application."})
		}
		return notifications.Notify(e.App, notices...)
	}
	return notifications.Notify(e.App, notifications.Notice{User: internship.Supervisor(), Kind: "application.endorsed",
		Record: r.Id, Link: link, Title: "New applicant for " + title, Body: "Shortlist, offer or reject the application."})
}

// onUpdate enforces the status machine for every save (superusers and the
// server included), checks seats and offers inside the transaction, and
// writes the side effects of the move.
func onUpdate(e *core.RecordEvent) error {
	r := e.Record
	// The stored state is the truth: a request read the record before its
	// transaction began, and a concurrent request may have moved it since.
	fresh, err := e.App.FindRecordById(Collection, r.Id)
	if err != nil {
		return apierror.Internal(e.App, "read the stored application", err)
	}
	from, to := fresh.GetString("status"), r.GetString("status")
	if seen := r.Original().GetString("status"); seen != "" && seen != from {
		return apierror.Conflict("application")
	}
	if Machine.Terminal(from) {
		if changed := fields.DiffersIn(r, fresh); len(changed) > 0 {
			return apierror.FieldError(changed[0], apierror.CodeLocked, "This application is "+from+" and can no longer change.")
		}
		return e.Next()
	}
	if (fields.Differs(r, fresh, "statement") || fields.Differs(r, fresh, "resume")) && !EditableContent(from) {
		return apierror.FieldError("statement", apierror.CodeLocked, "The statement and résumé can change only before the application is endorsed.")
	}
	if fields.Differs(r, fresh, "offer_expires_at") && (to != StatusOffered || from == StatusOffered) {
		return apierror.FieldError("offer_expires_at", apierror.CodeForbiddenField, offerExpiryMessage)
	}
	if from == to {
		return e.Next()
	}
	if err := Machine.Enforce(from, to, ActorSuperuser); err != nil {
		return err
	}
	if Machine.Missing(from, to, r) == "reason" {
		return apierror.FieldError("reason", "validation_required", "Give the reason for rejecting the application.")
	}
	actor := access.Actor(r)
	now := clock.Now(e.App)
	internship, err := internships.Find(e.App, r.GetString("internship"))
	if err != nil {
		return apierror.Internal(e.App, "read the internship", err)
	}

	switch to {
	case StatusEndorsed:
		r.Set("endorsed_at", now)
		if actor != nil && !actor.IsSuperuser() {
			r.Set("endorsed_by", actor.Id)
		}
	case StatusOffered:
		if err := checkSeats(e.App, r, internship); err != nil {
			return err
		}
		exp := r.GetDateTime("offer_expires_at")
		if exp.IsZero() {
			r.Set("offer_expires_at", DefaultOfferExpiry(now))
		} else if !exp.Time().After(now) || exp.Time().After(now.Add(MaxOfferValidity)) {
			return apierror.FieldError("offer_expires_at", apierror.CodeOutOfRange, "Choose an offer expiry in the future, at most 30 days ahead.")
		}
		setDecidedBy(r, actor)
	case StatusRejected:
		if from != StatusSubmitted {
			setDecidedBy(r, actor)
		}
	case StatusAccepted:
		if OfferExpired(r.GetDateTime("offer_expires_at").Time(), now) {
			return apierror.FieldError("status", apierror.CodeOfferExpired, "This offer has expired; ask the host for a new one.")
		}
		busy, err := busy(e.App, r.GetString("student"))
		if err != nil {
			return apierror.Internal(e.App, "count the student's ongoing placements", err)
		}
		if busy {
			return apierror.FieldError("status", apierror.CodeBusy, "You already have an ongoing internship.")
		}
	}

	if err := e.Next(); err != nil {
		return err
	}

	if to == StatusAccepted {
		if err := accept(e.App, r, internship); err != nil {
			return err
		}
	}
	var coordinators []string
	if to == StatusAccepted {
		if coordinators, err = institutions.Coordinators(e.App, r.GetString("institution")); err != nil {
			return err
		}
	}
	return notifications.Notify(e.App, noticesFor(e.App, r, internship, from, to, coordinators)...)
}

// offerExpiryMessage explains why offer_expires_at was refused.
const offerExpiryMessage = "The offer expiry is set only by the host together with the offer; remove it from the request."

func setDecidedBy(r, actor *core.Record) {
	if actor != nil && !actor.IsSuperuser() {
		r.Set("decided_by", actor.Id)
	}
}

// checkSeats refuses an offer when offers and acceptances already fill the
// seats; it runs inside the transaction, so concurrent offers serialize.
func checkSeats(app core.App, r *core.Record, internship *internships.Internship) error {
	var taken int
	err := app.DB().Select("count(*)").From(Collection).
		Where(dbx.HashExp{"internship": internship.Id}).
		AndWhere(dbx.In("status", StatusOffered, StatusAccepted)).
		AndWhere(dbx.Not(dbx.HashExp{"id": r.Id})).Row(&taken)
	if err != nil {
		return fmt.Errorf("count seats: %w", err)
	}
	if !SeatsAvailable(taken, 0, internship.Seats()) {
		return apierror.FieldError("status", apierror.CodeNoSeats, i18n.En("applications.no_seats", i18n.Params{"count": internship.Seats()}))
	}
	return nil
}

// accept opens the placement (the Accepted hook: the placements domain)
// and withdraws or declines the student's other applications, in the
// transaction of the acceptance.
func accept(app core.App, r *core.Record, internship *internships.Internship) error {
	accepted := &Application{}
	accepted.SetProxyRecord(r)
	if err := On(app).Accepted.Trigger(&AcceptedEvent{App: app, Application: accepted, Internship: internship}); err != nil {
		return fmt.Errorf("open placement: %w", err)
	}

	others, err := app.FindAllRecords(Collection,
		dbx.HashExp{"student": r.GetString("student")},
		dbx.Not(dbx.HashExp{"id": r.Id}),
		dbx.In("status", StatusSubmitted, StatusEndorsed, StatusShortlisted, StatusOffered))
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.GetString("status") == StatusOffered {
			o.Set("status", StatusDeclined)
			err = app.Save(o)
		} else {
			err = Withdraw(app, o, ReasonAcceptedAnother)
		}
		if err != nil {
			return fmt.Errorf("close other application %s: %w", o.Id, err)
		}
	}
	return nil
}

// Withdraw moves an application to withdrawn by the server with a reason
// (when its student accepts another offer, or its posting ends); it saves
// with app.
func Withdraw(app core.App, r *core.Record, reason string) error {
	r.Set("status", StatusWithdrawn)
	r.Set("reason", reason)
	return app.Save(r)
}

// noticesFor lists who must act on or know about a move.
// (coordinators are those of the student's institution, read by the caller
// for the moves that tell them).
func noticesFor(app core.App, r *core.Record, internship *internships.Internship, from, to string, coordinators []string) []notifications.Notice {
	link := "/applications/" + r.Id
	title := internship.Quoted()
	student, supervisor := r.GetString("student"), internship.Supervisor()
	n := func(user, kind, t, body string) notifications.Notice {
		return notifications.Notice{User: user, Kind: "application." + kind, Title: t, Body: body, Link: link, Record: r.Id}
	}
	switch to {
	case StatusEndorsed:
		return []notifications.Notice{
			n(student, to, "Your application for "+title+" was endorsed", "Your college endorsed it; the host will review it next."),
			n(supervisor, to, "New applicant for "+title, "Shortlist, offer or reject the application."),
		}
	case StatusShortlisted:
		return []notifications.Notice{n(student, to, "You were shortlisted for "+title, "The host may contact you before making an offer.")}
	case StatusOffered:
		exp := i18n.FormatTime(i18n.EN, r.GetDateTime("offer_expires_at").Time(), clock.Location(app))
		return []notifications.Notice{n(student, to, "You have an offer for "+title, "Accept or decline it before "+exp+".")}
	case StatusRejected:
		return []notifications.Notice{n(student, to, "Your application for "+title+" was not taken forward", r.GetString("reason"))}
	case StatusAccepted:
		body := "The student accepted; the placement has started."
		if internship.UpcomingOn(clock.Today(app)) {
			body = "The student accepted; the placement starts on " + i18n.FormatDay(i18n.EN, internship.StartsOn()) + "."
		}
		notices := []notifications.Notice{n(supervisor, to, "Offer accepted for "+title, body)}
		for _, c := range coordinators {
			notices = append(notices, n(c, to, "A student accepted "+title, "Assign a faculty mentor to the new placement."))
		}
		return notices
	case StatusDeclined:
		return []notifications.Notice{n(supervisor, to, "Offer declined for "+title, "The seat is free for another offer.")}
	case StatusExpired:
		return []notifications.Notice{
			n(student, to, "Your offer for "+title+" expired", "It was not accepted in time."),
			n(supervisor, to, "An offer for "+title+" expired", "The seat is free for another offer."),
		}
	case StatusWithdrawn:
		var out []notifications.Notice
		if access.Actor(r) == nil {
			out = append(out, n(student, to, "Your application for "+title+" was withdrawn", r.GetString("reason")))
		}
		if !r.GetDateTime("endorsed_at").IsZero() {
			out = append(out, n(supervisor, to, "An applicant withdrew from "+title, r.GetString("reason")))
		}
		return out
	}
	return nil
}
