package certificates

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/clock"
)

// Signing algorithms of the platform's keys (JOSE names).
const (
	AlgEdDSA = "EdDSA" // Ed25519: certificates and EdDSA credentials
	AlgRS256 = "RS256" // RSA, 2048 bits: RS256 credentials
)

// rsaBits is the size of a new RSA key.
const rsaBits = 2048

// Key is one signing key of the platform: Ed25519 (Alg EdDSA, Public) or
// RSA (Alg RS256, RSA).
type Key struct {
	ID      string // kid
	Alg     string
	Public  ed25519.PublicKey // Ed25519 keys
	RSA     *rsa.PublicKey    // RSA keys
	private ed25519.PrivateKey
	rsaPriv *rsa.PrivateKey
	Active  bool
}

var b64 = base64.RawURLEncoding

// Sign signs msg with the key (base64url without padding).
func (k *Key) Sign(msg []byte) string {
	return b64.EncodeToString(ed25519.Sign(k.private, msg))
}

// Private returns the Ed25519 private key (for the JWS signer).
func (k *Key) Private() ed25519.PrivateKey { return k.private }

// Signer returns the private key of either algorithm, for the JWS signer;
// nil when the key was loaded without its private part.
func (k *Key) Signer() crypto.Signer {
	if k.Alg == AlgRS256 {
		if k.rsaPriv == nil {
			return nil
		}
		return k.rsaPriv
	}
	if k.private == nil {
		return nil
	}
	return k.private
}

// Verify checks a base64url signature of msg with a public key.
func Verify(pub ed25519.PublicKey, msg []byte, signature string) bool {
	sig, err := b64.DecodeString(signature)
	return err == nil && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, sig)
}

func keyFromRecord(r *core.Record) (*Key, error) {
	if r.GetString("alg") == AlgRS256 {
		return rsaKeyFromRecord(r)
	}
	pub, err := b64.DecodeString(r.GetString("public_key"))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("signing key %s: bad public key", r.GetString("kid"))
	}
	k := &Key{ID: r.GetString("kid"), Alg: AlgEdDSA, Public: pub, Active: r.GetBool("active")}
	if s := r.GetString("private_key"); s != "" {
		seed, err := b64.DecodeString(s)
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("signing key %s: bad private key", k.ID)
		}
		k.private = ed25519.NewKeyFromSeed(seed)
	}
	return k, nil
}

// rsaKeyFromRecord reads an RSA key: DER in base64url, PKIX for the public
// part, PKCS #8 for the private one.
func rsaKeyFromRecord(r *core.Record) (*Key, error) {
	kid := r.GetString("kid")
	der, err := b64.DecodeString(r.GetString("public_key"))
	if err != nil {
		return nil, fmt.Errorf("signing key %s: bad public key: %w", kid, err)
	}
	parsed, err := x509.ParsePKIXPublicKey(der)
	pub, ok := parsed.(*rsa.PublicKey)
	if err != nil || !ok || pub.N.BitLen() < rsaBits {
		return nil, fmt.Errorf("signing key %s: bad RSA public key", kid)
	}
	k := &Key{ID: kid, Alg: AlgRS256, RSA: pub, Active: r.GetBool("active")}
	if s := r.GetString("private_key"); s != "" {
		der, err := b64.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("signing key %s: bad private key: %w", kid, err)
		}
		parsed, err := x509.ParsePKCS8PrivateKey(der)
		priv, ok := parsed.(*rsa.PrivateKey)
		if err != nil || !ok || !priv.PublicKey.Equal(pub) {
			return nil, fmt.Errorf("signing key %s: bad RSA private key", kid)
		}
		k.rsaPriv = priv
	}
	return k, nil
}

// ActiveKey returns the active Ed25519 signing key (the one that signs
// certificates), creating the first one when there is none (on first
// start, or inside the first issuing transaction).
func ActiveKey(app core.App) (*Key, error) { return ActiveKeyOf(app, AlgEdDSA) }

// ofAlg selects the keys of an algorithm; a key without alg is an Ed25519
// one (the keys made before there were two).
func ofAlg(alg string) dbx.Expression {
	if alg == AlgRS256 {
		return dbx.HashExp{"alg": AlgRS256}
	}
	return dbx.Not(dbx.HashExp{"alg": AlgRS256})
}

