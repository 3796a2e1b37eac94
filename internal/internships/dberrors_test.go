package internships_test

import (
	"net/http"
	"testing"

	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/apptest"
)

// Deleting a draft counts its applications first; when the count fails the
// draft is not deleted (500, generic message), never deleted blind.
func TestDeleteDraftRefusedWhenApplicationsCannotBeCounted(t *testing.T) {
	t.Parallel()
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	draft := apptest.Save(t, w.App, "internships", map[string]any{
		"organization": w.OrgX.Id, "supervisor": w.SupX.Id, "title": "Draft", "seats": 1,
		"starts_on": w.End, "ends_on": w.End, "apply_by": w.Due, "hours": 60, "status": "draft",
	})
	_, err := w.App.DB().NewQuery("ALTER TABLE applications RENAME TO applications_gone").Execute()
	apptest.Must(t, err)
	res := c.Do(http.MethodDelete, "/api/collections/internships/records/"+draft.Id, w.SupX.Token, nil)
	if res.Status != http.StatusInternalServerError || res.JSON()["message"] != apierror.InternalMessage {
		t.Fatalf("delete: %d %s, want 500 with the generic message", res.Status, res)
	}
	if _, err := w.App.FindRecordById("internships", draft.Id); err != nil {
		t.Fatalf("the draft was deleted: %v", err)
	}
}
