package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// rtClient is one realtime connection of the realtime scenario: a user
// subscribed the way the portal subscribes (pb_public/js): everyone to
// their notifications; supervisors and coordinators to applications and
// logbook entries; students to their logbook.
type rtClient struct {
	user   string
	role   string
	topics []string
}

// member is what the rules read of a user: role, institution, organization.
type member struct{ role, inst, org string }

func (b *bench) roster() map[string]member {
	w := b.w
	out := map[string]member{}
	for i, cs := range w.coordinators {
		for _, c := range cs {
			out[c] = member{role: "coordinator", inst: w.institutions[i]}
		}
	}
	for i, ms := range w.mentors {
		for _, m := range ms {
			out[m] = member{role: "mentor", inst: w.institutions[i]}
		}
	}
	for o, ss := range w.supervisors {
		for _, s := range ss {
			out[s] = member{role: "supervisor", org: w.orgs[o]}
		}
	}
	for _, s := range w.students {
		out[s] = member{role: "student"}
	}
	return out
}

// rtPlan picks the realtime clients (all coordinators and supervisors, a
// tenth mentors, the rest students: first those who write logbook
// entries, then those whose application is moved) and the writes: the
// logbook writers and the applications to move (two phases' worth).
func (b *bench) rtPlan() (clients []rtClient, writers []ongoingPlacement, moves []appRef) {
	w, n := b.w, b.cfg.rtSubscribers
	writers = b.logbookPool()
	nMoves := int(float64(b.cfg.rtMoveRate)*b.cfg.rtDuration.Seconds()) * 2
	moves = w.submittedApps[:min(nMoves, len(w.submittedApps))]
	staff := []string{"notifications/*", "applications/*", "logbook_entries/*"}
	add := func(user, role string, topics []string) bool {
		if len(clients) >= n {
			return false
		}
		clients = append(clients, rtClient{user: user, role: role, topics: topics})
		return true
	}
	for _, cs := range w.coordinators {
		for _, c := range cs {
			add(c, "coordinator", staff)
		}
	}
	for _, ss := range w.supervisors {
		for _, s := range ss {
			add(s, "supervisor", staff)
		}
	}
	mentors := 0
outer:
	for _, ms := range w.mentors {
		for _, m := range ms {
			if mentors >= n/10 || !add(m, "mentor", []string{"notifications/*"}) {
				break outer
			}
			mentors++
		}
	}
	seen := map[string]bool{}
	student := func(s string) {
		if !seen[s] {
			seen[s] = true
			add(s, "student", []string{"notifications/*", "logbook_entries/*"})
		}
	}
	for _, p := range writers {
		student(p.student)
	}
	for _, a := range moves {
		student(w.students[a.student])
	}
	for i := len(w.students) - 1; i >= 0 && len(clients) < n; i-- {
		student(w.students[i])
	}
	return clients, writers, moves
}

// rtEvent is one record event seen by one client.
type rtEvent struct {
	user, topic, action, id string
	at                      time.Time
}

type rtCollector struct {
	mu      sync.Mutex
	events  []rtEvent
	count   atomic.Int64
	dropped atomic.Int64 // connections the server ended before the scenario did
}

func (c *rtCollector) add(e rtEvent) {
	c.mu.Lock()
	c.events = append(c.events, e)
	c.mu.Unlock()
	c.count.Add(1)
}

func (c *rtCollector) snapshot() []rtEvent {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]rtEvent(nil), c.events...)
}

// sseEvent is one server-sent event.
type sseEvent struct{ name, data string }

