package i18n_test

import (
	"testing"

	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/evaluations"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/logbooks"
	"github.com/internbase/internbase/internal/placements"
	"github.com/internbase/internbase/internal/status"
	"github.com/internbase/internbase/internal/submissions"
)

// TestEveryMachineRefusalTranslates: the status machines build their 403
// sentences from parts ("Only " + who + " can " + verb + "."), which the
// scan of literal sentences cannot see; every one they can answer must be
// in the catalog.
func TestEveryMachineRefusalTranslates(t *testing.T) {
	t.Parallel()
	machines := map[string]*status.Machine{
		"applications": applications.Machine, "certificates": certificates.Machine, "evaluations": evaluations.Machine,
		"internships": internships.Machine, "logbooks": logbooks.Machine, "placements": placements.Machine,
		"submissions": submissions.Machine,
	}
	n := 0
	for name, m := range machines {
		for _, msg := range m.Refusals() {
			n++
			if _, ok := i18n.Translate(i18n.ML, msg); !ok {
				t.Errorf("%s: %q is not in the catalog", name, msg)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d refusals: the machines lost their moves?", n)
	}
}
