package certificates

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/placements"
)

// Issuer issues the certificate of a completed placement; the placements
// domain calls it inside the completion transaction.
type Issuer struct{}

// Issue creates the certificate of placement with app (the transaction).
func (Issuer) Issue(app core.App, placement *core.Record) error {
	_, err := issue(app, placement, "", access.Actor(placement))
	return err
}

// VerifyURL is the public verify page of a certificate number.
func VerifyURL(app core.App, number string) string {
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/verify/" + number
}

// issue builds, signs and saves a certificate from the current data of the
// placement; replaces is the id of the certificate it supersedes, if any.
func issue(app core.App, placement *core.Record, replaces string, actor *core.Record) (*core.Record, error) {
	get := func(col, id string) (*core.Record, error) {
		r, err := app.FindRecordById(col, id)
		if err != nil {
			return nil, fmt.Errorf("certificate: %s %s: %w", col, id, err)
		}
		return r, nil
	}
	student, err := get(access.Users, placement.GetString("student"))
	if err != nil {
		return nil, err
	}
	internship, err := get("internships", placement.GetString("internship"))
	if err != nil {
		return nil, err
	}
	inst, err := get("institutions", placement.GetString("institution"))
	if err != nil {
		return nil, err
	}
	org, err := get("organizations", placement.GetString("organization"))
	if err != nil {
		return nil, err
	}
	reg, err := get("regulations", inst.GetString("regulation"))
	if err != nil {
		return nil, err
	}
	key, err := ActiveKey(app)
	if err != nil {
		return nil, fmt.Errorf("certificate: signing key: %w", err)
	}
	now := clock.Now(app).UTC().Truncate(time.Second)
	// The period never runs past what happened: it ends on the completion
	// day when the placement was completed before the internship's end
	// (a certificate is issued at completion, so today stands in for a
	// missing completed_on).
	completedOn := placement.GetDateTime("completed_on").Time()
	if completedOn.IsZero() {
		completedOn = clock.Today(app)
	}
	number, err := uniqueNumber(app, now.Year())
	if err != nil {
		return nil, err
	}
	payload := SignedPayload{
		Number:           number,
		StudentName:      student.GetString("name"),
		RegisterNo:       student.GetString("register_no"),
		InstitutionName:  inst.GetString("name"),
		OrganizationName: org.GetString("name"),
		Title:            internship.GetString("title"),
		StartsOn:         clock.StoredDay(internship.GetDateTime("starts_on").Time()),
		EndsOn:           placements.PeriodEnd(internship.GetDateTime("ends_on").Time(), completedOn),
		Hours:            placement.GetFloat("approved_hours"),
		Credits:          placement.GetFloat("credits_earned"),
		Marks:            placement.GetFloat("marks"),
		MaxMarks:         reg.GetFloat("max_marks"),
		Grade:            placement.GetString("grade"),
		IssuedAt:         now,
	}
	pdf, err := RenderPDF(Document{Payload: payload, University: inst.GetString("university"), VerifyURL: VerifyURL(app, number), KeyID: key.ID})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(pdf)
	payload.SHA256 = hex.EncodeToString(sum[:])
	canonical, err := payload.Canonical()
	if err != nil {
		return nil, err
	}

	col, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return nil, err
	}
	c := core.NewRecord(col)
	f := payload.Fields()
	for _, k := range []string{"number", "student_name", "register_no", "institution_name", "organization_name",
		"title", "starts_on", "ends_on", "hours", "credits", "marks", "max_marks", "grade", "sha256"} {
		c.Set(k, f[k])
	}
	c.Set("issued_at", now)
	c.Set("placement", placement.Id)
	c.Set("student", student.Id)
	c.Set("institution", inst.Id)
	c.Set("organization", org.Id)
	c.Set("status", StatusValid)
	c.Set("replaces", replaces)
	c.Set("signature", key.Sign(canonical))
	c.Set("key_id", key.ID)
	// The credential's identity (ob3.go): the email at issue time and a
	// random salt of this certificate, both server-only.
	salt, err := NewIdentitySalt()
	if err != nil {
		return nil, err
	}
	c.Set("student_email", student.Email())
	c.Set("identity_salt", salt)
	file, err := filesystem.NewFileFromBytes(pdf, number+".pdf")
	if err != nil {
		return nil, err
	}
	c.Set("pdf", file)
	access.SetActor(c, actor)
	if err := app.Save(c); err != nil {
		return nil, fmt.Errorf("save certificate: %w", err)
	}
	err = access.Notify(app, access.Notice{User: student.Id, Kind: "certificate.issued", Record: c.Id,
		Link: "/certificates/" + c.Id, Title: "Your internship certificate " + number + " is ready",
		Body: fmt.Sprintf("%s credits for “%s”. Anyone can verify it at %s.", num(payload.Credits), payload.Title, VerifyURL(app, number))})
	return c, err
}

// uniqueNumber draws certificate numbers until one is free (40 random bits:
// a collision is rare, but the unique index would otherwise fail the issue).
func uniqueNumber(app core.App, year int) (string, error) {
	for range 5 {
		n, err := NewNumber(year, nil)
		if err != nil {
			return "", err
		}
		if _, err := app.FindFirstRecordByData(Collection, "number", n); err != nil {
			return n, nil
		}
	}
	return "", errors.New("certificate: no free number after 5 draws")
}

// Reissue issues a new certificate from the current data of the placement of
// old (which must be valid) and marks old superseded, in one transaction.
func Reissue(app core.App, old *core.Record, actor *core.Record) (*core.Record, error) {
	var fresh *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		cur, err := tx.FindRecordById(Collection, old.Id)
		if err != nil {
			return err
		}
		if cur.GetString("status") != StatusValid {
			return access.FieldError("status", access.CodeLocked, "Only a valid certificate can be reissued; this one is "+cur.GetString("status")+".")
		}
		placement, err := tx.FindRecordById("placements", cur.GetString("placement"))
		if err != nil {
			return err
		}
		cur.Set("status", StatusSuperseded)
		access.SetActor(cur, actor)
		if err := tx.Save(cur); err != nil {
			return err
		}
		fresh, err = issue(tx, placement, cur.Id, actor)
		return err
	})
	return fresh, err
}
