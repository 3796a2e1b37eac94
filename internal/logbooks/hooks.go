package logbooks

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/fields"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/placements"
)

// logbookClosed ends the refusal of an entry for a placement that is no
// longer ongoing (placements.Ongoing).
const logbookClosed = "its logbook is closed."

// tracked are the fields whose stored value a request must have seen for
// its update to go ahead (else apierror.Conflict).
var tracked = []string{"placement", "date", "hours", "activity", "learning", "status", "review_note"}

// contentFields are the fields that make up what the student logged.
var contentFields = []string{"placement", "date", "hours", "activity", "learning"}

// onCreateRequest: the placement's student logs a day; the entry always
// starts pending. The checks that only read (the placement ongoing, the
// hours, the date in the internship's window) run here, outside the write
// transaction; onCreate repeats inside it only what a concurrent write can
// change.
func onCreateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	if r.GetString("status") != "" {
		return apierror.ForbiddenFields("status")
	}
	// Only the placement's student gets here: the create rule requires
	// role student and placement.student = the caller.
	r.Set("status", StatusPending)
	access.SetActor(r, e.Auth)
	normalizeDate(r)
	placement := r.GetString("placement")
	lw, err := placements.ReadWindow(e.App, placement)
	if errors.Is(err, sql.ErrNoRows) {
		return missingPlacement()
	}
	if err != nil {
		return err
	}
	if err := placements.CheckStatusOngoing(lw.Status, logbookClosed); err != nil {
		return err
	}
	if err := checkDay(e.App, r, lw.StartsOn, lw.EndsOn); err != nil {
		return err
	}
	r.SetRaw(checkedKey, checked{placement: placement, date: r.GetDateTime("date").String(), hours: r.GetFloat("hours")})
	return e.Next()
}

// checkedKey is the raw (non-field) key under which onCreateRequest leaves
// what it checked for onCreate.
const checkedKey = "@ib_logbook_checked"

// checked is what a create request's read-only checks found: the ongoing
// placement (read once, passed on) and the date and hours they accepted.
type checked struct {
	placement string
	date      string
	hours     float64
}

// checkedFor returns the placement a create request already checked r
// against, or "" when r was not checked that way or changed since.
func checkedFor(r *core.Record) string {
	c, ok := r.GetRaw(checkedKey).(checked)
	if !ok || c.placement == "" || c.placement != r.GetString("placement") ||
		c.date != r.GetDateTime("date").String() || c.hours != r.GetFloat("hours") {
		return ""
	}
	return c.placement
}

// onUpdateRequest: the field policy (Register) already limits students to
// the content and supervisors to the review; here a supervisor's status
// change must be a review of a pending entry.
func onUpdateRequest(e *core.RecordRequestEvent) error {
	r := e.Record
	from, to := r.Original().GetString("status"), r.GetString("status")
	if access.Is(e.Auth, access.RoleSupervisor) && from != to {
		if from == StatusApproved {
			return lockedError()
		}
		if !Machine.Allows(from, to, ActorSupervisor) {
			return apierror.FieldError("status", apierror.CodeInvalidTransition, "Only a pending entry can be approved or rejected.")
		}
	}
	return e.Next()
}

// onDeleteRequest: the student deletes an entry only while it is pending.
func onDeleteRequest(e *core.RecordRequestEvent) error {
	if !e.HasSuperuserAuth() {
		fresh, err := e.App.FindRecordById(Collection, e.Record.Id)
		if err != nil {
			return err
		}
		if !StudentMayDelete(fresh.GetString("status")) {
			if fresh.GetString("status") == StatusApproved {
				return lockedError()
			}
			return apierror.FieldError("status", apierror.CodeLocked, "A reviewed entry cannot be deleted; edit it and it goes back for review.")
		}
	}
	return e.Next()
}

func lockedError() error {
	return apierror.FieldError("status", apierror.CodeLocked, "This entry is approved and can no longer change.")
}

