package logbooks

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/jobs"
	"github.com/internbase/internbase/internal/notifications"
)

// JobReminders is the id of the cron job that reminds students to keep their
// logbook (DESIGN.md §7).
const JobReminders = "ib_logbook_reminders"

// RemindersSchedule runs the job daily at 03:30 UTC (09:00 IST).
const RemindersSchedule = "30 3 * * *"

// KindReminder is the kind of the reminder notification.
const KindReminder = "logbook.reminder"

// ReminderGapDays is how many days without an entry earn a reminder.
const ReminderGapDays = 3

// RegisterJobs adds the logbook cron jobs to app.
func RegisterJobs(app core.App) {
	jobs.Add(app, JobReminders, RemindersSchedule, SendReminders)
}

// SendReminders notifies the student of every ongoing placement that needs a
// logbook reminder today and returns how many reminders it sent. With today
// the platform's calendar day (clock.Today), a placement needs one when all
// hold:
//   - it started at least ReminderGapDays days ago (started_on, or the
//     internship's starts_on, ≤ today − 3), so a new intern is not nagged;
//   - the internship has not ended (today ≤ ends_on; after that the
//     placement waits for its completion, not for more entries);
//   - it has no logbook entry of any status dated today − 3 … today;
//   - its student got no reminder yet today (since midnight in the platform
//     time zone, by the notification's created time) — so at most one a day
//     however often the job runs.
//
// Each reminder is written in its own transaction; a failure on one
// placement is logged and does not stop the others (the failures are
// returned joined).
func SendReminders(app core.App) (int, error) {
	today := clock.Today(app)
	var rows []struct {
		ID        string `db:"id"`
		Student   string `db:"student"`
		StartedOn string `db:"started_on"`
		StartsOn  string `db:"starts_on"`
		EndsOn    string `db:"ends_on"`
	}
	err := app.DB().NewQuery(`SELECT p.id AS id, p.student AS student, p.started_on AS started_on,
			COALESCE(i.starts_on, '') AS starts_on, COALESCE(i.ends_on, '') AS ends_on
		FROM placements p LEFT JOIN internships i ON i.id = p.internship
		WHERE p.status = 'ongoing' ORDER BY p.id`).All(&rows)
	if err != nil {
		return 0, fmt.Errorf("find ongoing placements: %w", err)
	}
	var due []string
	students := map[string]string{}
	for _, row := range rows {
		started := jobDay(row.StartedOn)
		if started.IsZero() {
			started = jobDay(row.StartsOn)
		}
		if row.Student == "" || started.IsZero() || started.After(today.AddDate(0, 0, -ReminderGapDays)) {
			continue
		}
		if ends := jobDay(row.EndsOn); !ends.IsZero() && today.After(ends) {
			continue
		}
		due = append(due, row.ID)
		students[row.ID] = row.Student
	}
	return jobs.Each(app, "logbook reminder", due, func(tx core.App, placement string) (bool, error) {
		return sendReminder(tx, placement, students[placement], today)
	})
}

// sendReminder writes one reminder unless, read inside the transaction, the
// placement has a recent entry or its student was already reminded today.
func sendReminder(tx core.App, placement, student string, today time.Time) (bool, error) {
	from := today.AddDate(0, 0, -ReminderGapDays).Format(types.DefaultDateLayout)
	var entries int
	if err := tx.DB().Select("count(*)").From(Collection).
		Where(dbx.HashExp{"placement": placement}).
		AndWhere(dbx.NewExp("date >= {:from}", dbx.Params{"from": from})).Row(&entries); err != nil {
		return false, fmt.Errorf("count recent entries: %w", err)
	}
	if entries > 0 {
		return false, nil
	}
	// Midnight at the start of today in the platform time zone.
	dayStart := clock.ZoneOf(tx).EndOfDay(today.AddDate(0, 0, -1))
	reminded, err := notifications.Sent(tx, student, KindReminder, dayStart)
	if err != nil {
		return false, fmt.Errorf("count today's reminders: %w", err)
	}
	if reminded > 0 {
		return false, nil
	}
	return true, notifications.Notify(tx, notifications.Notice{
		User: student, Kind: KindReminder, Record: placement,
		Link:  "/placements/" + placement + "/logbook",
		Title: "Keep your logbook up to date",
		Body:  i18n.En("notify.reminder_body", i18n.Params{"count": ReminderGapDays}),
	})
}

// jobDay is the calendar day held by a stored date-only value ("" gives zero).
func jobDay(stored string) time.Time {
	if stored == "" {
		return time.Time{}
	}
	d, err := types.ParseDateTime(stored)
	if err != nil || d.IsZero() {
		return time.Time{}
	}
	return clock.StoredDay(d.Time())
}
