package certificates

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
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
// (131,072 bits, 16 KiB before compression).
//
// Every institution has its own lists, issued by it (the list's issuer is
// its credentials' issuer.id), named "{institution id}-{n}" from n = 1. A
// certificate's status_index i, unique within its institution, is entry
// i mod ListSize of its institution's list i / ListSize + 1. A new
// certificate gets a uniformly random free entry of its institution's
// current list (the highest one that holds a certificate), so that an
// index tells nothing of when a certificate was issued or how many were;
// when that list is full, the next one starts.
const ListSize = 131072

// maxLists bounds a list number (indexes stay far below 2^53, exact in a
// JSON number).
const maxLists = 1 << 20

// statusPurpose is the one purpose of Internbase's lists: a revoked or
// superseded certificate has its bit set, and the bit is never cleared.
const statusPurpose = "revocation"

// StatusListName is the name of list n of an institution, the last
// segment of its URL.
func StatusListName(institution string, n int) string {
	return institution + "-" + strconv.Itoa(n)
}

// ParseStatusListName reads a list name: the institution's record id
// (lowercase letters and digits, as PocketBase's ids), "-" and the list
// number in canonical decimal from 1. ok is false for anything else.
func ParseStatusListName(name string) (institution string, n int, ok bool) {
	i := strings.LastIndexByte(name, '-')
	if i < 1 || i > 64 {
		return "", 0, false
	}
	institution, raw := name[:i], name[i+1:]
	for _, r := range institution {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return "", 0, false
		}
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxLists || strconv.Itoa(n) != raw {
		return "", 0, false
	}
	return institution, n, true
}

// StatusListURL is the URL of list n of an institution, the id of its
// BitstringStatusListCredential.
func StatusListURL(app core.App, institution string, n int) string {
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/api/ib/status/" + StatusListName(institution, n)
}

// StatusEntry is the BitstringStatusListEntry of the certificate of an
// institution with status index idx (the credentialStatus of its
// credential).
func StatusEntry(app core.App, institution string, idx int) map[string]any {
	list := StatusListURL(app, institution, idx/ListSize+1)
	pos := strconv.Itoa(idx % ListSize)
	return map[string]any{
		"id":                   list + "#" + pos,
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        statusPurpose,
		"statusListIndex":      pos,
		"statusListCredential": list,
	}
}

// assignStatusIndex gives a new certificate a random free status index of
// its institution's current list, inside its create transaction: the
// database has one writer, so no other issue takes the index between the
// check and the insert, and the unique index on (institution,
// status_index) refuses a duplicate in any case.
func assignStatusIndex(e *core.RecordEvent) error {
	idx, err := freeStatusIndex(e.App, e.Record.GetString("institution"))
	if err != nil {
		return fmt.Errorf("certificate status index: %w", err)
	}
	e.Record.Set("status_index", idx)
	return e.Next()
}

// statusDraws is how many random entries of a list are tried before its
// free entries are listed (sixteen taken entries in a row are rare before
// a list is mostly full: 1% at three quarters).
const statusDraws = 16

// freeStatusIndex draws a uniformly random free status index of the
// institution's current list, or of the next one when it is full: random
// entries are tried while they are taken; after statusDraws taken ones,
// one of the list's free entries is drawn directly. Either way every free
// entry is equally likely.
func freeStatusIndex(app core.App, institution string) (int, error) {
	var last []int
	err := app.DB().Select("status_index").From(Collection).
		Where(dbx.HashExp{"institution": institution}).OrderBy("status_index DESC").Limit(1).Column(&last)
	if err != nil {
		return 0, err
	}
	n := 1
	if len(last) == 1 {
		n = last[0]/ListSize + 1
	}
	for ; n <= maxLists; n++ {
		lo := (n - 1) * ListSize
		for range statusDraws {
			pos, err := randomBelow(ListSize)
			if err != nil {
				return 0, err
			}
			var hit []int
			err = app.DB().Select("status_index").From(Collection).
				Where(dbx.HashExp{"institution": institution, "status_index": lo + pos}).Limit(1).Column(&hit)
			if err != nil {
				return 0, err
			}
			if len(hit) == 0 {
				return lo + pos, nil
			}
		}
		var used []int
		err := app.DB().Select("status_index").From(Collection).
			Where(dbx.HashExp{"institution": institution}).AndWhere(inList(lo)).OrderBy("status_index").Column(&used)
		if err != nil {
			return 0, err
		}
		if len(used) >= ListSize {
			continue // full: the next list starts
		}
		k, err := randomBelow(ListSize - len(used))
		if err != nil {
			return 0, err
		}
		// The k-th free entry: step over every taken entry at or before it.
		pos := k
		for _, u := range used {
			if u-lo > pos {
				break
			}
			pos++
		}
		return lo + pos, nil
	}
	return 0, errors.New("every status list of the institution is full")
}

