package placements

import (
	"github.com/pocketbase/pocketbase/core"
)

// rememberedKey is the raw key under which a model hook leaves the
// placement it read, in the save's transaction, for the record being saved.
// Raw keys are not columns: DBExport ignores them and responses never show
// them.
const rememberedKey = "@ib_placement"

// Remember leaves on r (a record of a later domain with a placement field)
// the placement p that a model hook read for it in the save's transaction,
// so that the hooks after it (audit) do not read it again.
func Remember(r, p *core.Record) {
	r.SetRaw(rememberedKey, p)
}

// Remembered returns the placement left on r by Remember when it is still
// r's placement, else nil.
func Remembered(r *core.Record) *core.Record {
	p, _ := r.GetRaw(rememberedKey).(*core.Record)
	if p == nil || p.Id != r.GetString("placement") {
		return nil
	}
	return p
}

// InstitutionOf is the institution of the placement a record of a later
// domain (a logbook entry, a submission, an evaluation) belongs to, read
// with app; the placement remembered on r saves the read.
func InstitutionOf(app core.App, r *core.Record) (string, error) {
	if p := Remembered(r); p != nil {
		return p.GetString("institution"), nil
	}
	p, err := app.FindRecordById(Collection, r.GetString("placement"))
	if err != nil {
		return "", err
	}
	return p.GetString("institution"), nil
}
