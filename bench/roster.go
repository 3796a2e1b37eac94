package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// rosterReport is the part of the roster route's answer the bench checks.
type rosterReport struct {
	Created, Updated, Unchanged, Errors int
}

// rosterImport: a coordinator imports a CSV of new students into their college
// (DESIGN.md §11) through the API, then imports the same file again, which
// must change nothing. Budget: 10,000 rows in under 30 s.
func (b *bench) rosterImport(ctx context.Context) error {
	n := b.cfg.rosterRows
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"register_no", "name", "email", "program", "semester", "apaar_id", "phone"})
	for i := range n {
		_ = w.Write([]string{fmt.Sprintf("RB-%06d", i), fmt.Sprintf("Roster Student %d", i), fmt.Sprintf("roster%06d@bench.test", i),
			"BSc Computer Science", strconv.Itoa(1 + i%8), fmt.Sprintf("%012d", 500000000000+i), "+91 94470 " + fmt.Sprintf("%05d", i%100000)})
	}
	w.Flush()
	token := b.tokens[b.w.coordinators[0][0]]
	path := "/api/ib/institutions/" + b.w.institutions[0] + "/roster"

	post := func() (rosterReport, time.Duration, error) {
		var rep rosterReport
		req, err := http.NewRequestWithContext(ctx, "POST", b.url(path), bytes.NewReader(buf.Bytes()))
		if err != nil {
			return rep, 0, err
		}
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", token)
		began := time.Now()
		res, err := b.api.client.Do(req)
		if err != nil {
			return rep, 0, err
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		took := time.Since(began)
		if res.StatusCode != 200 {
			return rep, took, fmt.Errorf("roster import: %d %.300s", res.StatusCode, body)
		}
		return rep, took, json.Unmarshal(body, &rep)
	}

	b.resetRSS()
	first, took, err := post()
	if err != nil {
		return err
	}
	r := &row{scenario: fmt.Sprintf("roster: import %d new students (CSV, one coordinator)", n), requests: 1,
		peakMB: b.peakAndReset(), budget: fmt.Sprintf("%d rows in ≤ 30 s", n)}
	r.met = took <= 30*time.Second
	r.result = fmt.Sprintf("%d rows in %.1f s (%.0f rows/s)", n, took.Seconds(), float64(n)/took.Seconds())
	if first.Created != n || first.Errors != 0 {
		r.fail = fmt.Sprintf("first import: %+v, want %d created", first, n)
	}
	b.report.add(r)

	again, took, err := post()
	if err != nil {
		return err
	}
	r = &row{scenario: fmt.Sprintf("roster: the same %d rows again (nothing changes)", n), requests: 1,
		peakMB: b.peakAndReset(), budget: fmt.Sprintf("%d rows in ≤ 30 s, all unchanged", n)}
	r.met = took <= 30*time.Second
	r.result = fmt.Sprintf("%d rows in %.1f s", n, took.Seconds())
	if again.Unchanged != n || again.Created+again.Updated+again.Errors != 0 {
		r.fail = fmt.Sprintf("second import: %+v, want %d unchanged", again, n)
	}
	b.report.add(r)
	return nil
}
