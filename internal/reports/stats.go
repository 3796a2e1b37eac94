package reports

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/applications"
	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/internships"
	"github.com/internbase/internbase/internal/placements"
)

// Stats are the counts of what one caller can see (GET /api/ib/stats):
// records per status of each collection, and the pending logbook entries.
// Every status of the schema is a key, with 0 when there is none.
type Stats struct {
	Internships    map[string]int `json:"internships"`
	Applications   map[string]int `json:"applications"`
	Placements     map[string]int `json:"placements"`
	LogbookPending int            `json:"logbook_pending"`
	Certificates   map[string]int `json:"certificates"`
}

// scope is the SQL twin of a collection's list rule for one caller: the
// joins and the WHERE condition over the collection aliased t.
type scope struct {
	join  string
	where string // "" = every record
	none  bool   // the caller sees nothing
}

// anyOf ORs the branches of a rule, the whole in parentheses so that it
// can be ANDed with another condition; no branch means no record.
func anyOf(branches ...string) scope {
	if len(branches) == 0 {
		return scope{none: true}
	}
	return scope{where: "((" + strings.Join(branches, ") OR (") + "))"}
}

// caller is who asks, with the tenant ids the rules compare against.
type caller struct {
	superuser                    bool
	id, role, institution, orgID string
}

func callerOf(auth *core.Record) caller {
	return caller{
		superuser:   access.IsSuperuser(auth),
		id:          auth.Id,
		role:        access.Role(auth),
		institution: access.Institution(auth),
		orgID:       access.Organization(auth),
	}
}

func (c caller) params() dbx.Params {
	return dbx.Params{"me": c.id, "inst": c.institution, "org": c.orgID}
}

// is reports whether the caller has role and a non-empty tenant id: the
// rules' role guards, so an empty tenant of the caller never matches an
// empty field of a record.
func (c caller) is(role, tenant string) bool {
	return c.role == role && tenant != ""
}

// internshipsScope mirrors the internships list rule: every signed-in user
// sees non-draft postings; supervisors also their organization's drafts.
func (c caller) internshipsScope() scope {
	if c.superuser {
		return scope{}
	}
	branches := []string{"t.status != 'draft'"}
	if c.is(access.RoleSupervisor, c.orgID) {
		branches = append(branches, "t.organization = {:org}")
	}
	return anyOf(branches...)
}

// applicationsScope mirrors the applications list rule: the student's own;
// the coordinator's institution; the supervisor's organization once
// endorsed (endorsed_at set). Mentors see none.
func (c caller) applicationsScope() scope {
	if c.superuser {
		return scope{}
	}
	branches := []string{"t.student = {:me}"}
	if c.is(access.RoleCoordinator, c.institution) {
		branches = append(branches, "t.institution = {:inst}")
	}
	if c.is(access.RoleSupervisor, c.orgID) {
		branches = append(branches, "t.organization = {:org} AND t.endorsed_at != ''")
	}
	return anyOf(branches...)
}

// placementBranches mirror placementReaders of the schema over the
// placement aliased alias.
func (c caller) placementBranches(alias string) []string {
	branches := []string{alias + ".student = {:me}"}
	switch {
	case c.is(access.RoleSupervisor, c.orgID):
		branches = append(branches, alias+".organization = {:org}")
	case c.is(access.RoleMentor, c.id):
		branches = append(branches, alias+".mentor = {:me}")
	case c.is(access.RoleCoordinator, c.institution):
		branches = append(branches, alias+".institution = {:inst}")
	}
	return branches
}

func (c caller) placementsScope() scope {
	if c.superuser {
		return scope{}
	}
	return anyOf(c.placementBranches("t")...)
}

// logbookScope mirrors the logbook_entries list rule (the placement's
// readers) over entries aliased t joined to their placement p.
func (c caller) logbookScope() scope {
	if c.superuser {
		return scope{}
	}
	return scope{join: "JOIN placements p ON p.id = t.placement", where: anyOf(c.placementBranches("p")...).where}
}

// certificatesScope mirrors the certificates list rule: the student's own;
// the coordinator's institution; the mentor and the supervisor of the
// certificate's placement.
func (c caller) certificatesScope() scope {
	if c.superuser {
		return scope{}
	}
	branches := []string{"t.student = {:me}"}
	s := scope{}
	switch {
	case c.is(access.RoleCoordinator, c.institution):
		branches = append(branches, "t.institution = {:inst}")
	case c.is(access.RoleMentor, c.id):
		s.join = "JOIN placements p ON p.id = t.placement"
		branches = append(branches, "p.mentor = {:me}")
	case c.is(access.RoleSupervisor, c.id):
		s.join = "JOIN placements p ON p.id = t.placement"
		branches = append(branches, "p.supervisor = {:me}")
	}
	s.where = anyOf(branches...).where
	return s
}

// Statuses returns the values of the status select field of collection, as
// the schema defines them.
func Statuses(app core.App, collection string) ([]string, error) {
	col, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, fmt.Errorf("collection %s: %w", collection, err)
	}
	f, ok := col.Fields.GetByName("status").(*core.SelectField)
	if !ok {
		return nil, fmt.Errorf("collection %s has no status select field", collection)
	}
	return f.Values, nil
}

// countByStatus counts the records of collection that s lets the caller see,
// per status, with every status of the schema present.
func countByStatus(app core.App, collection string, s scope, params dbx.Params) (map[string]int, error) {
	statuses, err := Statuses(app, collection)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(statuses))
	for _, st := range statuses {
		out[st] = 0
	}
	if s.none {
		return out, nil
	}
	sql := "SELECT t.status AS status, COUNT(*) AS n FROM " + collection + " t " + s.join
	if s.where != "" {
		sql += " WHERE " + s.where
	}
	sql += " GROUP BY t.status"
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := app.DB().NewQuery(sql).Bind(params).All(&rows); err != nil {
		return nil, fmt.Errorf("count %s: %w", collection, err)
	}
	for _, r := range rows {
		if _, known := out[r.Status]; known {
			out[r.Status] = r.N
		}
	}
	return out, nil
}

// StatsFor counts what auth (a users record or a superuser) can see, scoped
// exactly like the collections' list rules.
func StatsFor(app core.App, auth *core.Record) (*Stats, error) {
	if auth == nil {
		return nil, fmt.Errorf("stats need a signed-in caller")
	}
	c := callerOf(auth)
	params := c.params()
	st := &Stats{}
	var err error
	if st.Internships, err = countByStatus(app, internships.Collection, c.internshipsScope(), params); err != nil {
		return nil, err
	}
	if st.Applications, err = countByStatus(app, applications.Collection, c.applicationsScope(), params); err != nil {
		return nil, err
	}
	if st.Placements, err = countByStatus(app, placements.Collection, c.placementsScope(), params); err != nil {
		return nil, err
	}
	if st.Certificates, err = countByStatus(app, certificates.Collection, c.certificatesScope(), params); err != nil {
		return nil, err
	}

	ls := c.logbookScope()
	sql := "SELECT COUNT(*) FROM logbook_entries t " + ls.join + " WHERE t.status = 'pending'"
	if ls.where != "" {
		sql += " AND " + ls.where // anyOf parenthesises its branches
	}
	if err := app.DB().NewQuery(sql).Bind(params).Row(&st.LogbookPending); err != nil {
		return nil, fmt.Errorf("count pending logbook entries: %w", err)
	}
	return st, nil
}

func statsRoute(e *core.RequestEvent) error {
	st, err := StatsFor(e.App, e.Auth)
	if err != nil {
		return e.InternalServerError("", err)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, st)
}
