package applications

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/internbase/internbase/internal/access"
)

// JobExpireOffers is the id of the cron job that expires offers (DESIGN.md §7).
const JobExpireOffers = "ib_expire_offers"

// ExpireOffersSchedule runs the job every 15 minutes (UTC).
const ExpireOffersSchedule = "*/15 * * * *"

// RegisterJobs adds the applications cron jobs to app.
func RegisterJobs(app core.App) {
	app.Cron().MustAdd(JobExpireOffers, ExpireOffersSchedule, func() {
		n, err := ExpireOffers(app)
		if err != nil {
			app.Logger().Error("cron "+JobExpireOffers+" failed for some offers", slog.Int("expired", n), slog.String("error", err.Error()))
			return
		}
		if n > 0 {
			app.Logger().Info("cron "+JobExpireOffers, slog.Int("expired", n))
		}
	})
}

// ExpireOffers moves every offered application whose offer_expires_at has
// passed (by access.Now) to expired, each in its own transaction; the
// applications model hooks notify the student and the host and write the
// audit event. It returns how many offers expired. A failure on one offer is
// logged and does not stop the others; the failures are returned joined.
func ExpireOffers(app core.App) (int, error) {
	now := access.Now()
	var ids []string
	err := app.DB().Select("id").From(Collection).
		Where(dbx.HashExp{"status": StatusOffered}).
		AndWhere(dbx.NewExp("offer_expires_at != '' AND offer_expires_at <= {:now}",
			dbx.Params{"now": now.UTC().Format(types.DefaultDateLayout)})).
		OrderBy("offer_expires_at", "id").Column(&ids)
	if err != nil {
		return 0, fmt.Errorf("find expired offers: %w", err)
	}
	expired := 0
	var errs []error
	for _, id := range ids {
		done, err := expireOffer(app, id)
		if err != nil {
			app.Logger().Error("expire offer failed", slog.String("application", id), slog.String("error", err.Error()))
			errs = append(errs, fmt.Errorf("application %s: %w", id, err))
			continue
		}
		if done {
			expired++
		}
	}
	return expired, errors.Join(errs...)
}

// expireOffer expires one offer if it is still offered and past its expiry
// when read inside the transaction (the student may have just answered).
func expireOffer(app core.App, id string) (bool, error) {
	done := false
	err := app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById(Collection, id)
		if err != nil {
			return err
		}
		if r.GetString("status") != StatusOffered || !OfferExpired(r.GetDateTime("offer_expires_at").Time(), access.Now()) {
			return nil
		}
		r.Set("status", StatusExpired)
		if err := tx.Save(r); err != nil {
			return err
		}
		done = true
		return nil
	})
	return done && err == nil, err
}
