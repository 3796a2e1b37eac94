package metrics

import (
	"math"

	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Collections whose status changes are counted, named by their domains.
const (
	applicationsCollection = applications.Collection
	certificatesCollection = certificates.Collection
	statusRevoked          = certificates.StatusRevoked
)

func (m *Metrics) bindWorkflow(app core.App) {
	onStatusChange(app, applicationsCollection, func(from, to string) {
		m.transitions.WithLabelValues(from, to).Inc()
	})
	onStatusChange(app, certificatesCollection, func(_, to string) {
		if to == statusRevoked {
			m.certificatesRevoked.Inc()
		}
	})
	app.OnRecordAfterCreateSuccess(certificatesCollection).BindFunc(func(e *core.RecordEvent) error {
		m.certificatesIssued.Inc()
		return e.Next()
	})
	// Outermost, so that it sees the error of whichever mailer the other
	// handlers chose.
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Priority: math.MinInt32,
		Func: func(e *core.MailerEvent) error {
			err := e.Next()
			if err != nil {
				m.mailsFailed.Inc()
			}
			return err
		},
	})
}

// onStatusChange calls fn with the previous and the new status of every
// committed update of collection that changes its status field, whoever
// saved it (API, hooks, cron). The previous status is read from the stored
// row before the update (Original() is empty for a record created in the
// same process and stale after a second save of one record); fn runs only
// once the surrounding transaction, if any, has committed.
func onStatusChange(app core.App, collection string, fn func(from, to string)) {
	app.OnRecordUpdate(collection).BindFunc(func(e *core.RecordEvent) error {
		from := storedStatus(e.App, e.Record)
		if err := e.Next(); err != nil {
			return err
		}
		to := e.Record.GetString("status")
		if from == "" || from == to {
			return nil
		}
		if tx := e.App.TxInfo(); tx != nil {
			tx.OnComplete(func(txErr error) error {
				if txErr == nil {
					fn(from, to)
				}
				return nil
			})
			return nil
		}
		fn(from, to)
		return nil
	})
}

// storedStatus is the status of r as stored now (in the caller's
// transaction), falling back to the record's original data.
func storedStatus(app core.App, r *core.Record) string {
	var status string
	err := app.DB().Select("status").From(r.TableName()).
		Where(dbx.HashExp{"id": r.LastSavedPK()}).Limit(1).Row(&status)
	if err != nil {
		return r.Original().GetString("status")
	}
	return status
}
