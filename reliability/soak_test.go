package reliability

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestSoak runs mixed workflow traffic from many clients for IB_SOAK (a
// duration, e.g. 10m; unset = skipped, so it is not part of make test), with
// client aborts induced on purpose and one server restart in the middle. It
// reports errors by cause and fails on any error that was not induced, any
// acknowledged write that is missing at the end, or memory growth beyond the
// bound: after the restart, the server's resident memory may not grow by more
// than 64 MB between the first and the last quarter of the remaining run, and
// never exceed 400 MB.
func TestSoak(t *testing.T) {
	t.Parallel()
	total, err := time.ParseDuration(os.Getenv("IB_SOAK"))
	if err != nil || total <= 0 {
		t.Skip("set IB_SOAK=10m (make soak) to run the soak test")
	}
	dir := t.TempDir()
	s := newServer(t, dir)
	s.start()
	w := setup(t, s)
	l := &ledger{entries: map[string]float64{}, reviews: map[string]string{}, appState: map[string]string{}}

	var mu sync.Mutex
	causes := map[string]int{}
	count := func(cause string) { mu.Lock(); causes[cause]++; mu.Unlock() }
	var restarting sync.RWMutex // held for writing while the server restarts
	var requests, aborts int64
	var countersMu sync.Mutex

	// do sends one request; about one in twenty is aborted by the client on
	// purpose after a random short delay.
	do := func(a *api, method, path string, body any) reply {
		restarting.RLock()
		defer restarting.RUnlock()
		countersMu.Lock()
		requests++
		abort := rand.IntN(20) == 0
		if abort {
			aborts++
		}
		countersMu.Unlock()
		if !abort {
			r := a.do(method, path, body)
			switch {
			case r.Err != nil:
				count("transport error: " + r.Err.Error())
			case r.Status >= 500:
				count(fmt.Sprintf("%d %s %s", r.Status, method, route(path)))
			case r.Status == 429:
				count("429 rate limited")
			}
			return r
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rand.IntN(3000))*time.Microsecond)
		defer cancel()
		r := a.doCtx(ctx, method, path, body)
		if r.Err != nil && errors.Is(r.Err, context.DeadlineExceeded) {
			count("induced: client abort")
			return reply{Err: r.Err}
		}
		if r.Status >= 500 {
			count(fmt.Sprintf("%d %s %s (aborted client)", r.Status, method, route(path)))
		}
		return r
	}

	var rss []sample
	stopSampling := make(chan struct{})
	go func() {
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-tick.C:
				restarting.RLock()
				if v := residentKB(s.cmd.Process.Pid); v > 0 {
					mu.Lock()
					rss = append(rss, sample{time.Now(), v})
					mu.Unlock()
				}
				restarting.RUnlock()
			}
		}
	}()

	deadline := time.Now().Add(total)
	restartAt := time.Now().Add(total / 2)
	var restartedAt time.Time
	var wg sync.WaitGroup
	running := func() bool { return time.Now().Before(deadline) }

	for i := range w.placed {
		wg.Add(1)
		go func(p *placedStudent) {
			defer wg.Done()
			for running() {
				if p.next > 0 {
					p.next = -100 + rand.IntN(5) // start over on a fresh range of days; duplicates are expected 400s
				}
				hours := float64(1 + rand.IntN(8))
				r := do(p.api, "POST", "/api/collections/logbook_entries/records", map[string]any{
					"placement": p.placement, "date": day(p.next), "hours": hours, "activity": "Soak-test work, entry of the day."})
				p.next++
				if r.ok() {
					l.mu.Lock()
					l.entries[r.id()] = hours
					l.mu.Unlock()
				}
				time.Sleep(time.Duration(rand.IntN(50)) * time.Millisecond)
			}
		}(&w.placed[i])
	}
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for running() {
				r := do(w.sup, "GET", "/api/collections/logbook_entries/records?perPage=20&filter="+q(`status="pending"`), nil)
				items, _ := r.Body["items"].([]any)
				for _, it := range items {
					id := it.(map[string]any)["id"].(string)
					if rr := do(w.sup, "PATCH", "/api/collections/logbook_entries/records/"+id, map[string]any{"status": "approved"}); rr.ok() {
						l.set(l.reviews, id, "approved")
					}
				}
				time.Sleep(time.Duration(20+rand.IntN(50)) * time.Millisecond)
			}
		}()
	}
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for running() {
				st := w.applicants[rand.IntN(len(w.applicants))]
				switch rand.IntN(4) {
				case 0: // read-heavy clients
					do(st, "GET", "/api/collections/internships/records?filter="+q(`status="open"`), nil)
					do(st, "GET", "/api/collections/applications/records", nil)
					do(st, "GET", "/api/ib/stats", nil)
					continue
				}
				r := do(st, "POST", "/api/collections/applications/records", map[string]any{"internship": w.internships[rand.IntN(len(w.internships))]})
				if !r.ok() {
					continue
				}
				id := r.id()
				l.set(l.appState, id, "submitted")
				path := "/api/collections/applications/records/" + id
				rr := do(w.coord, "PATCH", path, map[string]any{"status": "rejected", "reason": "Soak test: not this time."})
				if rr.ok() {
					l.set(l.appState, id, "rejected")
				}
				time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
			}
		}()
	}

	// One restart in the middle (graceful: SIGTERM, then start again).
	time.Sleep(time.Until(restartAt))
	restarting.Lock()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	_ = s.cmd.Wait()
	s.start()
	restartedAt = time.Now()
	restarting.Unlock()
	count("induced: one server restart")

	wg.Wait()
	close(stopSampling)
	checkLedger(t, dir, l, 0)
	s.kill()

	// Report.
	mu.Lock()
	defer mu.Unlock()
	keys := make([]string, 0, len(causes))
	for k := range causes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var report strings.Builder
	fmt.Fprintf(&report, "soak %v: %d requests (%d aborted on purpose), %d entries, %d approvals, %d applications acknowledged\n",
		total, requests, aborts, len(l.entries), len(l.reviews), len(l.appState))
	for _, k := range keys {
		fmt.Fprintf(&report, "  %-60s %d\n", k, causes[k])
		if !strings.HasPrefix(k, "induced:") {
			t.Errorf("error not induced: %s × %d", k, causes[k])
		}
	}
	var after []sample
	for _, smp := range rss {
		if smp.at.After(restartedAt) {
			after = append(after, smp)
		}
	}
	peak := 0
	for _, smp := range rss {
		peak = max(peak, smp.kb)
	}
	fmt.Fprintf(&report, "  server RSS: peak %d MB", peak/1024)
	if n := len(after); n >= 8 {
		first, last := avg(after[:n/4]), avg(after[n-n/4:])
		fmt.Fprintf(&report, "; after restart %d MB → %d MB", first/1024, last/1024)
		if last-first > 64*1024 {
			t.Errorf("memory grew by %d MB after the restart (bound 64 MB)", (last-first)/1024)
		}
	}
	if peak > 400*1024 {
		t.Errorf("peak RSS %d MB (bound 400 MB)", peak/1024)
	}
	t.Log("\n" + report.String())
}

type sample struct {
	at time.Time
	kb int
}

func avg(s []sample) int {
	sum := 0
	for _, v := range s {
		sum += v.kb
	}
	return sum / max(1, len(s))
}

// residentKB reads VmRSS of a process (Linux).
func residentKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return 0
}

// route names a path by its shape, for error reports.
func route(path string) string {
	p := strings.SplitN(path, "?", 2)[0]
	parts := strings.Split(p, "/")
	if len(parts) > 5 {
		parts[5] = "{id}"
	}
	return strings.Join(parts, "/")
}
