package livefeed

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/picker"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// hub is one app's realtime broker: the connected clients, an index of
// them by the collections they subscribed to and the auth values the
// collections' rules pin, and the broadcasters that decide each record
// event's audience off the writer's request.
type hub struct {
	app core.App

	mu       sync.RWMutex
	clients  map[string]*client
	topics   map[string]*topicIndex // collection id -> subscribed clients
	byUser   map[string]map[*client]struct{}
	policies map[string]*policy // collection id -> compiled rules

	start  sync.Once
	queues []chan event
	stop   chan struct{}
	wg     sync.WaitGroup

	pendingMu sync.Mutex
	pending   map[string][]delivery // deletes decided before their commit
}

type topicIndex struct {
	all   map[*client]struct{}
	byKey map[string]map[*client]struct{}
}

// Clients that every event must consider whatever the rules say:
// superusers (who see everything) and clients authenticated by another
// auth collection (decided by PocketBase's rule query).
const (
	keySuperuser = "\x00superuser"
	keyOther     = "\x00other-auth"
)

type event struct {
	action string
	record *core.Record
	done   chan struct{} // a Flush barrier (no record): closed when reached
}

type delivery struct {
	c   *client
	msg subscriptions.Message
}

func newHub(app core.App) *hub {
	return &hub{
		app:      app,
		clients:  map[string]*client{},
		topics:   map[string]*topicIndex{},
		byUser:   map[string]map[*client]struct{}{},
		policies: map[string]*policy{},
		stop:     make(chan struct{}),
		pending:  map[string][]delivery{},
	}
}

const storeKey = "internbase.livefeed.hub"

func hubOf(app core.App) *hub {
	h, _ := app.Store().Get(storeKey).(*hub)
	return h
}

// Clients is the number of connected realtime clients of app.
func Clients(app core.App) int {
	h := hubOf(app)
	if h == nil {
		return 0
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.clients)
}

func (h *hub) register(c *client) {
	h.mu.Lock()
	h.clients[c.Id()] = c
	h.mu.Unlock()
}

func (h *hub) unregister(c *client) {
	h.mu.Lock()
	h.unindex(c)
	delete(h.clients, c.Id())
	h.mu.Unlock()
	c.Discard()
}

func (h *hub) client(id string) *client {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.clients[id]
}

// reindex files c under its current subscriptions and auth.
func (h *hub) reindex(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.unindex(c)
	h.index(c)
}

// index and unindex run with h.mu held.
func (h *hub) index(c *client) {
	auth := c.auth()
	seen := map[string]bool{}
	for sub := range c.Subscriptions() {
		topic, _, _ := strings.Cut(sub, "?")
		name, _, _ := strings.Cut(topic, "/")
		coll, err := h.app.FindCachedCollectionByNameOrId(name)
		if err != nil || seen[coll.Id] {
			continue
		}
		seen[coll.Id] = true
		p := h.policyLocked(coll)
		e := indexEntry{coll: coll.Id, keys: clientKeys(auth, p)}
		c.entries = append(c.entries, e)
		t := h.topics[coll.Id]
		if t == nil {
			t = &topicIndex{all: map[*client]struct{}{}, byKey: map[string]map[*client]struct{}{}}
			h.topics[coll.Id] = t
		}
		t.all[c] = struct{}{}
		for _, k := range e.keys {
			set := t.byKey[k]
			if set == nil {
				set = map[*client]struct{}{}
				t.byKey[k] = set
			}
			set[c] = struct{}{}
		}
	}
	if auth != nil {
		c.user = auth.Collection().Name + "/" + auth.Id
		set := h.byUser[c.user]
		if set == nil {
			set = map[*client]struct{}{}
			h.byUser[c.user] = set
		}
		set[c] = struct{}{}
	}
}

// clientKeys are the keys a client is filed under for a collection: a
// superuser or another auth collection's client is always a candidate;
// anyone else under each auth field the collection's rules pin (a guest
// with empty values), and signed-in clients under keySignedIn.
func clientKeys(auth *core.Record, p *policy) []string {
	switch {
	case auth != nil && auth.IsSuperuser():
		return []string{keySuperuser}
	case auth != nil && auth.Collection().Name != "users":
		return []string{keyOther}
	}
	keys := make([]string, 0, len(p.authFields)+2)
	for _, f := range append([]string{"id"}, p.authFields...) {
		v := ""
		if auth != nil {
			v = auth.GetString(f)
		}
		keys = append(keys, authKey(f, v))
	}
	if auth != nil {
		keys = append(keys, keySignedIn)
	}
	return keys
}

