package certificates

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/clock"
)

// ListSize is the number of entries of one revocation status list: the
// minimum length of a bitstring in W3C Bitstring Status List v1.0
// (131,072 bits, 16 KiB before compression). Certificate status_index i is
// entry i mod ListSize of list i / ListSize + 1: the first 131,072
// certificates are list 1, the next ones list 2, and so on; a list is
// full when the next index falls in the list after it, and nothing else
// changes.
const ListSize = 131072

// statusPurpose is the one purpose of Internbase's lists: a revoked or
// superseded certificate has its bit set, and the bit is never cleared.
const statusPurpose = "revocation"

// StatusListURL is the URL of status list n, the id of its
// BitstringStatusListCredential.
func StatusListURL(app core.App, n int) string {
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/api/ib/status/" + strconv.Itoa(n)
}

// StatusEntry is the BitstringStatusListEntry of the certificate with
// status index idx (the credentialStatus of its credential).
func StatusEntry(app core.App, idx int) map[string]any {
	list := StatusListURL(app, idx/ListSize+1)
	pos := strconv.Itoa(idx % ListSize)
	return map[string]any{
		"id":                   list + "#" + pos,
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        statusPurpose,
		"statusListIndex":      pos,
		"statusListCredential": list,
	}
}

// assignStatusIndex gives a new certificate the next free status index,
// inside its create transaction (the database has one writer, and the
// unique index refuses a duplicate in any case).
func assignStatusIndex(e *core.RecordEvent) error {
	var next struct {
		N int `db:"n"`
	}
	err := e.App.DB().NewQuery("SELECT COALESCE(MAX([[status_index]]), -1) + 1 AS [[n]] FROM {{" + Collection + "}}").One(&next)
	if err != nil {
		return fmt.Errorf("certificate status index: %w", err)
	}
	e.Record.Set("status_index", next.N)
	return e.Next()
}

// ErrNoStatusList is returned for a list no certificate is in.
var ErrNoStatusList = errors.New("certificates: no such status list")

// StatusBits returns the bitstring of status list n (ListSize bits, entry
// 0 the most significant bit of the first byte, as the specification
// orders them), with the bit of every revoked or superseded certificate of
// the list set. It is read from the certificates' statuses, so it follows
// a revocation in the same transaction.
func StatusBits(app core.App, n int) ([]byte, error) {
	if n < 1 || n > 1<<20 {
		return nil, ErrNoStatusList
	}
	lo, hi := (n-1)*ListSize, n*ListSize
	inList := dbx.NewExp("[[status_index]] >= {:lo} AND [[status_index]] < {:hi}", dbx.Params{"lo": lo, "hi": hi})
	var probe []int
	if err := app.DB().Select("status_index").From(Collection).Where(inList).Limit(1).Column(&probe); err != nil {
		return nil, err
	}
	if len(probe) == 0 {
		return nil, ErrNoStatusList
	}
	var set []int
	err := app.DB().Select("status_index").From(Collection).
		Where(dbx.In("status", StatusRevoked, StatusSuperseded)).AndWhere(inList).Column(&set)
	if err != nil {
		return nil, err
	}
	bits := make([]byte, ListSize/8)
	for _, i := range set {
		i -= lo
		bits[i/8] |= 0x80 >> (i % 8)
	}
	return bits, nil
}

// EncodeList is the encodedList of a bitstring: Multibase base64url
// ("u" prefix, no padding) of its GZIP compression.
func EncodeList(bits []byte) (string, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(bits); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// StatusListCredential returns the BitstringStatusListCredential of list
// n (VC data model 2.0), valid from now: its issuer is the platform.
func StatusListCredential(app core.App, n int) (map[string]any, error) {
	bits, err := StatusBits(app, n)
	if err != nil {
		return nil, err
	}
	encoded, err := EncodeList(bits)
	if err != nil {
		return nil, err
	}
	id := StatusListURL(app, n)
	return map[string]any{
		"@context":  []string{contextVC2},
		"id":        id,
		"type":      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    strings.TrimRight(app.Settings().Meta.AppURL, "/"),
		"validFrom": clock.Now(app).UTC().Truncate(time.Second).Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"id":            id + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": statusPurpose,
			"encodedList":   encoded,
		},
	}, nil
}

// StatusListJWT signs status list n as a VC-JWT with the active signing
// key, as certificates' credentials are signed.
func StatusListJWT(app core.App, n int) (string, error) {
	cred, err := StatusListCredential(app, n)
	if err != nil {
		return "", err
	}
	key, err := ActiveKey(app)
	if err != nil {
		return "", err
	}
	at, err := time.Parse(time.RFC3339, cred["validFrom"].(string))
	if err != nil {
		return "", err
	}
	return signCredential(app, key, jwt.SigningMethodEdDSA, cred, cred["issuer"], at.Unix())
}

// StatusListCache is how a status list may be cached (a CDN in front of
// it): as long as a verification answer, a minute, so that a revocation
// shows in the list wherever it shows on the verify page. DESIGN.md
// allows at most five minutes.
const StatusListCache = VerifyCache

// statusList answers GET /api/ib/status/{list}: the list's
// BitstringStatusListCredential as a bare VC-JWT (application/vc+jwt),
// built from the certificates' statuses on each request.
func statusList(e *core.RequestEvent) error {
	raw := e.Request.PathValue("list")
	n, err := strconv.Atoi(raw)
	if err != nil || strconv.Itoa(n) != raw {
		n = 0
	}
	token, err := StatusListJWT(e.App, n)
	if errors.Is(err, ErrNoStatusList) {
		e.Response.Header().Set("Cache-Control", "no-store")
		return e.NotFoundError("Status list not found.", nil)
	}
	if err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", StatusListCache)
	return e.Blob(http.StatusOK, "application/vc+jwt", []byte(token))
}
