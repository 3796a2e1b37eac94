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
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/notifications"
	"github.com/internbase/internbase/internal/organizations"
	"github.com/internbase/internbase/internal/placements"
)

// IssueOnCompletion issues the certificate of a placement that was just
// completed with credits, inside the completion's transaction (bound to
// placements' Completed).
func IssueOnCompletion(e *placements.CompletedEvent) error {
	if err := Issue(e.App, e.Placement.Record); err != nil {
		return err
	}
	return e.Next()
}

// Issue creates the certificate of placement with app (the transaction),
// by whoever completed it.
func Issue(app core.App, placement *core.Record) error {
	_, err := issue(app, placement, "", access.Actor(placement))
	return err
}

// VerifyURL is the public verify page of a certificate number.
func VerifyURL(app core.App, number string) string {
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/verify/" + number
}

// KeysURL is where the public signing keys are published.
func KeysURL(app core.App) string {
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/.well-known/jwks.json"
}

// signatory is the coordinator whose name the certificate prints: the actor
// when they coordinate the institution (a reissue), else its longest-serving
// coordinator; "" when it has none.
func signatory(app core.App, institution string, actor *core.Record) (string, error) {
	if access.CoordinatorOf(actor, institution) {
		return actor.GetString("name"), nil
	}
	var names []string
	err := app.DB().NewQuery("SELECT name FROM users WHERE role = 'coordinator' AND institution = {:inst} ORDER BY created, id LIMIT 1").
		Bind(map[string]any{"inst": institution}).Column(&names)
	if err != nil {
		return "", fmt.Errorf("certificate: signatory of %s: %w", institution, err)
	}
	if len(names) == 0 {
		return "", nil
	}
	return names[0], nil
}

// issue builds, signs and saves a certificate from the current data of the
// placement; replaces is the id of the certificate it supersedes, if any.
func issue(app core.App, placement *core.Record, replaces string, actor *core.Record) (*core.Record, error) {
	f, err := gather(app, placement)
	if err != nil {
		return nil, err
	}
	d, err := build(app, f, placement, replaces, actor)
	if err != nil {
		return nil, err
	}
	return d.save(app)
}

// facts are what a certificate of a placement says, read through app.
type facts struct {
	student, inst, org *core.Record
	university         string
	key                *Key
	payload            SignedPayload // without number, issue time and hash
}

// same reports whether two readings would print the same certificate.
func (f *facts) same(o *facts) bool {
	return f.student.Id == o.student.Id && f.student.Email() == o.student.Email() && f.inst.Id == o.inst.Id &&
		f.org.Id == o.org.Id && f.university == o.university && f.key.ID == o.key.ID &&
		f.payload.StudentName == o.payload.StudentName && f.payload.RegisterNo == o.payload.RegisterNo &&
		f.payload.InstitutionName == o.payload.InstitutionName && f.payload.OrganizationName == o.payload.OrganizationName &&
		f.payload.Title == o.payload.Title && f.payload.StartsOn.Equal(o.payload.StartsOn) && f.payload.EndsOn.Equal(o.payload.EndsOn) &&
		f.payload.Hours == o.payload.Hours && f.payload.Credits == o.payload.Credits && f.payload.Marks == o.payload.Marks &&
		f.payload.MaxMarks == o.payload.MaxMarks && f.payload.Grade == o.payload.Grade
}

func gather(app core.App, placement *core.Record) (*facts, error) {
	p := placements.Of(placement)
	fail := func(what, id string, err error) error { return fmt.Errorf("certificate: %s %s: %w", what, id, err) }
	student, err := app.FindRecordById(access.Users, p.Student())
	if err != nil {
		return nil, fail("student", p.Student(), err)
	}
	internship, err := internships.Find(app, p.Internship())
	if err != nil {
		return nil, fail("internship", p.Internship(), err)
	}
	inst, err := institutions.Find(app, p.Institution())
	if err != nil {
		return nil, fail("institution", p.Institution(), err)
	}
	org, err := organizations.Find(app, p.Organization())
	if err != nil {
		return nil, fail("organization", p.Organization(), err)
	}
	reg, err := institutions.Regulation(app, inst.Id)
	if err != nil {
		return nil, fail("regulation of institution", inst.Id, err)
	}
	key, err := ActiveKey(app)
	if err != nil {
		return nil, fmt.Errorf("certificate: signing key: %w", err)
	}
	// The period never runs past what happened: it ends on the completion
	// day when the placement was completed before the internship's end
	// (a certificate is issued at completion, so today stands in for a
	// missing completed_on).
	completedOn := p.CompletedOn()
	if completedOn.IsZero() {
		completedOn = clock.Today(app)
	}
	return &facts{student: student, inst: inst.Record, org: org.Record, university: inst.University(), key: key,
		payload: SignedPayload{
			StudentName:      student.GetString("name"),
			RegisterNo:       student.GetString("register_no"),
			InstitutionName:  inst.Name(),
			OrganizationName: org.Name(),
			Title:            internship.Title(),
			StartsOn:         internship.StartsOn(),
			EndsOn:           placements.PeriodEnd(internship.EndsOn(), completedOn),
			Hours:            p.ApprovedHours(),
			Credits:          p.CreditsEarned(),
			Marks:            p.Marks(),
			MaxMarks:         reg.MaxMarks(),
			Grade:            p.Grade(),
		}}, nil
}

