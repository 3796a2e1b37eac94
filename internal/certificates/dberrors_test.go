package certificates_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
)

// When the reissue route cannot evaluate the certificate's view rule for a
// caller who is not its coordinator, it answers 500 with a generic message
// (not a 404 that hides the failure) and writes nothing.
func TestReissueRefusedWhenViewRuleCannotBeChecked(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	before, err := w.App.CountRecords("certificates")
	apptest.Must(t, err)
	// The view rule reads placement.mentor.
	_, err = w.App.DB().NewQuery("ALTER TABLE placements RENAME COLUMN mentor TO mentor_gone").Execute()
	apptest.Must(t, err)

	res := c.Do(http.MethodPost, "/api/ib/certificates/"+w.Certificate.Id+"/reissue", w.MentorA.Token, nil)
	if res.Status != http.StatusInternalServerError || res.JSON()["message"] != apierror.InternalMessage {
		t.Fatalf("reissue: %d %s, want 500 with the generic message", res.Status, res)
	}
	if low := strings.ToLower(res.String()); strings.Contains(low, "mentor") || strings.Contains(low, "sql") || strings.Contains(low, "no such") {
		t.Errorf("the answer leaks the database error: %s", res)
	}
	after, err := w.App.CountRecords("certificates")
	apptest.Must(t, err)
	fresh, err := w.App.FindRecordById("certificates", w.Certificate.Id)
	apptest.Must(t, err)
	if after != before || fresh.GetString("status") != "valid" {
		t.Fatalf("certificates %d → %d, status %s", before, after, fresh.GetString("status"))
	}
}
