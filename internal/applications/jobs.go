package applications

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/jobs"
)

// JobExpireOffers is the id of the cron job that expires offers (DESIGN.md §7).
const JobExpireOffers = "ib_expire_offers"

// ExpireOffersSchedule runs the job every 15 minutes (UTC).
const ExpireOffersSchedule = "*/15 * * * *"

// RegisterJobs adds the applications cron jobs to app.
func RegisterJobs(app core.App) {
	jobs.Add(app, JobExpireOffers, ExpireOffersSchedule, ExpireOffers)
}

// ExpireOffers moves every offered application whose offer_expires_at has
// passed (by clock.Now) to expired, each in its own transaction; the
// applications model hooks notify the student and the host and write the
// audit event. It returns how many offers expired. A failure on one offer is
// logged and does not stop the others; the failures are returned joined.
func ExpireOffers(app core.App) (int, error) {
	now := clock.Now(app)
	var ids []string
	err := app.DB().Select("id").From(Collection).
		Where(dbx.HashExp{"status": StatusOffered}).
		AndWhere(dbx.NewExp("offer_expires_at != '' AND offer_expires_at <= {:now}",
			dbx.Params{"now": now.UTC().Format(types.DefaultDateLayout)})).
		OrderBy("offer_expires_at", "id").Column(&ids)
	if err != nil {
		return 0, fmt.Errorf("find expired offers: %w", err)
	}
	return jobs.Each(app, "expire offer", ids, expireOffer)
}

// expireOffer expires one offer if it is still offered and past its expiry
// when read inside the transaction (the student may have just answered).
func expireOffer(tx core.App, id string) (bool, error) {
	r, err := tx.FindRecordById(Collection, id)
	if err != nil {
		return false, err
	}
	if r.GetString("status") != StatusOffered || !OfferExpired(r.GetDateTime("offer_expires_at").Time(), clock.Now(tx)) {
		return false, nil
	}
	r.Set("status", StatusExpired)
	return true, tx.Save(r)
}