func (h *hub) unindex(c *client) {
	for _, e := range c.entries {
		t := h.topics[e.coll]
		if t == nil {
			continue
		}
		delete(t.all, c)
		for _, k := range e.keys {
			if set := t.byKey[k]; set != nil {
				delete(set, c)
				if len(set) == 0 {
					delete(t.byKey, k)
				}
			}
		}
		if len(t.all) == 0 {
			delete(h.topics, e.coll)
		}
	}
	if set := h.byUser[c.user]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.byUser, c.user)
		}
	}
	c.entries, c.user = nil, ""
}

// policy is a collection's compiled List and View rules.
type policy struct {
	listSrc, viewSrc string
	listNil, viewNil bool
	list, view       rule
	compiled         bool // both compiled
	relations        []string
	authFields       []string
}

func ruleText(p *string) (string, bool) {
	if p == nil {
		return "", true
	}
	return *p, false
}

func (p *policy) current(c *core.Collection) bool {
	ls, ln := ruleText(c.ListRule)
	vs, vn := ruleText(c.ViewRule)
	return p.listSrc == ls && p.listNil == ln && p.viewSrc == vs && p.viewNil == vn
}

// policyFor returns c's compiled rules. Rules changed since they were
// compiled (in the admin UI) are compiled again and the collection's
// subscribers re-indexed, since the keys their rules pin may differ.
func (h *hub) policyFor(c *core.Collection) *policy {
	h.mu.RLock()
	p := h.policies[c.Id]
	h.mu.RUnlock()
	if p != nil && p.current(c) {
		return p
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	p = h.policyLocked(c)
	if t := h.topics[c.Id]; t != nil {
		subscribers := make([]*client, 0, len(t.all))
		for cl := range t.all {
			subscribers = append(subscribers, cl)
		}
		for _, cl := range subscribers {
			h.unindex(cl)
			h.index(cl)
		}
	}
	return p
}

// policyLocked returns c's current compiled rules, compiling them when
// missing or stale; h.mu is held (for writing).
func (h *hub) policyLocked(c *core.Collection) *policy {
	if p := h.policies[c.Id]; p != nil && p.current(c) {
		return p
	}
	p := compilePolicy(h.app, c)
	h.policies[c.Id] = p
	return p
}

func compilePolicy(app core.App, c *core.Collection) *policy {
	p := &policy{}
	p.listSrc, p.listNil = ruleText(c.ListRule)
	p.viewSrc, p.viewNil = ruleText(c.ViewRule)
	list, lrel, lauth, lok := compileRule(app, c, c.ListRule)
	view, vrel, vauth, vok := compileRule(app, c, c.ViewRule)
	if !lok || !vok {
		return p
	}
	p.list, p.view, p.compiled = list, view, true
	p.relations = union(lrel, vrel)
	p.authFields = union(lauth, vauth)
	return p
}

func union(a, b []string) []string {
	set := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, a...), b...) {
		if !set[s] {
			set[s] = true
			out = append(out, s)
		}
	}
	return out
}

// subscribed reports whether any client subscribed to c's records.
func (h *hub) subscribed(c *core.Collection) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.topics[c.Id] != nil
}

// publish queues a record event for the broadcasters; events of one
// record go through one queue, in order. A full queue makes the writer
// wait (back-pressure) rather than lose the event.
func (h *hub) publish(action string, r *core.Record) {
	if !h.subscribed(r.Collection()) {
		return
	}
	h.startBroadcasters()
	f := fnv.New32a()
	f.Write([]byte(r.Id))
	select {
	case h.queues[f.Sum32()%uint32(len(h.queues))] <- event{action: action, record: r.Fresh()}:
	case <-h.stop:
	}
}

const broadcasters, queueSize = 4, 4096

func (h *hub) startBroadcasters() {
	h.start.Do(func() {
		h.queues = make([]chan event, broadcasters)
		for i := range h.queues {
			q := make(chan event, queueSize)
			h.queues[i] = q
			h.wg.Add(1)
			go func() {
				defer h.wg.Done()
				for {
					select {
					case <-h.stop:
						return
					case ev := <-q:
						if ev.done != nil {
							close(ev.done)
							continue
						}
						for _, d := range h.decide(h.app, ev) {
							d.c.Send(d.msg)
						}
					}
				}
			}()
		}
	})
}

