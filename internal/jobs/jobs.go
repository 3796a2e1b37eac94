// Package jobs runs Internbase's cron jobs (DESIGN.md §7): each job handles
// its records one transaction at a time and logs what it did.
package jobs

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// Add adds the cron job id on schedule (UTC): it runs fn and logs how many
// records it handled and, when some failed, why.
func Add(app core.App, id, schedule string, fn func(core.App) (int, error)) {
	app.Cron().MustAdd(id, schedule, func() {
		n, err := fn(app)
		if err != nil {
			app.Logger().Error("cron "+id+" failed for some records", slog.Int("done", n), slog.String("error", err.Error()))
			return
		}
		if n > 0 {
			app.Logger().Info("cron "+id, slog.Int("done", n))
		}
	})
}

// Each runs step for every id, each in its own transaction (step
// reads the record again inside it, so concurrent changes are seen). It
// returns how many steps did their work (returned true); a failure is logged
// and does not stop the others, and the failures are returned joined.
func Each(app core.App, what string, ids []string, step func(tx core.App, id string) (bool, error)) (int, error) {
	done := 0
	var errs []error
	for _, id := range ids {
		did := false
		err := app.RunInTransaction(func(tx core.App) error {
			var err error
			did, err = step(tx, id)
			return err
		})
		if err != nil {
			app.Logger().Error(what+" failed", slog.String("id", id), slog.String("error", err.Error()))
			errs = append(errs, fmt.Errorf("%s %s: %w", what, id, err))
			continue
		}
		if did {
			done++
		}
	}
	return done, errors.Join(errs...)
}
