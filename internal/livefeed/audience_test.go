package livefeed_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
	"github.com/internbase/internbase/internal/livefeed"
)

// The hot collections, whose rules must compile: an event of theirs is
// decided in memory, never by a query per subscriber.
var hot = []string{"notifications", "applications", "placements", "logbook_entries", "submissions",
	"evaluations", "certificates", "internships", "organizations", "audit_events", "lesson_completions"}

func TestHotRulesCompile(t *testing.T) {
	t.Parallel()
	app := apptest.NewApp(t)
	for _, name := range hot {
		c, err := app.FindCollectionByNameOrId(name)
		apptest.Must(t, err)
		if !livefeed.Compiled(app, c) {
			t.Errorf("%s: the rules do not compile; its events would cost a query per subscriber", name)
		}
	}
}

// TestAudienceMatchesPocketBase is the differential test of the realtime
// audience: on generated worlds (the apptest World with every tenancy
// column of every record, and the callers' institutions and organizations,
// reassigned at random, round after round), for every collection and every
// record, the clients the hub delivers an event to — one client per user
// of every role, a guest and a superuser, each subscribed to the
// collection (List rule) and to the record (View rule) — are exactly those
// PocketBase's own rule evaluation (CanAccessRecord) admits.
func TestAudienceMatchesPocketBase(t *testing.T) {
	t.Parallel()
	rounds := 12
	if v, err := strconv.Atoi(os.Getenv("IB_AUDIENCE_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	seed := uint64(1)
	if v, err := strconv.ParseUint(os.Getenv("IB_NI_SEED"), 10, 64); err == nil {
		seed = v
	}
	w := apptest.NewWorld(t)
	app := w.App
	h := livefeed.NewHub(app)
	rng := rand.New(rand.NewPCG(seed, 12))

	users := []apptest.User{w.S1, w.S2, w.S3, w.MentorA, w.MentorB, w.CoordA, w.CoordB, w.SupX, w.SupY}
	cols, err := app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	apptest.Must(t, err)
	cols = slices.DeleteFunc(cols, func(c *core.Collection) bool { return c.System })
	duplicate(t, app, cols)

	type caller struct {
		name string
		id   string // "" guest
		su   bool
	}
	callers := []caller{{name: "guest"}, {name: "superuser", id: w.Admin.Record.Id, su: true}}
	for i, u := range users {
		callers = append(callers, caller{name: fmt.Sprintf("%s#%d", u.Record.GetString("role"), i), id: u.Record.Id})
	}

	decided, compiled, admitted := 0, 0, 0
	for round := 0; round < rounds; round++ {
		if round > 0 {
			mutate(t, app, cols, rng)
		}
		for _, col := range cols {
			records, err := app.FindAllRecords(col.Name)
			apptest.Must(t, err)
			for _, r := range records {
				// one client per caller, subscribed to the collection and the record
				clients := map[*livefeed.Client]caller{}
				for _, cl := range callers {
					var auth *core.Record
					if cl.id != "" {
						coll := "users"
						if cl.su {
							coll = core.CollectionNameSuperusers
						}
						auth, err = app.FindRecordById(coll, cl.id)
						apptest.Must(t, err)
					}
					c := livefeed.NewClient(auth, col.Name+"/*", col.Name+"/"+r.Id)
					h.Add(c)
					clients[c] = cl
				}
				got := map[string]bool{}
				for _, d := range h.Decide(app, "update", r) {
					got[clients[d.Client].name+" "+d.Topic] = true
				}
				want := map[string]bool{}
				for c, cl := range clients {
					for _, sub := range []struct {
						topic string
						rule  *string
					}{{col.Name + "/*", col.ListRule}, {col.Name + "/" + r.Id, col.ViewRule}} {
						info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Auth: c.Auth()}
						ok, err := app.CanAccessRecord(r, info, sub.rule)
						if err != nil {
							t.Fatalf("CanAccessRecord %s/%s: %v", col.Name, r.Id, err)
						}
						if ok {
							want[cl.name+" "+sub.topic] = true
							admitted++
						}
						decided++
					}
				}
				if livefeed.Compiled(app, col) {
					compiled++
				}
				for k := range want {
					if !got[k] {
						t.Errorf("round %d: %s/%s: PocketBase admits %q, the hub did not deliver to it\nrecord: %v", round, col.Name, r.Id, k, r.PublicExport())
					}
				}
				for k := range got {
					if !want[k] {
						t.Errorf("round %d: %s/%s: the hub delivered to %q, PocketBase does not admit it\nrecord: %v", round, col.Name, r.Id, k, r.PublicExport())
					}
				}
				for c := range clients {
					h.Remove(c)
				}
				if t.Failed() {
					return
				}
			}
		}
	}
	t.Logf("%d decisions (%d admitted) over %d rounds; %d record events decided in memory", decided, admitted, rounds, compiled)
	if admitted == 0 || admitted == decided || compiled == 0 {
		t.Fatalf("the worlds did not exercise both outcomes: %d of %d admitted, %d compiled", admitted, decided, compiled)
	}
}

// duplicate adds a copy of every record (where the unique indexes allow
// it), so that each collection has records of different tenants.
func duplicate(t *testing.T, app core.App, cols []*core.Collection) {
	for _, col := range cols {
		if col.IsAuth() {
			continue
		}
		records, err := app.FindAllRecords(col.Name)
		apptest.Must(t, err)
		for _, r := range records {
			cp := core.NewRecord(col)
			for k, v := range r.FieldsData() {
				if k != "id" {
					cp.Set(k, v)
				}
			}
			_ = app.UnsafeWithoutHooks().SaveNoValidate(cp) // a unique index refusing it is fine
		}
	}
}

// mutate reassigns, at random, every single relation, single select and
// date field of every record (users: institution and organization only;
// roles stay), storing the records without hooks or validation.
func mutate(t *testing.T, app core.App, cols []*core.Collection, rng *rand.Rand) {
	ids := map[string][]string{}
	pool := func(collID string) []string {
		if v, ok := ids[collID]; ok {
			return v
		}
		records, err := app.FindAllRecords(collID)
		apptest.Must(t, err)
		out := []string{""}
		for _, r := range records {
			out = append(out, r.Id)
		}
		ids[collID] = out
		return out
	}
	for _, col := range cols {
		records, err := app.FindAllRecords(col.Name)
		apptest.Must(t, err)
		for _, r := range records {
			for _, f := range col.Fields {
				if col.IsAuth() && f.GetName() != "institution" && f.GetName() != "organization" {
					continue
				}
				if rng.IntN(3) == 0 {
					continue // some fields keep their value
				}
				switch f := f.(type) {
				case *core.RelationField:
					if !f.IsMultiple() {
						p := pool(f.CollectionId)
						r.Set(f.Name, p[rng.IntN(len(p))])
					}
				case *core.SelectField:
					if !f.IsMultiple() {
						vals := append([]string{""}, f.Values...)
						r.Set(f.Name, vals[rng.IntN(len(vals))])
					}
				case *core.DateField:
					if rng.IntN(2) == 0 {
						r.Set(f.Name, "")
					} else {
						r.Set(f.Name, apptest.Day(app, rng.IntN(5)-2))
					}
				}
			}
			if err := app.UnsafeWithoutHooks().SaveNoValidate(r); err != nil && !strings.Contains(err.Error(), "UNIQUE") {
				t.Fatalf("mutate %s/%s: %v", col.Name, r.Id, err)
			}
		}
	}
}