func (h *hub) shutdown() {
	select {
	case <-h.stop:
	default:
		close(h.stop)
	}
	h.wg.Wait()
}

// decide returns the messages of one record event: for each subscription
// of each client that may see the record, PocketBase's realtime message
// (the same name and payload as PocketBase's own broadcaster). checkApp
// runs the rule and filter queries (outside a delete's transaction).
func (h *hub) decide(checkApp core.App, ev event) []delivery {
	r := ev.record
	coll, err := h.app.FindCachedCollectionByNameOrId(r.Collection().Id)
	if err != nil {
		return nil
	}
	p := h.policyFor(coll)
	var f *facts
	if p.compiled {
		f = loadFacts(checkApp, r, p.relations)
	}
	cands := h.candidates(coll, p, f)
	if len(cands) == 0 {
		return nil
	}
	prefixes := []struct {
		prefix string
		view   bool
	}{
		{coll.Name + "/" + r.Id + "?", true}, {coll.Id + "/" + r.Id + "?", true},
		{coll.Name + "/*?", false}, {coll.Id + "/*?", false},
		{coll.Name + "?", false}, {coll.Id + "?", false},
	}
	var out []delivery
	for _, c := range cands {
		auth := c.auth()
		subs := c.Subscriptions()
		for _, pr := range prefixes {
			for sub, opts := range subs {
				// PocketBase's prefix match: the topic, alone or
				// followed by "?options=…"
				if sub != pr.prefix[:len(pr.prefix)-1] && !strings.HasPrefix(sub, pr.prefix) {
					continue
				}
				info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: http.MethodGet,
					Query: opts.Query, Headers: opts.Headers, Auth: auth}
				if !h.allowed(checkApp, r, coll, p, f, pr.view, info) {
					continue
				}
				data, err := h.payload(ev.action, r, coll, info)
				if err != nil {
					h.app.Logger().Debug("livefeed: payload", slog.String("collection", coll.Name), slog.String("error", err.Error()))
					continue
				}
				out = append(out, delivery{c: c, msg: subscriptions.Message{Name: sub, Data: data}})
			}
		}
	}
	return out
}

