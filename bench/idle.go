package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// idle holds idle realtime clients — connected, subscribed to nothing, as a
// portal page between events — open for the idle duration, on a fresh server
// process, and counts the connections the server cuts and the heartbeats
// they receive (DESIGN: realtime connections stay up; internal/livefeed).
// Budget: none cut, a heartbeat at least once a minute, ≤ 40 KB of server
// RSS a client. A cut connection is a correctness failure in every mode.
func (b *bench) idle(ctx context.Context) error {
	n, d := b.cfg.idleClients, b.cfg.idleDuration
	b.stopServer()
	if err := b.start(ctx); err != nil {
		return err
	}
	b.resetRSS()
	time.Sleep(200 * time.Millisecond)
	baseMB := b.srv.rss.peakMB()

	ictx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	client := &http.Client{Transport: tr}
	var cut, failed, connected atomic.Int64
	beats := make([]atomic.Int64, n)
	var up, done sync.WaitGroup
	for i := 0; i < n; i++ {
		up.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			var once sync.Once
			ready := func() { once.Do(up.Done) }
			defer ready()
			req, _ := http.NewRequestWithContext(ictx, "GET", "http://"+b.addr+"/api/realtime", nil)
			res, err := client.Do(req)
			if err != nil || res.StatusCode != 200 {
				failed.Add(1)
				return
			}
			defer res.Body.Close()
			connected.Add(1)
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				line := sc.Text()
				switch {
				case strings.HasPrefix(line, "event:PB_CONNECT"):
					ready()
				case strings.HasPrefix(line, "event:IB_HEARTBEAT"):
					beats[i].Add(1)
				}
			}
			if ictx.Err() == nil {
				cut.Add(1)
			}
		}()
	}
	up.Wait()
	if f := failed.Load(); f > 0 {
		return fmt.Errorf("%d of %d idle clients could not connect", f, n)
	}
	time.Sleep(500 * time.Millisecond)
	connectedMB := b.srv.rss.peakMB()
	logf("bench: %d idle realtime clients connected (server RSS %.0f MB); holding them for %s", n, connectedMB, d)
	select {
	case <-time.After(d):
	case <-ctx.Done():
		return ctx.Err()
	}
	cancel()
	done.Wait()

	minBeats, total := int64(-1), int64(0)
	for i := range beats {
		v := beats[i].Load()
		total += v
		if minBeats < 0 || v < minBeats {
			minBeats = v
		}
	}
	perClientKB := max(connectedMB-baseMB, 0) * 1024 / float64(n)
	wantBeats := int64(d / time.Minute)
	r := &row{scenario: fmt.Sprintf("realtime: %d idle clients for %s", n, d), requests: n,
		peakMB: b.srv.rss.peakMB(),
		budget: "none cut by the server; a heartbeat at least once a minute; ≤ 40 KB server RSS a client"}
	r.met = cut.Load() == 0 && minBeats >= wantBeats && perClientKB <= 40
	r.result = fmt.Sprintf("%d of %d cut; heartbeats %d in all, at least %d a client; %.1f KB a client",
		cut.Load(), n, total, minBeats, perClientKB)
	if c := cut.Load(); c > 0 {
		r.fail = fmt.Sprintf("%d of %d idle connections cut by the server within %s", c, n, d)
	}
	r.note = fmt.Sprintf("fresh server process; RSS %.0f MB before the clients, %.0f MB with them", baseMB, connectedMB)
	b.report.add(r)
	return nil
}
