package internships

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/jobs"
)

// JobClosePostings is the id of the cron job that closes postings whose
// apply_by has passed (DESIGN.md §7).
const JobClosePostings = "ib_close_postings"

// ClosePostingsSchedule runs the job every 15 minutes (UTC).
const ClosePostingsSchedule = "*/15 * * * *"

// RegisterJobs adds the internships cron jobs to app.
func RegisterJobs(app core.App) {
	jobs.Add(app, JobClosePostings, ClosePostingsSchedule, ClosePostings)
}

// ClosePostings moves every open posting whose apply_by is over — the
// deadline is inclusive: it ends at midnight after apply_by in the platform
// time zone (clock.DeadlinePassed) — to closed, each in its own
// transaction (the audit event is written by the audit hooks). It returns
// how many postings closed. A failure on one posting is logged and does not
// stop the others; the failures are returned joined.
func ClosePostings(app core.App) (int, error) {
	now := clock.Now(app)
	// apply_by holds midnight UTC of its day, which is always before the end
	// of that day in any zone: the query narrows, DeadlinePassed decides.
	var ids []string
	err := app.DB().Select("id").From(Collection).
		Where(dbx.HashExp{"status": StatusOpen}).
		AndWhere(dbx.NewExp("apply_by != '' AND apply_by <= {:now}",
			dbx.Params{"now": now.UTC().Format(types.DefaultDateLayout)})).
		OrderBy("apply_by", "id").Column(&ids)
	if err != nil {
		return 0, fmt.Errorf("find postings past apply_by: %w", err)
	}
	return jobs.Each(app, "close posting", ids, closePosting)
}

// closePosting closes one posting if, read inside the transaction, it is
// still open and its deadline has passed.
func closePosting(tx core.App, id string) (bool, error) {
	r, err := tx.FindRecordById(Collection, id)
	if err != nil {
		return false, err
	}
	applyBy := r.GetDateTime("apply_by")
	if r.GetString("status") != StatusOpen || applyBy.IsZero() || !clock.DeadlinePassed(tx, clock.StoredDay(applyBy.Time())) {
		return false, nil
	}
	r.Set("status", StatusClosed)
	return true, tx.Save(r)
}