// candidates are the clients subscribed to coll that the rules may admit:
// with compiled rules, those indexed under the keys the record's values
// pin (plus superusers and other auth collections); otherwise all.
func (h *hub) candidates(coll *core.Collection, p *policy, f *facts) []*client {
	h.mu.RLock()
	defer h.mu.RUnlock()
	t := h.topics[coll.Id]
	if t == nil {
		return nil
	}
	var keys []string
	all := !p.compiled
	if p.compiled {
		for _, rl := range []rule{p.list, p.view} {
			switch {
			case rl.src == nil: // superusers only
			case rl.root == nil: // public
				all = true
			default:
				ks, a, _ := rl.root.keys(f)
				keys = append(keys, ks...)
				all = all || a
			}
		}
	}
	seen := map[*client]bool{}
	var out []*client
	add := func(set map[*client]struct{}) {
		for c := range set {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	if all {
		add(t.all)
		return out
	}
	add(t.byKey[keySuperuser])
	add(t.byKey[keyOther])
	for _, k := range keys {
		add(t.byKey[k])
	}
	return out
}

func loadFacts(app core.App, r *core.Record, relations []string) *facts {
	f := &facts{record: r, related: map[string]*core.Record{}}
	for _, name := range relations {
		rel, _ := r.Collection().Fields.GetByName(name).(*core.RelationField)
		id := r.GetString(name)
		if rel == nil || id == "" {
			continue
		}
		if rr, err := app.FindRecordById(rel.CollectionId, id); err == nil {
			f.related[name] = rr
		}
	}
	return f
}

// allowed is PocketBase's realtime access check: the List rule for a
// collection topic, the View rule for a record topic, then the
// subscription's own filter. The rule is evaluated in memory when it
// compiled and the subscriber is a user or a guest; otherwise by
// PocketBase's query.
func (h *hub) allowed(app core.App, r *core.Record, coll *core.Collection, p *policy, f *facts, view bool, info *core.RequestInfo) bool {
	ruleSrc := coll.ListRule
	if view {
		ruleSrc = coll.ViewRule
	}
	auth := info.Auth
	switch {
	case info.HasSuperuserAuth():
	case p.compiled && (auth == nil || auth.Collection().Name == "users"):
		rl := p.list
		if view {
			rl = p.view
		}
		if rl.src == nil || (rl.root != nil && !rl.root.eval(f, auth)) {
			return false
		}
	default:
		if ok, _ := app.CanAccessRecord(r, info, ruleSrc); !ok {
			return false
		}
	}
	return filterMatches(app, r, info)
}

// filterMatches checks the subscription's filter option as PocketBase's
// realtime does (apis/realtime.go realtimeCanAccessRecord).
func filterMatches(app core.App, r *core.Record, info *core.RequestInfo) bool {
	filter := info.Query[search.FilterQueryParam]
	if filter == "" {
		return true
	}
	if !info.HasSuperuserAuth() && superuserOnly(info) {
		return false
	}
	var exists int
	q := app.ConcurrentDB().Select("(1)").From(r.Collection().Name).
		AndWhere(dbx.HashExp{r.Collection().Name + ".id": r.Id})
	resolver := core.NewRecordFieldResolver(app, r.Collection(), info, false)
	expr, err := search.FilterData(filter).BuildExpr(resolver)
	if err != nil {
		return false
	}
	q.AndWhere(expr)
	if err := resolver.UpdateQuery(q); err != nil {
		return false
	}
	return q.Limit(1).Row(&exists) == nil && exists > 0
}

// payload is PocketBase's realtime message data for one subscriber: the
// record enriched the way the record API enriches it for that request
// (hidden fields, e-mail visibility, expand, enrich hooks), then the
// fields option applied.
func (h *hub) payload(action string, r *core.Record, coll *core.Collection, info *core.RequestInfo) ([]byte, error) {
	clean := r.Fresh()
	q := url.Values{}
	for k, v := range info.Query {
		q.Set(k, v)
	}
	req, err := http.NewRequest(http.MethodGet, "/?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	for k, v := range info.Headers {
		req.Header.Set(k, v)
	}
	e := &core.RequestEvent{App: h.app, Auth: info.Auth}
	e.Request = req
	e.Set(core.RequestEventKeyInfoContext, core.RequestInfoContextRealtime)
	if err := apis.EnrichRecord(e, clean); err != nil {
		return nil, err
	}
	data := struct {
		Record any    `json:"record"`
		Action string `json:"action"`
	}{Record: clean, Action: action}
	if fields := info.Query["fields"]; fields != "" {
		if picked, err := picker.Pick(clean, fields); err == nil {
			data.Record = picked
		}
	}
	// encoding/json/v2, as PocketBase's realtime since v0.40 (apis/realtime.go):
	// no HTML escaping of <, > and &. Deterministic keeps the picked fields'
	// keys sorted, as before (v2's default order of map keys is random). A
	// json field stored with a key twice (written before v0.40) is sent as
	// stored, as the record API's responses send it (router.Event.JSON);
	// with v2's defaults the message would fail and never be sent
	// (PocketBase's own broadcaster drops it).
	return json.Marshal(data, json.Deterministic(true), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
}

// superuserOnly is PocketBase's loose check (apis checkForSuperuserOnlyRuleFields):
// only superusers may filter or sort by @collection.* or @request.*.
func superuserOnly(info *core.RequestInfo) bool {
	for _, param := range []string{search.FilterQueryParam, search.SortQueryParam} {
		v := info.Query[param]
		if strings.Contains(v, "@collection.") || strings.Contains(v, "@request.") {
			return true
		}
	}
	return false
}

// Attach registers an in-process client with app's hub, as if it had
// connected (without an IP, so any address may subscribe it, as with
// PocketBase's custom broker clients): its id for POST /api/realtime, the
// channel its messages arrive on, and detach to remove it.
func Attach(app core.App) (id string, messages <-chan subscriptions.Message, detach func()) {
	h := hubOf(app)
	c := newClient()
	h.register(c)
	return c.Id(), c.Channel(), func() { h.unregister(c) }
}

// Flush waits until every record event of app published before the call
// has been decided and its messages queued to the clients' channels (or
// until the hub shuts down). The broadcast stays off the writers' path;
// Flush is for a caller that must know a write's messages are all out,
// such as a test comparing what two apps deliver.
func Flush(app core.App) {
	h := hubOf(app)
	if h == nil {
		return
	}
	h.startBroadcasters()
	dones := make([]chan struct{}, len(h.queues))
	for i, q := range h.queues {
		dones[i] = make(chan struct{})
		select {
		case q <- event{done: dones[i]}:
		case <-h.stop:
			return
		}
	}
	for _, d := range dones {
		select {
		case <-d:
		case <-h.stop:
			return
		}
	}
}
