package certificates

import (
	"fmt"
	"io"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ByNumber returns the certificate printed with number (any case, with
// Crockford's look-alike letters read as digits), whatever its status.
func ByNumber(app core.App, number string) (*core.Record, error) {
	n, ok := CanonicalNumber(number)
	if !ok {
		return nil, fmt.Errorf("%q is not a certificate number", number)
	}
	return app.FindFirstRecordByData(Collection, "number", n)
}

// ValidOf returns the valid certificates (neither revoked nor superseded)
// issued at institution to the student with registerNo, the most recently
// issued first.
func ValidOf(app core.App, institution, registerNo string) ([]*core.Record, error) {
	if institution == "" || registerNo == "" {
		return nil, nil
	}
	return app.FindRecordsByFilter(Collection, "institution = {:i} && register_no = {:r} && status = {:s}",
		"-issued_at", 0, 0, dbx.Params{"i": institution, "r": registerNo, "s": StatusValid})
}

// IsValid reports whether c is valid: neither revoked nor superseded.
func IsValid(c *core.Record) bool { return c.GetString("status") == StatusValid }

// PDF returns the stored PDF of c.
func PDF(app core.App, c *core.Record) ([]byte, error) {
	name := c.GetString("pdf")
	if name == "" {
		return nil, fmt.Errorf("certificate %s has no PDF stored", c.Id)
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	r, err := fsys.GetReader(c.BaseFilesPath() + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("read stored PDF: %w", err)
	}
	defer r.Close()
	return io.ReadAll(r)
}
