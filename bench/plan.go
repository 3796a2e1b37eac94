package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// planner opens the data dir as a PocketBase app inside the bench process
// (reads only) to build the exact SQL the list API runs for a caller: the
// collection's List rule and the client filter through a
// RecordFieldResolver, the sort, then resolver.UpdateQuery — the steps of
// apis.recordsList and search.Provider.Exec.
type planner struct {
	app *core.BaseApp
}

func openPlanner(dataDir string) (*planner, error) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir, DataMaxOpenConns: 2, DataMaxIdleConns: 1,
		AuxMaxOpenConns: 1, AuxMaxIdleConns: 1})
	if err := app.Bootstrap(); err != nil {
		return nil, fmt.Errorf("open %s as a PocketBase app: %w", dataDir, err)
	}
	return &planner{app: app}, nil
}

func (p *planner) close() {
	if p != nil && p.app != nil {
		_ = p.app.ResetBootstrapState()
	}
}

// listQuery is one list request of a caller.
type listQuery struct {
	collection string
	auth       string // users id
	filter     string
	sort       string
	perPage    int
	skipTotal  bool
	expand     string
	fields     string // the portal's fields= (what its cards show)
}

// plannedQuery is one SQL statement and its plan.
type plannedQuery struct {
	label string
	sql   string // with the parameters bound, for reading
	plan  []string
	scans []string // SCAN of a large table (the plan check)
}

// largeTables are the tables that hold many rows at full size; a plan that
// scans one of them fails its scenario.
var largeTables = map[string]bool{
	"users": true, "applications": true, "placements": true, "logbook_entries": true, "certificates": true,
	"submissions": true, "evaluations": true, "notifications": true, "audit_events": true, "tasks": true, "internships": true,
}

// explainList builds the list API's items query (and its count query when
// the request wants totals) and explains them.
func (p *planner) explainList(q listQuery) ([]plannedQuery, error) {
	app := p.app
	col, err := app.FindCachedCollectionByNameOrId(q.collection)
	if err != nil {
		return nil, err
	}
	auth, err := app.FindRecordById("users", q.auth)
	if err != nil {
		return nil, fmt.Errorf("caller %s: %w", q.auth, err)
	}
	info := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: "GET", Auth: auth,
		Query: map[string]string{"filter": q.filter, "sort": q.sort}, Headers: map[string]string{}, Body: map[string]any{}}

	query := app.RecordQuery(col)
	resolver := core.NewRecordFieldResolver(app, col, info, true)
	if col.ListRule != nil && *col.ListRule != "" {
		expr, err := search.FilterData(*col.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, fmt.Errorf("list rule of %s: %w", q.collection, err)
		}
		query.AndWhere(expr)
	}
	resolver.SetAllowHiddenFields(false)
	if q.filter != "" {
		expr, err := search.FilterData(q.filter).BuildExpr(resolver)
		if err != nil {
			return nil, fmt.Errorf("filter %q: %w", q.filter, err)
		}
		query.AndWhere(expr)
	}
	sorts := search.ParseSortFromString(q.sort)
	if q.sort == "" {
		sorts = nil
	}
	for _, sf := range sorts {
		expr, err := sf.BuildExpr(resolver)
		if err != nil {
			return nil, fmt.Errorf("sort %q: %w", q.sort, err)
		}
		if expr != "" {
			query.AndOrderBy(expr)
		}
	}
	if err := resolver.UpdateQuery(query); err != nil {
		return nil, err
	}

	items := *query
	items.Limit(int64(q.perPage)).Offset(0)
	out := []plannedQuery{}
	pq, err := p.explain("items", items.Build())
	if err != nil {
		return nil, err
	}
	out = append(out, pq)
	// The expand queries (first level): the related records by id with
	// their collection's View rule, for the ids this page really holds.
	if q.expand != "" {
		var records []*core.Record
		if err := items.All(&records); err != nil {
			return nil, fmt.Errorf("run the items query: %w", err)
		}
		seen := map[string]bool{}
		for _, path := range strings.Split(q.expand, ",") {
			name, _, _ := strings.Cut(path, ".")
			if seen[name] {
				continue
			}
			seen[name] = true
			rel, ok := col.Fields.GetByName(name).(*core.RelationField)
			if !ok {
				continue
			}
			relCol, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
			if err != nil || relCol.ViewRule == nil || *relCol.ViewRule == "" {
				continue // public: a plain lookup by id
			}
			var ids []string
			dup := map[string]bool{}
			for _, r := range records {
				for _, id := range r.GetStringSlice(name) {
					if !dup[id] {
						dup[id] = true
						ids = append(ids, id)
					}
				}
			}
			if len(ids) == 0 {
				continue
			}
			pq, err := p.explainExpand(relCol.Name, ids, q.auth)
			if err != nil {
				return nil, err
			}
			pq.label = "expand " + name + " (" + relCol.Name + ", " + fmt.Sprint(len(ids)) + " ids)"
			out = append(out, pq)
		}
	}
	if !q.skipTotal {
		count := *query
		count.Distinct(false).Select("COUNT(DISTINCT [[" + col.Name + "._rowid_]])").GroupBy().OrderBy()
		pq, err := p.explain("count", count.Build())
		if err != nil {
			return nil, err
		}
		out = append(out, pq)
	}
	return out, nil
}

