package certificates

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/clock"
)

// Key is one Ed25519 signing key of the platform.
type Key struct {
	ID      string // kid
	Public  ed25519.PublicKey
	private ed25519.PrivateKey
	Active  bool
}

var b64 = base64.RawURLEncoding

// Sign signs msg with the key (base64url without padding).
func (k *Key) Sign(msg []byte) string {
	return b64.EncodeToString(ed25519.Sign(k.private, msg))
}

// Private returns the private key (for the JWS signer).
func (k *Key) Private() ed25519.PrivateKey { return k.private }

// Verify checks a base64url signature of msg with a public key.
func Verify(pub ed25519.PublicKey, msg []byte, signature string) bool {
	sig, err := b64.DecodeString(signature)
	return err == nil && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, sig)
}

func keyFromRecord(r *core.Record) (*Key, error) {
	pub, err := b64.DecodeString(r.GetString("public_key"))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("signing key %s: bad public key", r.GetString("kid"))
	}
	k := &Key{ID: r.GetString("kid"), Public: pub, Active: r.GetBool("active")}
	if s := r.GetString("private_key"); s != "" {
		seed, err := b64.DecodeString(s)
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("signing key %s: bad private key", k.ID)
		}
		k.private = ed25519.NewKeyFromSeed(seed)
	}
	return k, nil
}

// ActiveKey returns the active signing key, creating the first one when
// there is none (on first start, or inside the first issuing transaction).
func ActiveKey(app core.App) (*Key, error) {
	r, err := app.FindFirstRecordByFilter(SigningKeys, "active = true")
	if err == nil {
		return keyFromRecord(r)
	}
	return newKey(app)
}

// RotateKey makes a new active key; the old ones stay published (they verify
// the certificates they signed) but sign nothing more.
func RotateKey(app core.App) (*Key, error) {
	var k *Key
	err := app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().Update(SigningKeys, dbx.Params{"active": false}, dbx.HashExp{"active": true}).Execute(); err != nil {
			return err
		}
		var err error
		k, err = newKey(tx)
		return err
	})
	return k, err
}

func newKey(app core.App) (*Key, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(pub)
	kid := "ib-" + clock.Now(app).UTC().Format("2006") + "-" + hex.EncodeToString(sum[:6])
	col, err := app.FindCachedCollectionByNameOrId(SigningKeys)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Set("kid", kid)
	r.Set("public_key", b64.EncodeToString(pub))
	r.Set("private_key", b64.EncodeToString(priv.Seed()))
	r.Set("active", true)
	if err := app.Save(r); err != nil {
		return nil, fmt.Errorf("save signing key: %w", err)
	}
	return &Key{ID: kid, Public: pub, private: priv, Active: true}, nil
}

// PublicKeys returns every signing key, active first, without private parts.
func PublicKeys(app core.App) ([]*Key, error) {
	recs, err := app.FindRecordsByFilter(SigningKeys, "", "-active,-created", 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]*Key, 0, len(recs))
	for _, r := range recs {
		k, err := keyFromRecord(r)
		if err != nil {
			return nil, err
		}
		k.private = nil
		out = append(out, k)
	}
	return out, nil
}

// PublicKey returns the public key with the given kid.
func PublicKey(app core.App, kid string) (ed25519.PublicKey, error) {
	r, err := app.FindFirstRecordByData(SigningKeys, "kid", kid)
	if err != nil {
		return nil, errors.New("unknown signing key " + kid)
	}
	k, err := keyFromRecord(r)
	if err != nil {
		return nil, err
	}
	return k.Public, nil
}

// JWK is one public key in JWKS form (RFC 8037: OKP / Ed25519).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	Kid string `json:"kid"`
	X   string `json:"x"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

// JWKS returns every public signing key as a JSON Web Key Set.
func JWKS(app core.App) (map[string][]JWK, error) {
	keys, err := PublicKeys(app)
	if err != nil {
		return nil, err
	}
	set := make([]JWK, 0, len(keys))
	for _, k := range keys {
		set = append(set, JWK{Kty: "OKP", Crv: "Ed25519", Kid: k.ID, X: b64.EncodeToString(k.Public), Use: "sig", Alg: "EdDSA"})
	}
	return map[string][]JWK{"keys": set}, nil
}