// ActiveKeyOf returns the active signing key of an algorithm (AlgEdDSA or
// AlgRS256), creating the first one when there is none: the Ed25519 key on
// first start, the RSA key when the first RS256 credential is asked for
// (an RSA key takes a while to make, and most installations never need one).
func ActiveKeyOf(app core.App, alg string) (*Key, error) {
	if alg != AlgEdDSA && alg != AlgRS256 {
		return nil, fmt.Errorf("signing key: unknown algorithm %q", alg)
	}
	recs, err := app.FindAllRecords(SigningKeys, dbx.HashExp{"active": true}, ofAlg(alg))
	if err != nil {
		return nil, err
	}
	if len(recs) > 0 {
		return keyFromRecord(recs[0])
	}
	return newKey(app, alg)
}

// RotateKey makes a new active key of an algorithm; the old ones stay
// published (they verify what they signed) but sign nothing more.
func RotateKey(app core.App, alg string) (*Key, error) {
	if alg != AlgEdDSA && alg != AlgRS256 {
		return nil, fmt.Errorf("signing key: unknown algorithm %q", alg)
	}
	var k *Key
	err := app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().Update(SigningKeys, dbx.Params{"active": false}, dbx.And(dbx.HashExp{"active": true}, ofAlg(alg))).Execute(); err != nil {
			return err
		}
		var err error
		k, err = newKey(tx, alg)
		return err
	})
	return k, err
}

func newKey(app core.App, alg string) (*Key, error) {
	k := &Key{Alg: alg, Active: true}
	var pubText, privText string
	var kid string
	year := clock.Now(app).UTC().Format("2006")
	switch alg {
	case AlgRS256:
		priv, err := rsa.GenerateKey(rand.Reader, rsaBits)
		if err != nil {
			return nil, err
		}
		pubDER, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
		if err != nil {
			return nil, err
		}
		privDER, err := x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(pubDER)
		kid = "ib-rsa-" + year + "-" + hex.EncodeToString(sum[:6])
		pubText, privText = b64.EncodeToString(pubDER), b64.EncodeToString(privDER)
		k.RSA, k.rsaPriv = &priv.PublicKey, priv
	default:
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(pub)
		kid = "ib-" + year + "-" + hex.EncodeToString(sum[:6])
		pubText, privText = b64.EncodeToString(pub), b64.EncodeToString(priv.Seed())
		k.Public, k.private = pub, priv
	}
	k.ID = kid
	col, err := app.FindCachedCollectionByNameOrId(SigningKeys)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Set("kid", kid)
	r.Set("alg", alg)
	r.Set("public_key", pubText)
	r.Set("private_key", privText)
	r.Set("active", true)
	if err := app.Save(r); err != nil {
		return nil, fmt.Errorf("save signing key: %w", err)
	}
	return k, nil
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
		k.private, k.rsaPriv = nil, nil
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
	if k.Alg != AlgEdDSA {
		return nil, errors.New("signing key " + kid + " is not an Ed25519 key")
	}
	return k.Public, nil
}

// JWK is one public key in JWKS form: OKP / Ed25519 with x (RFC 8037), or
// RSA with n and e (RFC 7518 §6.3).
type JWK struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
}

// JWKOf returns the public JWK of a key.
func JWKOf(k *Key) JWK {
	if k.Alg == AlgRS256 {
		return JWK{Kty: "RSA", Kid: k.ID, Use: "sig", Alg: AlgRS256,
			N: b64.EncodeToString(k.RSA.N.Bytes()), E: b64.EncodeToString(big.NewInt(int64(k.RSA.E)).Bytes())}
	}
	return JWK{Kty: "OKP", Crv: "Ed25519", Kid: k.ID, X: b64.EncodeToString(k.Public), Use: "sig", Alg: AlgEdDSA}
}

// JWKS returns every public signing key as a JSON Web Key Set.
func JWKS(app core.App) (map[string][]JWK, error) {
	keys, err := PublicKeys(app)
	if err != nil {
		return nil, err
	}
	set := make([]JWK, 0, len(keys))
	for _, k := range keys {
		set = append(set, JWKOf(k))
	}
	return map[string][]JWK{"keys": set}, nil
}