type planRow struct {
	ID     int    `db:"id"`
	Parent int    `db:"parent"`
	NotUse int    `db:"notused"`
	Detail string `db:"detail"`
}

var scanRe = regexp.MustCompile(`^SCAN (\w+)(?: AS (\w+))?(.*)$`)

func (p *planner) explain(label string, q *dbx.Query) (plannedQuery, error) {
	var rows []planRow
	err := p.app.ConcurrentDB().NewQuery("EXPLAIN QUERY PLAN " + q.SQL()).Bind(q.Params()).All(&rows)
	if err != nil {
		return plannedQuery{}, fmt.Errorf("explain %s: %w\n%s", label, err, q.SQL())
	}
	pq := plannedQuery{label: label, sql: boundSQL(q.SQL(), q.Params())}
	depth := map[int]int{0: -1}
	for _, r := range rows {
		d := depth[r.Parent] + 1
		depth[r.ID] = d
		pq.plan = append(pq.plan, strings.Repeat("  ", d)+r.Detail)
		if m := scanRe.FindStringSubmatch(r.Detail); m != nil && largeTables[m[1]] {
			how := "full table scan"
			if strings.Contains(m[3], "INDEX") {
				how = "full index scan"
			}
			pq.scans = append(pq.scans, fmt.Sprintf("%s (%s)", r.Detail, how))
		}
	}
	return pq, nil
}

var (
	placeholderRe = regexp.MustCompile(`\{:(\w+)\}`)
	quoteRe       = regexp.MustCompile(`\[\[([^\]]+)\]\]|\{\{([^}]+)\}\}`)
)

// boundSQL shows a dbx statement with its parameters inlined (for reading
// only; the plans above were made with bound parameters).
func boundSQL(sql string, params dbx.Params) string {
	sql = placeholderRe.ReplaceAllStringFunc(sql, func(m string) string {
		v, ok := params[m[2:len(m)-1]]
		if !ok {
			return m
		}
		switch x := v.(type) {
		case string:
			return "'" + strings.ReplaceAll(x, "'", "''") + "'"
		case nil:
			return "NULL"
		default:
			return fmt.Sprint(x)
		}
	})
	sql = quoteRe.ReplaceAllStringFunc(sql, func(m string) string {
		return "`" + strings.ReplaceAll(m[2:len(m)-2], ".", "`.`") + "`"
	})
	sql = inListRe.ReplaceAllStringFunc(sql, func(m string) string {
		items := strings.Split(m[4:len(m)-1], ", ")
		if len(items) <= 3 {
			return m
		}
		return fmt.Sprintf("IN (%s, … %d more)", strings.Join(items[:3], ", "), len(items)-3)
	})
	return strings.Join(strings.Fields(sql), " ")
}

var inListRe = regexp.MustCompile(`IN \(('[^']*'(?:, '[^']*')*)\)`)

// explainExpand is the query of an expand (apis.expandFetch): the related
// records by id with the related collection's View rule, as the caller.
func (p *planner) explainExpand(collection string, ids []string, authID string) (plannedQuery, error) {
	app := p.app
	col, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return plannedQuery{}, err
	}
	auth, err := app.FindRecordById("users", authID)
	if err != nil {
		return plannedQuery{}, err
	}
	info := &core.RequestInfo{Context: core.RequestInfoContextExpand, Method: "GET", Auth: auth,
		Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	query := app.RecordQuery(col).AndWhere(dbx.In(col.Name+".id", args...))
	if col.ViewRule != nil && *col.ViewRule != "" {
		resolver := core.NewRecordFieldResolver(app, col, info, true)
		expr, err := search.FilterData(*col.ViewRule).BuildExpr(resolver)
		if err != nil {
			return plannedQuery{}, err
		}
		query.AndWhere(expr)
		if err := resolver.UpdateQuery(query); err != nil {
			return plannedQuery{}, err
		}
	}
	return p.explain("expand "+collection, query.Build())
}
