package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// rtPick chooses the realtime subscribers (students) and the targets: the
// first ones own a submitted application that a coordinator of their
// college will reject, which writes one notification for them (server
// side, in the rejection's transaction). The others only listen.
func (b *bench) rtPick() (subscribers []string, targets []appRef) {
	w := b.w
	nT := min(b.cfg.rtWrites, len(w.submittedApps), b.cfg.rtSubscribers)
	targets = w.submittedApps[:nT]
	isTarget := map[int]bool{}
	for _, t := range targets {
		isTarget[t.student] = true
		subscribers = append(subscribers, w.students[t.student])
	}
	for s := len(w.students) - 1; s >= 0 && len(subscribers) < b.cfg.rtSubscribers; s-- {
		if !isTarget[s] {
			subscribers = append(subscribers, w.students[s])
		}
	}
	return subscribers, targets
}

// delivery is one notification event seen by one subscriber.
type delivery struct {
	subscriber string // the user whose connection got it
	owner      string // record.user
	notif      string // notification id
	about      string // record.record (the application)
	at         time.Time
}

type rtCollector struct {
	mu         sync.Mutex
	deliveries []delivery
	count      atomic.Int64
	dropped    atomic.Int64 // connections that ended before the scenario did
}

func (c *rtCollector) add(d delivery) {
	c.mu.Lock()
	c.deliveries = append(c.deliveries, d)
	c.mu.Unlock()
	c.count.Add(1)
}

// sseEvent is one server-sent event.
type sseEvent struct{ name, data string }

// subscribe opens GET /api/realtime, reads PB_CONNECT, subscribes to the
// user's notifications with their token, and then reports every event
// until ctx ends. ready is called once the subscription is in place.
func subscribe(ctx context.Context, client *http.Client, base, user, token string, col *rtCollector, ready func(error)) {
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
	rd := bufio.NewReaderSize(res.Body, 4096)
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
	body, _ := json.Marshal(map[string]any{"clientId": hello.ClientID, "subscriptions": []string{"notifications/*"}})
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
		if !strings.HasPrefix(ev.name, "notifications/") {
			continue
		}
		at := time.Now()
		var msg struct {
			Record struct {
				ID     string `json:"id"`
				User   string `json:"user"`
				Record string `json:"record"`
			} `json:"record"`
		}
		_ = json.Unmarshal([]byte(ev.data), &msg)
		col.add(delivery{subscriber: user, owner: msg.Record.User, notif: msg.Record.ID, about: msg.Record.Record, at: at})
	}
}