// subscribe opens GET /api/realtime, reads PB_CONNECT, subscribes to
// topics with the user's token, and then reports every record event until
// ctx ends. ready is called once the subscription is in place.
func subscribe(ctx context.Context, client *http.Client, base, user, token string, topics []string, col *rtCollector, ready func(error)) {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/realtime", nil)
	res, err := client.Do(req)
	if err != nil {
		ready(err)
		return
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		ready(fmt.Errorf("GET /api/realtime: %d", res.StatusCode))
		return
	}
	rd := bufio.NewReaderSize(res.Body, 1024)
	next := func() (sseEvent, error) {
		var ev sseEvent
		var data strings.Builder
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				return ev, err
			}
			line = strings.TrimRight(line, "\r\n")
			switch {
			case line == "":
				if ev.name != "" || data.Len() > 0 {
					ev.data = data.String()
					return ev, nil
				}
			case strings.HasPrefix(line, "event:"):
				ev.name = strings.TrimSpace(line[len("event:"):])
			case strings.HasPrefix(line, "data:"):
				data.WriteString(strings.TrimPrefix(line[len("data:"):], " "))
			}
		}
	}
	ev, err := next()
	if err != nil || ev.name != "PB_CONNECT" {
		ready(fmt.Errorf("no PB_CONNECT (%v)", err))
		return
	}
	var hello struct {
		ClientID string `json:"clientId"`
	}
	if err := json.Unmarshal([]byte(ev.data), &hello); err != nil || hello.ClientID == "" {
		ready(fmt.Errorf("bad PB_CONNECT %q", ev.data))
		return
	}
	body, _ := json.Marshal(map[string]any{"clientId": hello.ClientID, "subscriptions": topics})
	sreq, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/realtime", bytes.NewReader(body))
	sreq.Header.Set("Content-Type", "application/json")
	sreq.Header.Set("Authorization", token)
	sres, err := client.Do(sreq)
	if err != nil {
		ready(err)
		return
	}
	sres.Body.Close()
	if sres.StatusCode/100 != 2 {
		ready(fmt.Errorf("POST /api/realtime: %d", sres.StatusCode))
		return
	}
	ready(nil)
	for {
		ev, err := next()
		if err != nil {
			if ctx.Err() == nil {
				col.dropped.Add(1)
			}
			return
		}
		if !strings.Contains(ev.name, "/") {
			continue // PB_CONNECT, heartbeats
		}
		at := time.Now()
		var msg struct {
			Action string `json:"action"`
			Record struct {
				ID string `json:"id"`
			} `json:"record"`
		}
		_ = json.Unmarshal([]byte(ev.data), &msg)
		col.add(rtEvent{user: user, topic: ev.name, action: msg.Action, id: msg.Record.ID, at: at})
	}
}

// connectAll opens the clients' connections, 64 at a time.
func (b *bench) connectAll(ctx context.Context, clients []rtClient, col *rtCollector) error {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	client := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	var failed atomic.Int64
	var firstErr atomic.Value
	sem := make(chan struct{}, 64)
	for _, c := range clients {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			var once sync.Once
			subscribe(ctx, client, "http://"+b.addr, c.user, b.tokens[c.user], c.topics, col, func(err error) {
				once.Do(func() {
					if err != nil {
						failed.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
					wg.Done()
					<-sem
				})
			})
		}()
	}
	wg.Wait()
	if f := failed.Load(); f > 0 {
		return fmt.Errorf("%d of %d subscriptions failed, first: %v", f, len(clients), firstErr.Load())
	}
	return nil
}

// rtWrites is one phase of the write load: logbook entries and
// application moves (a coordinator rejects a submitted application, which
// writes the student a notification), each at its own fixed rate.
type rtWrites struct {
	logbook, moves stats
	sent           sync.Map // record id -> time.Time the write was sent
	began          time.Time
	moved          []string
}

func (b *bench) rtPhase(ctx context.Context, writers []ongoingPlacement, moves []appRef, phase int) *rtWrites {
	out := &rtWrites{began: time.Now()}
	d := b.cfg.rtDuration
	perPhase := len(moves) / 2
	moves = moves[phase*perPhase : (phase+1)*perPhase]
	n := uint64(len(writers))
	var wg sync.WaitGroup
	wg.Add(2)
	sentAt := func(res *vegeta.Result) {
		if res.Code/100 != 2 {
			return
		}
		var rec struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(res.Body, &rec) == nil && rec.ID != "" {
			out.sent.Store(rec.ID, res.Timestamp)
		}
	}
	go func() {
		defer wg.Done()
		target := b.url("/api/collections/logbook_entries/records")
		out.logbook = load{name: "rt logbook", workers: 16, maxWorkers: 200, duration: d,
			rate: vegeta.Rate{Freq: b.cfg.rtLogRate, Per: time.Second},
			next: func(i uint64, t *vegeta.Target) error {
				p := writers[i%n]
				// from the window's last day backwards: the logbook
				// scenario fills it forwards from the first free day
				day := p.lastDay.AddDate(0, 0, -int(i/n)-phase*int(1+uint64(b.cfg.rtLogRate)*uint64(d.Seconds())/n))
				t.Method, t.URL = "POST", target
				t.Body = logbookBody(p.placement, day)
				t.Header = jsonHeader(b.tokens[p.student])
				return nil
			}, onResult: sentAt}.run(ctx)
	}()
	body := []byte(`{"status":"rejected","reason":"Seats are full for this term; apply again next semester."}`)
	go func() {
		defer wg.Done()
		out.moves = load{name: "rt moves", workers: 8, maxWorkers: 200, duration: d, count: len(moves),
			rate: vegeta.Rate{Freq: b.cfg.rtMoveRate, Per: time.Second},
			next: func(i uint64, t *vegeta.Target) error {
				if int(i) >= len(moves) {
					return vegeta.ErrNoTargets
				}
				a := moves[i]
				t.Method, t.URL = "PATCH", b.url("/api/collections/applications/records/"+a.id)
				t.Body = body
				t.Header = jsonHeader(b.tokens[b.w.coordinators[a.inst][0]])
				return nil
			}, onResult: sentAt}.run(ctx)
	}()
	wg.Wait()
	for _, a := range moves {
		out.moved = append(out.moved, a.id)
	}
	return out
}

