package institutions

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// FindByCode returns the institution with code (as printed, or in capitals
// when typed in lower case).
func FindByCode(app core.App, code string) (*Institution, error) {
	code = strings.TrimSpace(code)
	r, err := app.FindFirstRecordByData(Collection, "code", code)
	if err != nil && strings.ToUpper(code) != code {
		r, err = app.FindFirstRecordByData(Collection, "code", strings.ToUpper(code))
	}
	if err != nil {
		return nil, err
	}
	i := &Institution{}
	i.SetProxyRecord(r)
	return i, nil
}
