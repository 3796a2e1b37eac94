package users_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/apptest"
)

// oldReader is the users read rule before the audience fields: the same
// decisions through back-relation joins. The differential test below holds
// the new rule to it.
const oldReader = `(id = @request.auth.id) || (@request.auth.id != "" && role != "student") || (role = "student" && ((@request.auth.role = "coordinator" && institution = @request.auth.institution) || (@request.auth.role = "mentor" && placements_via_student.mentor ?= @request.auth.id) || (@request.auth.role = "supervisor" && applications_via_student.organization ?= @request.auth.organization && applications_via_student.endorsed_at ?!= "")))`

// The audience fields decide exactly what the back-relation rule decided,
// for every caller and every user, on generated worlds, after creates,
// endorsements through the API, mentor changes and deletions.
func TestAudienceRuleEqualsTheBackRelationRule(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 2026))
			w := apptest.NewWorld(t)
			app := w.App
			c := apptest.NewClient(t, app)
			mentors := map[string][]apptest.User{w.InstA.Id: {w.MentorA, apptest.Mentor(t, app, w.InstA)}, w.InstB.Id: {w.MentorB}}
			students := []apptest.User{w.S2, w.S3}
			for i := 0; i < 6; i++ {
				inst := []*core.Record{w.InstA, w.InstB}[rng.IntN(2)]
				students = append(students, apptest.Student(t, app, inst))
			}
			type host struct {
				org *core.Record
				sup apptest.User
			}
			hosts := []host{{w.OrgX, w.SupX}, {w.OrgY, w.SupY}}
			var postings []*core.Record
			for i := 0; i < 4; i++ {
				h := hosts[i%2]
				postings = append(postings, apptest.Save(t, app, "internships", map[string]any{
					"organization": h.org.Id, "supervisor": h.sup.Id, "title": fmt.Sprint("Posting ", i), "seats": 5,
					"starts_on": apptest.Day(app, 30), "ends_on": apptest.Day(app, 60), "apply_by": apptest.Day(app, 20), "status": "open",
				}))
			}
			var submitted []*core.Record
			var coordOf = map[string]apptest.User{w.InstA.Id: w.CoordA, w.InstB.Id: w.CoordB}
			for _, s := range students {
				for _, p := range postings {
					if rng.IntN(3) != 0 {
						continue
					}
					inst := s.GetString("institution")
					data := map[string]any{"internship": p.Id, "student": s.Id, "institution": inst,
						"organization": p.GetString("organization"), "status": "submitted"}
					if rng.IntN(2) == 0 {
						data["status"] = []string{"endorsed", "shortlisted", "rejected"}[rng.IntN(3)]
						data["endorsed_by"], data["endorsed_at"] = coordOf[inst].Id, apptest.Day(app, -1)
						if data["status"] == "rejected" {
							data["reason"] = "No seats for this profile."
						}
					}
					a := apptest.Save(t, app, "applications", data)
					if data["status"] == "submitted" {
						submitted = append(submitted, a)
					}
				}
				if rng.IntN(3) == 0 {
					inst := s.GetString("institution")
					h := hosts[rng.IntN(2)]
					p := apptest.Save(t, app, "internships", map[string]any{
						"organization": h.org.Id, "supervisor": h.sup.Id, "title": "Placement of " + s.Id, "seats": 1,
						"starts_on": apptest.Day(app, -5), "ends_on": apptest.Day(app, 60), "apply_by": apptest.Day(app, -6), "status": "closed",
					})
					a := apptest.Save(t, app, "applications", map[string]any{"internship": p.Id, "student": s.Id, "institution": inst,
						"organization": p.GetString("organization"), "status": "accepted", "endorsed_by": coordOf[inst].Id,
						"endorsed_at": apptest.Day(app, -3)})
					mentor := ""
					if rng.IntN(3) != 0 {
						ms := mentors[inst]
						mentor = ms[rng.IntN(len(ms))].Id
					}
					apptest.Save(t, app, "placements", map[string]any{"application": a.Id, "student": s.Id, "internship": p.Id,
						"organization": p.GetString("organization"), "institution": inst, "supervisor": p.GetString("supervisor"),
						"mentor": mentor, "status": "ongoing", "started_on": apptest.Day(app, -2)})
				}
			}
			callers := []apptest.User{w.S1, w.S2, w.S3, w.MentorA, w.MentorB, mentors[w.InstA.Id][1], w.CoordA, w.CoordB, w.SupX, w.SupY}
			compare := func(when string) {
				t.Helper()
				users, err := app.FindAllRecords("users")
				apptest.Must(t, err)
				col, err := app.FindCollectionByNameOrId("users")
				apptest.Must(t, err)
				old := oldReader
				checked := 0
				for _, caller := range append(callers, apptest.User{}) {
					info := &core.RequestInfo{Auth: caller.Record, Method: http.MethodGet}
					for _, u := range users {
						got, err := app.CanAccessRecord(u, info, col.ViewRule)
						apptest.Must(t, err)
						want, err := app.CanAccessRecord(u, info, &old)
						apptest.Must(t, err)
						checked++
						if got != want {
							who := "guest"
							if caller.Record != nil {
								who = caller.GetString("role") + " " + caller.Id
							}
							t.Errorf("%s: %s reads %s %s: %v, the back-relation rule says %v", when, who, u.GetString("role"), u.Id, got, want)
						}
					}
				}
				if checked < 100 {
					t.Fatalf("%s: only %d decisions compared", when, checked)
				}
			}
			compare("seeded")

			// Endorsements through the API, a mentor changed by the
			// coordinator, an application deleted by a superuser.
			for i, a := range submitted {
				if i%2 == 0 {
					res := c.Do(http.MethodPatch, "/api/collections/applications/records/"+a.Id, coordOf[a.GetString("institution")].Token, map[string]any{"status": "endorsed"})
					if res.Status != 200 {
						t.Fatalf("endorse: %d %s", res.Status, res.String())
					}
				}
			}
			res := c.Do(http.MethodPatch, "/api/collections/placements/records/"+w.Placement.Id, w.CoordA.Token, map[string]any{"mentor": mentors[w.InstA.Id][1].Id})
			if res.Status != 200 {
				t.Fatalf("change mentor: %d %s", res.Status, res.String())
			}
			if len(submitted) > 1 {
				res = c.Do(http.MethodDelete, "/api/collections/applications/records/"+submitted[1].Id, w.Admin.Token, nil)
				if res.Status != 204 {
					t.Fatalf("delete: %d %s", res.Status, res.String())
				}
			}
			compare("after the API changes")
		})
	}
}