func (b *bench) realtime(ctx context.Context) error {
	subs, targets := b.rtPick()
	if len(targets) == 0 {
		return fmt.Errorf("no submitted applications to reject")
	}
	rctx, cancel := context.WithCancel(ctx)
	b.rtCancel = cancel
	defer func() { cancel(); b.rtCancel = nil }()

	// A fresh server process, so that the RSS figure is what the
	// subscribers and the deliveries cost, not the SQLite page caches the
	// list scenarios left behind (the report keeps the run's VmHWM).
	b.stopServer()
	if err := b.start(ctx); err != nil {
		return err
	}
	b.resetRSS()
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	client := &http.Client{Transport: tr}
	col := &rtCollector{}
	var wg sync.WaitGroup
	var failed atomic.Int64
	var firstErr atomic.Value
	sem := make(chan struct{}, 64)
	step := time.Now()
	for _, u := range subs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			var once sync.Once
			subscribe(rctx, client, "http://"+b.addr, u, b.tokens[u], col, func(err error) {
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
		return fmt.Errorf("%d of %d subscriptions failed, first: %v", f, len(subs), firstErr.Load())
	}
	connectedRSS := b.srv.rss.peakMB()
	logf("bench: %d SSE subscribers connected and subscribed in %s (server RSS %.0f MB)", len(subs),
		time.Since(step).Round(time.Millisecond), connectedRSS)

	sentAt := make([]atomic.Int64, len(targets))
	index := map[string]int{}
	for i, t := range targets {
		index[t.id] = i
	}
	body := []byte(`{"status":"rejected","reason":"Seats are full for this term; apply again next semester."}`)
	st := load{name: "realtime writes", workers: b.cfg.rtWriters, count: len(targets),
		next: func(i uint64, t *vegeta.Target) error {
			a := targets[i]
			t.Method, t.URL = "PATCH", b.url("/api/collections/applications/records/"+a.id)
			t.Body = body
			t.Header = jsonHeader(b.tokens[b.w.coordinators[a.inst][0]])
			sentAt[i].Store(time.Now().UnixNano())
			return nil
		}}.run(ctx)
	writeEnd := time.Now()
	okWrites := st.requests - st.errors

	// Wait for every delivery (or until nothing arrives for 30 s), then a
	// little longer to catch duplicates.
	last, lastChange := col.count.Load(), time.Now()
	for col.count.Load() < int64(okWrites) && time.Since(lastChange) < 30*time.Second && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		if c := col.count.Load(); c != last {
			last, lastChange = c, time.Now()
		}
	}
	time.Sleep(time.Second)
	peak := b.srv.rss.peakMB()
	cancel()

	col.mu.Lock()
	ds := append([]delivery(nil), col.deliveries...)
	col.mu.Unlock()
	perNotif := map[string]int{}
	perTarget := make([]int, len(targets))
	var misdelivered, unexpected, dupes, missing int
	var lat []time.Duration
	for _, d := range ds {
		if d.owner != d.subscriber {
			misdelivered++
			continue
		}
		i, ok := index[d.about]
		if !ok {
			unexpected++
			continue
		}
		perNotif[d.notif]++
		perTarget[i]++
		if perNotif[d.notif] == 1 {
			lat = append(lat, d.at.Sub(time.Unix(0, sentAt[i].Load())))
		}
	}
	for _, c := range perNotif {
		if c > 1 {
			dupes += c - 1
		}
	}
	for _, c := range perTarget {
		if c == 0 {
			missing++
		}
	}
	missing -= st.errors // a failed write has no notification to miss
	if missing < 0 {
		missing = 0
	}
	p50, p99 := percentile(lat, 0.5), percentile(lat, 0.99)
	r := &row{scenario: fmt.Sprintf("realtime: %d SSE subscribers, %d notifications", len(subs), len(targets)),
		rps: st.rps, p50: p50, p99: p99, latency: true, peakMB: peak, requests: st.requests,
		errors:    st.errors + missing + dupes + misdelivered + unexpected,
		errorNote: st.errorSummary(),
		budget:    "each delivered exactly once, owner only; p99 delivery ≤ 1 s; RSS ≤ 300 MB"}
	r.met = r.errors == 0 && p99 <= time.Second && peak <= 300
	r.result = fmt.Sprintf("%d/%d delivered once, %d duplicates, %d to others; p99 %s; RSS %.0f MB",
		len(targets)-missing-st.errors, okWrites, dupes, misdelivered, ms(p99), peak)
	// The query PocketBase runs per subscriber and event: the List rule of
	// notifications applied to one record, as its owner.
	if len(ds) > 0 {
		if pl, err := openPlanner(b.dataDir); err == nil {
			c, _ := pl.app.FindCachedCollectionByNameOrId("notifications")
			if c != nil && c.ListRule != nil {
				if pq, err := pl.explainAccess("notifications", ds[0].notif, ds[0].owner, c.ListRule); err == nil {
					pq.label = "realtime access check (per subscriber and event)"
					b.report.plans = append(b.report.plans, planSection{scenario: r.scenario, request: "SSE notifications/*", queries: []plannedQuery{pq}})
					printPlans(r.scenario, []plannedQuery{pq})
					if len(pq.scans) > 0 {
						r.fail = "plan scans a large table: " + strings.Join(pq.scans, "; ")
					}
				}
			}
			pl.close()
		}
	}
	if missing+dupes+misdelivered+unexpected > 0 {
		r.fail = strings.TrimPrefix(r.fail+"; "+fmt.Sprintf("delivery: %d missing, %d duplicated, %d to another user, %d unexpected", missing, dupes, misdelivered, unexpected), "; ")
	}
	if n := col.dropped.Load(); n > 0 {
		r.note = fmt.Sprintf("%d connections closed by the server during the run", n)
	}
	r.note = strings.TrimPrefix(r.note+fmt.Sprintf("; fresh server process; RSS %.0f MB once all %d subscribed; writes (PATCH by coordinators) %.1f req/s, write p99 %s; last delivery %.1f s after the last write",
		connectedRSS, len(subs), st.rps, ms(st.p99), lastDelivery(ds, writeEnd).Sub(writeEnd).Seconds()), "; ")
	b.report.add(r)
	logf("bench: realtime: %s", r.result)
	return nil
}

func lastDelivery(ds []delivery, writeEnd time.Time) time.Time {
	t := writeEnd
	for _, d := range ds {
		if d.at.After(t) {
			t = d.at
		}
	}
	return t
}