// rtExpected is every (user, collection, action, record) the rules say a
// connected client must receive for the writes of a phase, read back from
// the database after the phase: the logbook entries created (with their
// placement's tenancy), the applications moved, the notifications written.
func (b *bench) rtExpected(ph *rtWrites, clients []rtClient) (map[string]time.Time, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.dataDir, "data.db")+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ros := b.roster()
	subscribed := map[string]map[string]bool{} // user -> collection
	for _, c := range clients {
		m := map[string]bool{}
		for _, t := range c.topics {
			m[strings.TrimSuffix(t, "/*")] = true
		}
		subscribed[c.user] = m
	}
	byInst, byOrg := map[string][]string{}, map[string][]string{}
	for _, c := range clients {
		m := ros[c.user]
		if m.role == "coordinator" {
			byInst[m.inst] = append(byInst[m.inst], c.user)
		}
		if m.role == "supervisor" {
			byOrg[m.org] = append(byOrg[m.org], c.user)
		}
	}
	want := map[string]time.Time{} // key -> the write's send time
	expect := func(user, coll, action, id string, sent time.Time) {
		if subscribed[user][coll] {
			want[user+" "+coll+" "+action+" "+id] = sent
		}
	}
	since := ts(ph.began.Add(-time.Second))
	rows, err := db.Query(`SELECT e.id, p.student, p.organization, p.institution, p.mentor FROM logbook_entries e
		JOIN placements p ON p.id = e.placement WHERE e.created >= ?`, since)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, student, org, inst, mentor string
		if err := rows.Scan(&id, &student, &org, &inst, &mentor); err != nil {
			rows.Close()
			return nil, err
		}
		v, ok := ph.sent.Load(id)
		if !ok {
			continue // another phase's
		}
		sent := v.(time.Time)
		for _, u := range append(append([]string{student, mentor}, byOrg[org]...), byInst[inst]...) {
			expect(u, "logbook_entries", "create", id, sent)
		}
	}
	rows.Close()
	for _, id := range ph.moved {
		v, ok := ph.sent.Load(id)
		if !ok {
			continue // the move failed: no event
		}
		var student, inst, org, endorsed string
		if err := db.QueryRow(`SELECT student, institution, organization, endorsed_at FROM applications WHERE id = ?`, id).
			Scan(&student, &inst, &org, &endorsed); err != nil {
			return nil, err
		}
		audience := append([]string{student}, byInst[inst]...)
		if endorsed != "" {
			audience = append(audience, byOrg[org]...)
		}
		for _, u := range audience {
			expect(u, "applications", "update", id, v.(time.Time))
		}
	}
	rows, err = db.Query(`SELECT id, user, record FROM notifications WHERE created >= ?`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, user, about string
		if err := rows.Scan(&id, &user, &about); err != nil {
			return nil, err
		}
		sent, _ := ph.sent.Load(about)
		t, _ := sent.(time.Time)
		if t.IsZero() {
			t = ph.began
		}
		expect(user, "notifications", "create", id, t)
	}
	return want, rows.Err()
}

// freshServer restarts the server (so that RSS figures are what the
// scenario costs) and returns the context its realtime clients live in,
// ended by done (also on an interrupted run).
func (b *bench) freshServer(ctx context.Context) (context.Context, func(), error) {
	rctx, cancel := context.WithCancel(ctx)
	b.rtCancel = cancel
	done := func() { cancel(); b.rtCancel = nil }
	b.stopServer()
	if err := b.start(ctx); err != nil {
		done()
		return nil, nil, err
	}
	b.resetRSS()
	return rctx, done, nil
}

