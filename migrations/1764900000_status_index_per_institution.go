package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Every institution has its own revocation status lists, issued by it
// (DESIGN.md §3, "Standard credentials"), and a new certificate takes a
// random free entry of its institution's list: status_index is unique per
// institution, no longer across the platform. Existing certificates keep
// their index (unique across the platform, so per institution too). The
// list reads the revoked and superseded indexes of an institution's range.
func init() {
	m.Register(upStatusIndexPerInstitution, downStatusIndexPerInstitution)
}

const (
	statusIndexInstitutionName = "idx_certificates_institution_status_index"
	statusBitsInstitutionName  = "idx_certificates_institution_status_bits"
)

func upStatusIndexPerInstitution(app core.App) error {
	certificates, err := app.FindCollectionByNameOrId("certificates")
	if err != nil {
		return err
	}
	certificates.RemoveIndex(statusIndexName)
	certificates.RemoveIndex(statusBitsName)
	certificates.AddIndex(statusIndexInstitutionName, true, "institution, status_index", "")
	certificates.AddIndex(statusBitsInstitutionName, false, "institution, status, status_index", "")
	return app.Save(certificates)
}

// downStatusIndexPerInstitution restores the platform-wide unique index;
// it fails while two institutions' certificates share an index.
func downStatusIndexPerInstitution(app core.App) error {
	certificates, err := app.FindCollectionByNameOrId("certificates")
	if err != nil {
		return err
	}
	certificates.RemoveIndex(statusIndexInstitutionName)
	certificates.RemoveIndex(statusBitsInstitutionName)
	certificates.AddIndex(statusIndexName, true, "status_index", "")
	certificates.AddIndex(statusBitsName, false, "status, status_index", "")
	return app.Save(certificates)
}