// The audience fields are the server's: no caller sets them, superusers
// included.
func TestAudienceFieldsAreServerFields(t *testing.T) {
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	stored := func() string {
		r, err := w.App.FindRecordById("users", w.S2.Id)
		apptest.Must(t, err)
		return fmt.Sprint(r.GetStringSlice("hosts"), r.GetStringSlice("mentors"))
	}
	before := stored()
	for _, body := range []map[string]any{{"hosts": []string{w.OrgY.Id}}, {"mentors": []string{w.MentorB.Id}}} {
		// PocketBase ignores hidden fields in a non-superuser's body;
		// a superuser is refused.
		if res := c.Do(http.MethodPatch, "/api/collections/users/records/"+w.S2.Id, w.S2.Token, body); res.Status != 200 && res.Status != 400 {
			t.Fatalf("%v by the student: %d %s", body, res.Status, res.String())
		}
		res := c.Do(http.MethodPatch, "/api/collections/users/records/"+w.S2.Id, w.Admin.Token, body)
		if res.Status != 400 {
			t.Fatalf("%v by a superuser: %d %s", body, res.Status, res.String())
		}
		if got := stored(); got != before {
			t.Fatalf("%v changed the audience: %s → %s", body, before, got)
		}
	}
	// Nor may a host read a profile by setting them at sign-up.
	res := c.Do(http.MethodPost, "/api/collections/users/records", "", map[string]any{"email": "new@x.test", "password": apptest.Password,
		"passwordConfirm": apptest.Password, "name": "New", "role": "student", "institution": w.InstA.Id, "register_no": "N1", "semester": 3,
		"hosts": []string{w.OrgY.Id}})
	if res.Status == 200 {
		r, err := w.App.FindRecordById("users", res.JSON()["id"].(string))
		apptest.Must(t, err)
		if len(r.GetStringSlice("hosts")) != 0 {
			t.Fatalf("sign-up set hosts: %v", r.GetStringSlice("hosts"))
		}
	} else if res.Status != 400 {
		t.Fatalf("sign-up with hosts: %d %s", res.Status, res.String())
	}
}