// realtime: the write load with no client connected, then the same load
// with the clients connected; every event must reach exactly its audience,
// once.
func (b *bench) realtime(ctx context.Context) error {
	clients, writers, moves := b.rtPlan()
	if len(writers) == 0 || len(moves) < 2 {
		return fmt.Errorf("no logbook writers or applications to move")
	}
	rctx, done, err := b.freshServer(ctx)
	if err != nil {
		return err
	}
	defer done()
	cancel := done
	logf("bench: realtime: writes with no client connected (%.0f entries/s, %.0f moves/s, %s)", float64(b.cfg.rtLogRate), float64(b.cfg.rtMoveRate), b.cfg.rtDuration)
	quiet := b.rtPhase(ctx, writers, moves, 0)
	time.Sleep(time.Second)
	beforeMB := b.srv.rss.currentMB()

	col := &rtCollector{}
	step := time.Now()
	if err := b.connectAll(rctx, clients, col); err != nil {
		return err
	}
	time.Sleep(time.Second)
	connectedMB := b.srv.rss.currentMB()
	logf("bench: realtime: %d clients connected and subscribed in %s (server RSS %.0f MB, %.0f MB before)", len(clients),
		time.Since(step).Round(time.Millisecond), connectedMB, beforeMB)
	busy := b.rtPhase(ctx, writers, moves, 1)
	writeEnd := time.Now()

	want, err := b.rtExpected(busy, clients)
	if err != nil {
		return fmt.Errorf("expected audience: %w", err)
	}
	// Wait for every delivery (or until nothing arrives for 30 s), then a
	// little longer to catch duplicates.
	last, lastChange := col.count.Load(), time.Now()
	for col.count.Load() < int64(len(want)) && time.Since(lastChange) < 30*time.Second && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		if c := col.count.Load(); c != last {
			last, lastChange = c, time.Now()
		}
	}
	time.Sleep(time.Second)
	peak := b.srv.rss.peakMB()
	cancel()

	got := map[string]int{}
	var lat []time.Duration
	lastAt := writeEnd
	unexpected := 0
	var sample []string
	for _, e := range col.snapshot() {
		coll, _, _ := strings.Cut(e.topic, "/")
		k := e.user + " " + coll + " " + e.action + " " + e.id
		got[k]++
		sent, ok := want[k]
		if !ok {
			unexpected++
			if len(sample) < 3 {
				sample = append(sample, k)
			}
			continue
		}
		if got[k] == 1 {
			lat = append(lat, e.at.Sub(sent))
		}
		if e.at.After(lastAt) {
			lastAt = e.at
		}
	}
	missing, dupes := 0, 0
	for k := range want {
		switch n := got[k]; {
		case n == 0:
			missing++
			if len(sample) < 6 {
				sample = append(sample, "missing "+k)
			}
		case n > 1:
			dupes += n - 1
		}
	}
	p50, p99 := percentile(lat, 0.5), percentile(lat, 0.99)
	quietRPS := quiet.logbook.rps + quiet.moves.rps
	busyRPS := busy.logbook.rps + busy.moves.rps
	share := 0.0
	if quietRPS > 0 {
		share = busyRPS / quietRPS
	}
	writeErrs := busy.logbook.errors + busy.moves.errors
	perClientKB := max(connectedMB-beforeMB, 0) * 1024 / float64(len(clients))
	r := &row{scenario: fmt.Sprintf("realtime: %d SSE clients, %.0f logbook entries/s + %.0f application moves/s", len(clients), float64(b.cfg.rtLogRate), float64(b.cfg.rtMoveRate)),
		rps: busyRPS, p50: p50, p99: p99, latency: true, peakMB: peak, requests: busy.logbook.requests + busy.moves.requests,
		errors:    writeErrs + missing + dupes + unexpected,
		errorNote: strings.TrimPrefix(busy.logbook.errorSummary()+"; "+busy.moves.errorSummary(), "; "),
		budget:    "every event exactly once to exactly its audience; delivery p99 ≤ 1 s; writes ≥ 80% of no-client throughput"}
	r.met = r.errors == 0 && p99 <= time.Second && share >= 0.8
	r.result = fmt.Sprintf("%d deliveries expected, %d missing, %d duplicated, %d unexpected; p99 %s; writes %.0f%% of no-client (%.1f vs %.1f req/s)",
		len(want), missing, dupes, unexpected, ms(p99), share*100, busyRPS, quietRPS)
	if missing+dupes+unexpected > 0 {
		r.fail = fmt.Sprintf("delivery: %d missing, %d duplicated, %d unexpected (e.g. %s)", missing, dupes, unexpected, strings.Join(sample, "; "))
	}
	r.note = fmt.Sprintf("fresh server process; write p99 %s with no client, %s with the clients (logbook) and %s / %s (moves); RSS %.0f MB before the clients, %.0f MB with them (%.1f KB a client); last delivery %.1f s after the last write",
		ms(quiet.logbook.p99), ms(busy.logbook.p99), ms(quiet.moves.p99), ms(busy.moves.p99), beforeMB, connectedMB, perClientKB, lastAt.Sub(writeEnd).Seconds())
	if n := col.dropped.Load(); n > 0 {
		r.note += fmt.Sprintf("; %d connections closed by the server during the run", n)
	}
	b.report.add(r)
	logf("bench: realtime: %s", r.result)
	return nil
}