// onCreate keeps the invariants of a new entry for every save: an ongoing
// placement, hours, a date in the window, one entry a day; then it updates
// the placement's approved hours in the same transaction.
func onCreate(e *core.RecordEvent) error {
	r := e.Record
	if r.GetString("status") == "" {
		r.Set("status", StatusPending)
	}
	normalizeDate(r)
	placement := checkedFor(r)
	if placement != "" {
		// The request checked the rest outside the transaction; what a
		// concurrent write can change is guarded here, in one query.
		if err := guardDay(e.App, r, placement); err != nil {
			return err
		}
	} else {
		p, err := placements.Ongoing(e.App, r.GetString("placement"), logbookClosed)
		if err != nil {
			return err
		}
		if err := checkContent(e.App, r, p, true); err != nil {
			return err
		}
		placement = p.Id
	}
	switch r.GetString("status") {
	case StatusApproved, StatusRejected:
		// Seeded already reviewed (superusers, imports): still a review.
		if err := checkReview(r, StatusPending, r.GetString("status")); err != nil {
			return err
		}
		if r.GetDateTime("reviewed_at").IsZero() && r.GetString("reviewed_by") == "" {
			access.StampReview(e.App, r)
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	if r.GetString("status") != StatusApproved {
		return nil // a pending or rejected entry adds nothing to the approved total
	}
	return SyncApprovedHours(e.App, placement)
}

// onUpdate enforces the entry's life for every save (superusers and the
// server included), reading the stored state inside the transaction: an
// approved entry never changes; a content edit of a rejected entry puts it
// back to pending; a review moves a pending entry to approved or rejected.
func onUpdate(e *core.RecordEvent) error {
	r := e.Record
	fresh, err := e.App.FindRecordById(Collection, r.Id)
	if err != nil {
		return err
	}
	if fields.Stale(r, fresh, tracked) {
		return apierror.Conflict("logbook entry")
	}
	normalizeDate(r)
	changed := fields.DiffersIn(r, fresh)
	if len(changed) == 0 {
		return e.Next()
	}
	from := fresh.GetString("status")
	if from == StatusApproved {
		return lockedError()
	}

	p, err := placements.Ongoing(e.App, r.GetString("placement"), logbookClosed)
	if err != nil {
		return err
	}
	var oldPlacement string
	if fields.Differs(r, fresh, "placement") {
		oldPlacement = fresh.GetString("placement")
		if _, err := placements.Ongoing(e.App, oldPlacement, logbookClosed); err != nil {
			return err
		}
	}

	contentChanged := false
	for _, f := range contentFields {
		contentChanged = contentChanged || fields.Differs(r, fresh, f)
	}
	if contentChanged {
		dateMoved := oldPlacement != "" || fields.Differs(r, fresh, "date")
		if err := checkContent(e.App, r, p, dateMoved); err != nil {
			return err
		}
		if next, ok := StudentEdit(from); ok && r.GetString("status") == from {
			r.Set("status", next)
		}
	}

	to := r.GetString("status")
	switch {
	case from == to:
	case Machine.Allows(from, to, ActorSupervisor):
		if err := checkReview(r, from, to); err != nil {
			return err
		}
		access.StampReview(e.App, r)
	case from == StatusRejected && to == StatusPending:
		// Back for review: the old verdict no longer applies (the audit
		// trail keeps it).
		r.Set("reviewed_by", "")
		r.Set("reviewed_at", "")
		r.Set("review_note", "")
	default:
		return apierror.FieldError("status", apierror.CodeInvalidTransition,
			fmt.Sprintf("A %s entry cannot become %s; edit it to send it back for review.", from, orNone(to)))
	}

	// The placement read above serves the hooks after this one (audit).
	placements.Remember(r, p.Record)
	if err := e.Next(); err != nil {
		return err
	}
	if err := syncApprovedHours(e.App, p); err != nil {
		return err
	}
	if oldPlacement != "" {
		if err := SyncApprovedHours(e.App, oldPlacement); err != nil {
			return err
		}
	}
	if to == StatusRejected && from != StatusRejected {
		return notifyRejected(e.App, r, p)
	}
	return nil
}

// onDelete: an approved entry is never deleted, by anyone; the placement's
// approved hours follow in the same transaction.
func onDelete(e *core.RecordEvent) error {
	fresh, err := e.App.FindRecordById(Collection, e.Record.Id)
	if err != nil {
		return err
	}
	if fresh.GetString("status") == StatusApproved {
		return lockedError()
	}
	p, err := placements.Ongoing(e.App, fresh.GetString("placement"), logbookClosed)
	if err != nil {
		return err
	}
	if err := e.Next(); err != nil {
		return err
	}
	return syncApprovedHours(e.App, p)
}

// normalizeDate keeps only the calendar day of the entry's date, so that
// (placement, date) is unique by day whatever time of day a client sent.
func normalizeDate(r *core.Record) {
	d := r.GetDateTime("date")
	if d.IsZero() {
		return
	}
	if day := clock.StoredDay(d.Time()); !day.Equal(d.Time()) {
		v, _ := types.ParseDateTime(day)
		r.Set("date", v)
	}
}

// checkContent checks the hours and, when the date is new, its window and
// that the placement has no other entry that day (inside the transaction,
// so concurrent creates cannot both pass).
func checkContent(app core.App, r *core.Record, placement *placements.Placement, dateMoved bool) error {
	if !dateMoved {
		if !ValidHours(r.GetFloat("hours")) {
			return apierror.FieldError("hours", apierror.CodeOutOfRange, HoursMessage)
		}
		return nil
	}
	if err := checkWindow(app, r, placement); err != nil {
		return err
	}
	n, err := sameDay(app, r, placement.Id)
	if err != nil {
		return err
	}
	if n > 0 {
		return duplicateError(r)
	}
	return nil
}

// checkWindow checks what only reads: the hours, and that the date lies in
// the internship's window (an open internship's dates are locked, so this
// needs no transaction).
func checkWindow(app core.App, r *core.Record, placement *placements.Placement) error {
	internship, err := internships.Find(app, placement.Internship())
	if err != nil {
		return fmt.Errorf("internship of placement %s: %w", placement.Id, err)
	}
	return checkDay(app, r, internship.GetDateTime("starts_on"), internship.GetDateTime("ends_on"))
}

// checkDay checks the hours and that the date lies in the internship's
// window startsOn … endsOn and not after today.
func checkDay(app core.App, r *core.Record, startsOn, endsOn types.DateTime) error {
	if !ValidHours(r.GetFloat("hours")) {
		return apierror.FieldError("hours", apierror.CodeOutOfRange, HoursMessage)
	}
	date := r.GetDateTime("date")
	if date.IsZero() {
		return apierror.FieldError("date", "validation_required", "Choose the day this entry is for.")
	}
	if err := InWindow(date.Time(), startsOn.Time(), endsOn.Time(), clock.Today(app)); err != nil {
		var de *DateError
		if errors.As(err, &de) {
			return apierror.FieldError("date", apierror.CodeOutOfRange, de.Message)
		}
		return err
	}
	return nil
}

// sameDay counts the placement's other entries on r's day.
func sameDay(app core.App, r *core.Record, placement string) (int, error) {
	var n int
	from, to := dayRange(r)
	err := app.DB().Select("count(*)").From(Collection).
		Where(dbx.HashExp{"placement": placement}).
		AndWhere(dbx.NewExp("[[date]] >= {:from} AND [[date]] < {:to}", dbx.Params{"from": from, "to": to})).
		AndWhere(dbx.Not(dbx.HashExp{"id": r.Id})).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("count entries of the day: %w", err)
	}
	return n, nil
}

// dayRange is the stored values of r's calendar day, from (inclusive) to
// (exclusive), as an index range on (placement, date): any time of that day
// is inside, whatever time of day a row was stored with.
func dayRange(r *core.Record) (from, to string) {
	d := r.GetDateTime("date").Time().UTC()
	return d.Format(time.DateOnly), d.AddDate(0, 0, 1).Format(time.DateOnly)
}

// guardDay is what a create checked outside the transaction must still hold
// inside it, read in one query: the placement is still ongoing and has no
// other entry on r's day.
func guardDay(app core.App, r *core.Record, placement string) error {
	var row struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	from, to := dayRange(r)
	err := app.DB().NewQuery("SELECT [[status]], (SELECT count(*) FROM {{" + Collection + "}} WHERE [[placement]] = {:p}" +
		" AND [[date]] >= {:from} AND [[date]] < {:to} AND [[id]] != {:id}) AS [[n]] FROM {{" + placements.Collection + "}} WHERE [[id]] = {:p}").
		Bind(dbx.Params{"p": placement, "from": from, "to": to, "id": r.Id}).One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return missingPlacement()
	}
	if err != nil {
		return fmt.Errorf("guard the entry's day: %w", err)
	}
	if err := placements.CheckStatusOngoing(row.Status, logbookClosed); err != nil {
		return err
	}
	if row.N > 0 {
		return duplicateError(r)
	}
	return nil
}

