package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Signing keys of two algorithms (DESIGN.md §3, "Standard credentials"):
// Ed25519 keys sign the certificates and the EdDSA credentials, RSA keys
// (2048 bits or more) the RS256 credentials that 1EdTech certification
// requires. Each key says its algorithm in `alg`; the keys made before this
// migration are Ed25519 ones. An RSA key's parts are DER (PKIX public,
// PKCS #8 private) in base64url, longer than an Ed25519 key's 32 bytes.
func init() {
	m.Register(upRSAKeys, downRSAKeys)
}

func upRSAKeys(app core.App) error {
	keys, err := app.FindCollectionByNameOrId("signing_keys")
	if err != nil {
		return err
	}
	if keys.Fields.GetByName("alg") == nil {
		keys.Fields.Add(&core.SelectField{Name: "alg", Values: []string{"EdDSA", "RS256"}, MaxSelect: 1})
	}
	for _, name := range []string{"public_key", "private_key"} {
		if f, ok := keys.Fields.GetByName(name).(*core.TextField); ok {
			f.Max = 8000
		}
	}
	if err := app.Save(keys); err != nil {
		return err
	}
	_, err = app.DB().NewQuery(`UPDATE {{signing_keys}} SET [[alg]] = 'EdDSA' WHERE [[alg]] = ''`).Execute()
	return err
}

func downRSAKeys(app core.App) error {
	if _, err := app.DB().NewQuery(`DELETE FROM {{signing_keys}} WHERE [[alg]] = 'RS256'`).Execute(); err != nil {
		return err
	}
	keys, err := app.FindCollectionByNameOrId("signing_keys")
	if err != nil {
		return err
	}
	keys.Fields.RemoveByName("alg")
	for _, name := range []string{"public_key", "private_key"} {
		if f, ok := keys.Fields.GetByName(name).(*core.TextField); ok {
			f.Max = 200
		}
	}
	return app.Save(keys)
}