// draft is a certificate numbered, rendered and signed, not yet saved.
type draft struct {
	rec     *core.Record
	payload SignedPayload
	student string
}

func build(app core.App, f *facts, placement *core.Record, replaces string, actor *core.Record) (*draft, error) {
	now := clock.Now(app).UTC().Truncate(time.Second)
	number, err := uniqueNumber(app, now.Year())
	if err != nil {
		return nil, err
	}
	payload := f.payload
	payload.Number, payload.IssuedAt = number, now
	signer, err := signatory(app, f.inst.Id, actor)
	if err != nil {
		return nil, err
	}
	pdf, err := RenderPDF(Document{Payload: payload, University: f.university, VerifyURL: VerifyURL(app, number),
		KeysURL: KeysURL(app), KeyID: f.key.ID, Signatory: signer, Location: clock.Location(app)})
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
	fields := payload.Fields()
	for _, k := range []string{"number", "student_name", "register_no", "institution_name", "organization_name",
		"title", "starts_on", "ends_on", "hours", "credits", "marks", "max_marks", "grade", "sha256"} {
		c.Set(k, fields[k])
	}
	c.Set("issued_at", now)
	c.Set("placement", placement.Id)
	c.Set("student", f.student.Id)
	c.Set("institution", f.inst.Id)
	c.Set("organization", f.org.Id)
	c.Set("status", StatusValid)
	c.Set("replaces", replaces)
	c.Set("signature", f.key.Sign(canonical))
	c.Set("key_id", f.key.ID)
	// The credential's identity (ob3.go): the email at issue time and a
	// random salt of this certificate, both server-only.
	salt, err := NewIdentitySalt()
	if err != nil {
		return nil, err
	}
	c.Set("student_email", f.student.Email())
	c.Set("identity_salt", salt)
	file, err := filesystem.NewFileFromBytes(pdf, number+".pdf")
	if err != nil {
		return nil, err
	}
	c.Set("pdf", file)
	access.SetActor(c, actor)
	return &draft{rec: c, payload: payload, student: f.student.Id}, nil
}

// save stores the certificate and notifies its student, with app (the
// transaction).
func (d *draft) save(app core.App) (*core.Record, error) {
	c, number := d.rec, d.payload.Number
	if err := app.Save(c); err != nil {
		return nil, fmt.Errorf("save certificate: %w", err)
	}
	err := notifications.Notify(app, notifications.Notice{User: d.student, Kind: "certificate.issued", Record: c.Id,
		Link: "/certificates/" + c.Id, Title: "Your internship certificate " + number + " is ready",
		Body: fmt.Sprintf("%s credits for “%s”. Anyone can verify it at %s.", num(d.payload.Credits), d.payload.Title, VerifyURL(app, number))})
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
// The new certificate is rendered and signed before the transaction, so
// that reissues do not hold SQLite's single writer while they draw PDFs;
// inside it the facts are read again, and a certificate whose facts
// changed meanwhile is rendered again there.
func Reissue(app core.App, old *core.Record, actor *core.Record) (*core.Record, error) {
	return reissueWith(app, old, actor, nil)
}

// reissueWith is Reissue with a hook between the rendering and the
// transaction (for the tests of that window).
func reissueWith(app core.App, old *core.Record, actor *core.Record, between func()) (*core.Record, error) {
	if old.GetString("status") != StatusValid {
		return nil, apierror.FieldError("status", apierror.CodeLocked, fmt.Sprintf("Only a valid certificate can be reissued; this one is %s.", old.GetString("status")))
	}
	p0, err := placements.Find(app, old.GetString("placement"))
	if err != nil {
		return nil, err
	}
	placement0 := p0.Record
	f0, err := gather(app, placement0)
	if err != nil {
		return nil, err
	}
	d, err := build(app, f0, placement0, old.Id, actor)
	if err != nil {
		return nil, err
	}
	if between != nil {
		between()
	}
	var fresh *core.Record
	err = app.RunInTransaction(func(tx core.App) error {
		cur, err := tx.FindRecordById(Collection, old.Id)
		if err != nil {
			return err
		}
		if cur.GetString("status") != StatusValid {
			return apierror.FieldError("status", apierror.CodeLocked, fmt.Sprintf("Only a valid certificate can be reissued; this one is %s.", cur.GetString("status")))
		}
		p, err := placements.Find(tx, cur.GetString("placement"))
		if err != nil {
			return err
		}
		placement := p.Record
		cur.Set("status", StatusSuperseded)
		access.SetActor(cur, actor)
		if err := tx.Save(cur); err != nil {
			return err
		}
		f, err := gather(tx, placement)
		if err != nil {
			return err
		}
		if placement.Id != placement0.Id || !f.same(f0) {
			if d, err = build(tx, f, placement, cur.Id, actor); err != nil {
				return err
			}
		}
		fresh, err = d.save(tx)
		return err
	})
	return fresh, err
}
