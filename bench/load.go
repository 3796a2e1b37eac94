package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// load is one closed-loop vegeta attack: workers clients each sending
// their next request as soon as the previous answer arrived, for duration
// or until count requests were sent (whichever comes first; 0 = no limit).
type load struct {
	name     string
	workers  int
	duration time.Duration
	count    int
	// next fills the i-th request.
	next func(i uint64, t *vegeta.Target) error
	// check looks at a 2xx answer (nil = any 2xx is fine).
	check func(res *vegeta.Result) error
	// onResult sees every result (optional, single goroutine).
	onResult func(res *vegeta.Result)
	// rate, when set, makes the attack open-loop: requests are sent at
	// this rate for duration whatever the answers' latency (up to
	// maxWorkers in flight).
	rate       vegeta.Rate
	maxWorkers int
}

// stats are the figures of one attack.
type stats struct {
	requests int
	errors   int
	elapsed  time.Duration
	rps      float64
	p50, p99 time.Duration
	samples  map[string]int // error message → count (a few kinds)
}

func (s stats) errorSummary() string {
	if len(s.samples) == 0 {
		return ""
	}
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range s.samples {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v })
	var parts []string
	for i, e := range all {
		if i == 3 {
			break
		}
		parts = append(parts, fmt.Sprintf("%d× %s", e.v, e.k))
	}
	return strings.Join(parts, "; ")
}

// countPacer sends as fast as the workers allow and stops after n hits.
type countPacer struct{ n uint64 }

func (p countPacer) Pace(_ time.Duration, hits uint64) (time.Duration, bool) {
	if p.n > 0 && hits >= p.n {
		return 0, true
	}
	return 0, false
}

func (p countPacer) Rate(time.Duration) float64 { return 0 }

var attackClient = func(workers int) *http.Client {
	tr := &http.Transport{
		MaxIdleConns:        workers * 2,
		MaxIdleConnsPerHost: workers * 2,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}
}

func (l load) run(ctx context.Context) stats {
	w := uint64(l.workers)
	maxW := w
	var pacer vegeta.Pacer = countPacer{n: uint64(l.count)}
	if l.rate.Freq > 0 {
		maxW = uint64(max(l.maxWorkers, l.workers))
		pacer = l.rate
	}
	atk := vegeta.NewAttacker(vegeta.Workers(w), vegeta.MaxWorkers(maxW), vegeta.Client(attackClient(l.workers)),
		vegeta.KeepAlive(true), vegeta.MaxBody(-1))
	var seq atomic.Uint64
	tr := func(t *vegeta.Target) error {
		return l.next(seq.Add(1)-1, t)
	}
	dur := l.duration
	if l.count > 0 && dur == 0 {
		dur = 0 // until count
	}
	results := atk.Attack(tr, pacer, dur, l.name)
	stopOnCancel := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			atk.Stop()
		case <-stopOnCancel:
		}
	}()
	defer close(stopOnCancel)

	var lat []time.Duration
	st := stats{samples: map[string]int{}}
	var first, last time.Time
	for res := range results {
		if l.onResult != nil {
			l.onResult(res)
		}
		st.requests++
		lat = append(lat, res.Latency)
		if first.IsZero() || res.Timestamp.Before(first) {
			first = res.Timestamp
		}
		if e := res.End(); e.After(last) {
			last = e
		}
		msg := res.Error
		if msg == "" && l.check != nil {
			if err := l.check(res); err != nil {
				msg = err.Error()
			}
		}
		if msg != "" {
			st.errors++
			if res.Code >= 400 {
				msg = fmt.Sprintf("%d %s", res.Code, trim(string(res.Body), 160))
			}
			if len(st.samples) < 20 || st.samples[msg] > 0 {
				st.samples[msg]++
			}
		}
	}
	st.elapsed = last.Sub(first)
	if st.elapsed > 0 {
		st.rps = float64(st.requests) / st.elapsed.Seconds()
	}
	st.p50, st.p99 = percentile(lat, 0.50), percentile(lat, 0.99)
	return st
}

// percentile is the nearest-rank percentile of ds (sorted in place).
func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	if !slices.IsSorted(ds) {
		slices.Sort(ds)
	}
	i := int(q*float64(len(ds))+0.999999) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(ds) {
		i = len(ds) - 1
	}
	return ds[i]
}

func trim(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func jsonHeader(token string) http.Header {
	h := http.Header{"Content-Type": []string{"application/json"}}
	if token != "" {
		h.Set("Authorization", token)
	}
	return h
}

func authHeader(token string) http.Header {
	return http.Header{"Authorization": []string{token}}
}