// inList selects the status indexes of the list that starts at lo.
func inList(lo int) dbx.Expression {
	return dbx.NewExp("[[status_index]] >= {:lo} AND [[status_index]] < {:hi}", dbx.Params{"lo": lo, "hi": lo + ListSize})
}

// randomBelow is a uniformly random int in [0, n), from crypto/rand.
func randomBelow(n int) (int, error) {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, err
	}
	return int(v.Int64()), nil
}

// ErrNoStatusList is returned for a list no certificate is in.
var ErrNoStatusList = errors.New("certificates: no such status list")

// StatusBits returns the bitstring of list n of an institution (ListSize
// bits, entry 0 the most significant bit of the first byte, as the
// specification orders them), with the bit of every revoked or superseded
// certificate of the list set. It is read from the certificates' statuses,
// so it follows a revocation in the same transaction.
func StatusBits(app core.App, institution string, n int) ([]byte, error) {
	if n < 1 || n > maxLists || institution == "" {
		return nil, ErrNoStatusList
	}
	lo := (n - 1) * ListSize
	ofInst := dbx.HashExp{"institution": institution}
	var probe []int
	if err := app.DB().Select("status_index").From(Collection).Where(ofInst).AndWhere(inList(lo)).Limit(1).Column(&probe); err != nil {
		return nil, err
	}
	if len(probe) == 0 {
		return nil, ErrNoStatusList
	}
	var set []int
	err := app.DB().Select("status_index").From(Collection).Where(ofInst).
		AndWhere(dbx.In("status", StatusRevoked, StatusSuperseded)).AndWhere(inList(lo)).Column(&set)
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
// n of an institution (VC data model 2.0), valid from now. Its issuer is
// the institution's issuer Profile, the issuer.id of the credentials whose
// status it carries, as a verifier expects.
func StatusListCredential(app core.App, institution string, n int) (map[string]any, error) {
	bits, err := StatusBits(app, institution, n)
	if err != nil {
		return nil, err
	}
	encoded, err := EncodeList(bits)
	if err != nil {
		return nil, err
	}
	id := StatusListURL(app, institution, n)
	return map[string]any{
		"@context":  []string{contextVC2},
		"id":        id,
		"type":      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    IssuerID(strings.TrimRight(app.Settings().Meta.AppURL, "/"), institution),
		"validFrom": clock.Now(app).UTC().Truncate(time.Second).Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"id":            id + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": statusPurpose,
			"encodedList":   encoded,
		},
	}, nil
}

// StatusListJWT signs list n of an institution as a VC-JWT with the active
// signing key, by the signer of the certificates' credentials.
func StatusListJWT(app core.App, institution string, n int) (string, error) {
	cred, err := StatusListCredential(app, institution, n)
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
// built from the certificates' statuses on each request. A name that is
// not "{institution id}-{n}", or a list no certificate is in, is 404.
func statusList(e *core.RequestEvent) error {
	institution, n, ok := ParseStatusListName(e.Request.PathValue("list"))
	if !ok {
		e.Response.Header().Set("Cache-Control", "no-store")
		return e.NotFoundError("Status list not found: a list is named by its institution's id and its number, as in /api/ib/status/{institution}-1.", nil)
	}
	token, err := StatusListJWT(e.App, institution, n)
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
