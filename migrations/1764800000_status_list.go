package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Every certificate has a position in the platform's revocation status list
// (DESIGN.md §3, "Standard credentials": W3C Bitstring Status List v1.0):
// status_index, unique, set by the server when the certificate is issued.
// Certificates issued before this migration get distinct indexes 0, 1, 2, …
// in the order they were issued.
func init() {
	m.Register(upStatusList, downStatusList)
}

const (
	statusIndexName = "idx_certificates_status_index"
	statusBitsName  = "idx_certificates_status_bits"
)

func upStatusList(app core.App) error {
	certificates, err := app.FindCollectionByNameOrId("certificates")
	if err != nil {
		return err
	}
	if certificates.Fields.GetByName("status_index") == nil {
		certificates.Fields.Add(&core.NumberField{Name: "status_index", OnlyInt: true, Min: new(float64)})
	}
	if err := app.Save(certificates); err != nil {
		return err
	}
	// Straight SQL: the certificates' model hooks keep issued facts
	// immutable, and this backfill is the one exception.
	_, err = app.DB().NewQuery(`UPDATE {{certificates}} SET [[status_index]] = (
		SELECT [[n]] FROM (SELECT [[id]], ROW_NUMBER() OVER (ORDER BY [[issued_at]], [[id]]) - 1 AS [[n]] FROM {{certificates}}) AS [[r]]
		WHERE [[r.id]] = {{certificates}}.[[id]])`).Execute()
	if err != nil {
		return err
	}
	certificates.AddIndex(statusIndexName, true, "status_index", "")
	// The list reads the revoked and superseded indexes of a range.
	certificates.AddIndex(statusBitsName, false, "status, status_index", "")
	return app.Save(certificates)
}

func downStatusList(app core.App) error {
	certificates, err := app.FindCollectionByNameOrId("certificates")
	if err != nil {
		return err
	}
	certificates.RemoveIndex(statusIndexName)
	certificates.RemoveIndex(statusBitsName)
	certificates.Fields.RemoveByName("status_index")
	return app.Save(certificates)
}