func duplicateError(r *core.Record) error {
	return apierror.FieldError("date", apierror.CodeDuplicate, "There is already an entry for "+r.GetDateTime("date").Time().UTC().Format(dateLayout)+"; edit that one instead.")
}

func missingPlacement() error {
	return apierror.FieldError("placement", "validation_missing_rel_records", "Choose an existing placement.")
}

// checkReview: a rejection says why.
func checkReview(r *core.Record, from, to string) error {
	if Machine.Missing(from, to, r) == "review_note" {
		return apierror.FieldError("review_note", "validation_required", "Say what the student should fix when you reject an entry.")
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "empty"
	}
	return s
}

// SyncApprovedHours sets a placement's approved_hours to the sum of the
// hours of its approved entries, read with app (pass the transaction's app:
// the sum then includes the change being saved and commits with it). The
// placement is saved as the server, only when the total changed.
func SyncApprovedHours(app core.App, placement string) error {
	p, err := placements.Find(app, placement)
	if err != nil {
		return fmt.Errorf("placement %s: %w", placement, err)
	}
	return syncApprovedHours(app, p)
}

// syncApprovedHours is SyncApprovedHours for a placement already read in
// the same transaction.
func syncApprovedHours(app core.App, p *placements.Placement) error {
	var sum float64
	err := app.DB().Select("COALESCE(SUM([[hours]]), 0)").From(Collection).
		Where(dbx.HashExp{"placement": p.Id, "status": StatusApproved}).Row(&sum)
	if err != nil {
		return fmt.Errorf("sum approved hours: %w", err)
	}
	// Hours are multiples of 0.5, so the sum is exact in floating point.
	if err := p.SetApprovedHours(app, sum); err != nil {
		return fmt.Errorf("save approved hours of placement %s: %w", p.Id, err)
	}
	return nil
}

// notifyRejected tells the student that an entry came back, and why.
func notifyRejected(app core.App, r *core.Record, placement *placements.Placement) error {
	day := r.GetDateTime("date").Time().UTC().Format(dateLayout)
	return notifications.Notify(app, notifications.Notice{
		User:   placement.Student(),
		Kind:   "logbook.rejected",
		Title:  "Your logbook entry for " + day + " was sent back",
		Body:   r.GetString("review_note"),
		Link:   "/logbook/" + r.Id,
		Record: r.Id,
	})
}