// fanout: rule-filtered fan-out. Each of many students, subscribed to
// their notifications, gets one event: the superuser marks every seeded
// notification read in one batch (one transaction), so all the events are
// published at once and the figure is the broadcaster's, not the writes'.
func (b *bench) fanout(ctx context.Context) error {
	n := min(b.cfg.fanoutUsers, len(b.w.notifications))
	if n == 0 {
		return fmt.Errorf("no seeded notifications")
	}
	fctx, cancel, err := b.freshServer(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	var clients []rtClient
	owner := map[string]string{}
	for i := 0; i < n; i++ {
		clients = append(clients, rtClient{user: b.w.students[i], role: "student", topics: []string{"notifications/*"}})
		owner[b.w.notifications[i]] = b.w.students[i]
	}
	col := &rtCollector{}
	if err := b.connectAll(fctx, clients, col); err != nil {
		return err
	}
	if err := b.api.do(ctx, "PATCH", "/api/settings", b.su, map[string]any{
		"batch": map[string]any{"enabled": true, "maxRequests": n, "timeout": 600, "maxBodySize": 256 << 20}}, nil); err != nil {
		return fmt.Errorf("batch settings: %w", err)
	}
	reqs := make([]map[string]any, 0, n)
	for _, id := range b.w.notifications[:n] {
		reqs = append(reqs, map[string]any{"method": "PATCH", "url": "/api/collections/notifications/records/" + id, "body": map[string]any{"read": true}})
	}
	sent := time.Now()
	if err := b.api.do(ctx, "POST", "/api/batch", b.su, map[string]any{"requests": reqs}, nil); err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	committed := time.Now()
	last, lastChange := col.count.Load(), time.Now()
	for col.count.Load() < int64(n) && time.Since(lastChange) < 30*time.Second && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
		if c := col.count.Load(); c != last {
			last, lastChange = c, time.Now()
		}
	}
	time.Sleep(500 * time.Millisecond)
	cancel()
	seen := map[string]int{}
	var first, lastAt time.Time
	wrong := 0
	var lat []time.Duration
	for _, e := range col.snapshot() {
		if owner[e.id] != e.user {
			wrong++
			continue
		}
		seen[e.id]++
		if first.IsZero() || e.at.Before(first) {
			first = e.at
		}
		if e.at.After(lastAt) {
			lastAt = e.at
		}
		lat = append(lat, e.at.Sub(sent))
	}
	missing, dupes := 0, 0
	for id := range owner {
		switch c := seen[id]; {
		case c == 0:
			missing++
		case c > 1:
			dupes += c - 1
		}
	}
	rate := 0.0
	if span := lastAt.Sub(first); span > 0 {
		rate = float64(len(seen)) / span.Seconds()
	}
	r := &row{scenario: fmt.Sprintf("realtime fan-out: one notification each to %d subscribed users", n),
		rps: rate, p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), latency: true, peakMB: b.srv.rss.peakMB(),
		requests: n, errors: missing + dupes + wrong,
		budget: "≥ 10,000 deliveries/s, each exactly once to its owner"}
	r.met = r.errors == 0 && rate >= 10_000
	r.result = fmt.Sprintf("%.0f deliveries/s (%d in %.2f s); %d missing, %d duplicated, %d to another user", rate, len(seen),
		lastAt.Sub(first).Seconds(), missing, dupes, wrong)
	if r.errors > 0 {
		r.fail = fmt.Sprintf("fan-out: %d missing, %d duplicated, %d to another user", missing, dupes, wrong)
	}
	r.note = fmt.Sprintf("fresh server process; the batch of %d updates took %.2f s (one transaction); latency = arrival − batch sent", n, committed.Sub(sent).Seconds())
	b.report.add(r)
	logf("bench: fanout: %s", r.result)
	return nil
}
