// Command bench is Internbase's load harness (issue 6): it builds the real
// binary, migrates a temp data dir, bulk-loads a college-network-sized
// dataset straight into pb_data/data.db, serves it, and drives load over
// loopback with vegeta. Every measured request goes through the HTTP API.
//
//	go run ./bench                 # full size, writes BENCHMARKS.md
//	go run ./bench -smoke          # every scenario at a tiny size (make test)
//	go run ./bench -scenarios lists,verify -duration 10s
//
// It prints one table (scenario, requests/s, p50, p99, errors, server peak
// RSS, budget, met or missed) and, with -out, writes it between the
// generated markers of BENCHMARKS.md, keeping the hand-written sections.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"
)

// allScenarios is the run order; -scenarios picks a subset (order kept).
var allScenarios = []string{"baseline", "logbook", "lists", "charts", "certificates", "roster", "realtime", "fanout", "idle", "startup"}

// config is every knob of a run.
type config struct {
	smoke     bool
	out       string
	scenarios []string
	duration  time.Duration
	workers   int
	repo      string
	keep      bool
	dir       string
	cpuProf   string
	serverPro string
	strict    bool
	size      sizes

	rtSubscribers int
	rtDuration    time.Duration
	rtLogRate     int
	rtMoveRate    int
	fanoutUsers   int
	certIssues    int
	rosterRows    int
	logbookPool   int
	listPool      int
	idleClients   int
	idleDuration  time.Duration
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if cfg.cpuProf != "" {
		f, err := os.Create(cfg.cpuProf)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(2)
		}
		_ = pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, cfg)
	if cfg.cpuProf != "" {
		pprof.StopCPUProfile()
	}
	os.Exit(code)
}

func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	cfg := &config{}
	def := defaultSizes()
	fs.BoolVar(&cfg.smoke, "smoke", false, "every scenario at a tiny size, budgets reported but not enforced (make bench-smoke)")
	fs.StringVar(&cfg.out, "out", "", "markdown file to write the table into (default BENCHMARKS.md for full runs, none for -smoke)")
	scen := fs.String("scenarios", strings.Join(allScenarios, ","), "comma-separated scenarios: "+strings.Join(allScenarios, ","))
	fs.DurationVar(&cfg.duration, "duration", 0, "length of each timed load scenario (default 30s, 2s with -smoke)")
	fs.IntVar(&cfg.workers, "workers", 32, "concurrent clients of the load scenarios")
	fs.StringVar(&cfg.repo, "repo", ".", "repository root to build the binary from")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the temp data dir and binary")
	fs.StringVar(&cfg.dir, "dir", "", "work dir (default a new temp dir)")
	fs.StringVar(&cfg.cpuProf, "cpuprofile", "", "write a CPU profile of the bench process here")
	fs.StringVar(&cfg.serverPro, "server-cpuprofile", "", "serve a profiling build (bench/pbprof) and write the server's CPU profile here; inspect with go tool pprof")
	fs.BoolVar(&cfg.strict, "strict", false, "exit non-zero when a budget is missed (full runs)")

	fs.IntVar(&cfg.size.institutions, "institutions", def.institutions, "institutions (colleges)")
	fs.IntVar(&cfg.size.organizations, "organizations", def.organizations, "host organizations")
	fs.IntVar(&cfg.size.students, "students", def.students, "students")
	fs.IntVar(&cfg.size.internships, "internships", def.internships, "internships")
	fs.IntVar(&cfg.size.applications, "applications", def.applications, "applications")
	fs.IntVar(&cfg.size.placements, "placements", def.placements, "placements")
	fs.IntVar(&cfg.size.logbook, "logbook", def.logbook, "logbook entries")
	fs.IntVar(&cfg.size.certificates, "certificates", def.certificates, "certificates")
	fs.IntVar(&cfg.size.coordinators, "coordinators-per-institution", def.coordinators, "coordinators per institution")
	fs.IntVar(&cfg.size.mentors, "mentors-per-institution", def.mentors, "mentors per institution")
	fs.IntVar(&cfg.size.supervisors, "supervisors-per-organization", def.supervisors, "supervisors per organization")

	fs.IntVar(&cfg.rtSubscribers, "rt-clients", 19000, "realtime: concurrent SSE clients, subscribed the way the portal subscribes")
	fs.DurationVar(&cfg.rtDuration, "rt-duration", time.Minute, "realtime: length of each write phase (without and with the clients)")
	fs.IntVar(&cfg.rtLogRate, "rt-logbook-rate", 100, "realtime: logbook entries written per second")
	fs.IntVar(&cfg.rtMoveRate, "rt-move-rate", 20, "realtime: application moves per second")
	fs.IntVar(&cfg.fanoutUsers, "fanout-users", 10000, "fanout: subscribed users who each get one notification event")
	fs.IntVar(&cfg.certIssues, "cert-issues", 1000, "certificates issued through the API")
	fs.IntVar(&cfg.rosterRows, "roster-rows", 10000, "roster: students in the CSV a coordinator imports")
	fs.IntVar(&cfg.logbookPool, "logbook-students", 20000, "logbook: distinct students (ongoing placements) to write as")
	fs.IntVar(&cfg.listPool, "list-users", 500, "lists: distinct callers per list scenario")
	fs.IntVar(&cfg.idleClients, "idle-clients", 19000, "idle: realtime clients held open without subscriptions")
	fs.DurationVar(&cfg.idleDuration, "idle-duration", 10*time.Minute, "idle: how long the idle clients are held")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if cfg.smoke {
		small := smokeSizes()
		keepIfSet := func(name string, dst *int, v int) {
			if !set[name] {
				*dst = v
			}
		}
		keepIfSet("institutions", &cfg.size.institutions, small.institutions)
		keepIfSet("organizations", &cfg.size.organizations, small.organizations)
		keepIfSet("students", &cfg.size.students, small.students)
		keepIfSet("internships", &cfg.size.internships, small.internships)
		keepIfSet("applications", &cfg.size.applications, small.applications)
		keepIfSet("placements", &cfg.size.placements, small.placements)
		keepIfSet("logbook", &cfg.size.logbook, small.logbook)
		keepIfSet("certificates", &cfg.size.certificates, small.certificates)
		keepIfSet("coordinators-per-institution", &cfg.size.coordinators, small.coordinators)
		keepIfSet("mentors-per-institution", &cfg.size.mentors, small.mentors)
		keepIfSet("supervisors-per-organization", &cfg.size.supervisors, small.supervisors)
		keepIfSet("rt-clients", &cfg.rtSubscribers, 80)
		keepIfSet("fanout-users", &cfg.fanoutUsers, 100)
		keepIfSet("rt-logbook-rate", &cfg.rtLogRate, 20)
		keepIfSet("rt-move-rate", &cfg.rtMoveRate, 5)
		if !set["rt-duration"] {
			cfg.rtDuration = 2 * time.Second
		}
		keepIfSet("idle-clients", &cfg.idleClients, 20)
		if !set["idle-duration"] {
			cfg.idleDuration = 3 * time.Second
		}
		keepIfSet("cert-issues", &cfg.certIssues, 20)
		keepIfSet("roster-rows", &cfg.rosterRows, 200)
		keepIfSet("logbook-students", &cfg.logbookPool, 60)
		keepIfSet("list-users", &cfg.listPool, 10)
		keepIfSet("workers", &cfg.workers, 8)
		if cfg.duration == 0 {
			cfg.duration = 2 * time.Second
		}
	} else {
		if cfg.duration == 0 {
			cfg.duration = 30 * time.Second
		}
		if !set["out"] {
			cfg.out = "BENCHMARKS.md"
		}
	}
	for _, s := range strings.Split(*scen, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !slices.Contains(allScenarios, s) {
			return nil, fmt.Errorf("unknown scenario %q (have %s)", s, strings.Join(allScenarios, ","))
		}
		cfg.scenarios = append(cfg.scenarios, s)
	}
	if err := cfg.size.validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func (c *config) wants(s string) bool { return slices.Contains(c.scenarios, s) }

// run executes the whole bench and returns the process exit code.
func run(ctx context.Context, cfg *config) int {
	began := time.Now()
	logf("bench: %s mode, scenarios %s, %d clients, %s per timed scenario",
		map[bool]string{true: "smoke", false: "full"}[cfg.smoke], strings.Join(cfg.scenarios, ","), cfg.workers, cfg.duration)

	work := cfg.dir
	if work == "" {
		d, err := os.MkdirTemp("", "ib-bench-")
		if err != nil {
			logf("bench: %v", err)
			return 1
		}
		work = d
	}
	if !cfg.keep && cfg.dir == "" {
		defer os.RemoveAll(work)
	}

	b := &bench{cfg: cfg, work: work, dataDir: filepath.Join(work, "pb_data")}
	report, err := b.run(ctx)
	if b.srv != nil {
		b.srv.stop()
	}
	if b.rtCancel != nil {
		b.rtCancel()
	}
	if report == nil {
		logf("bench: %v", err)
		return 1
	}
	report.total = time.Since(began)
	report.print(os.Stdout)
	if cfg.out != "" {
		if werr := report.writeMarkdown(cfg.out); werr != nil {
			logf("bench: write %s: %v", cfg.out, werr)
			return 1
		}
		logf("bench: wrote %s", cfg.out)
	}
	if err != nil {
		logf("bench: %v", err)
		return 1
	}
	if failed := report.correctnessFailures(cfg.smoke); len(failed) > 0 {
		logf("bench: FAILED: %s", strings.Join(failed, "; "))
		return 1
	}
	if cfg.strict && !cfg.smoke {
		if missed := report.missed(); len(missed) > 0 {
			logf("bench: budgets missed: %s", strings.Join(missed, ", "))
			return 1
		}
	}
	logf("bench: done in %s", time.Since(began).Round(time.Second))
	return 0
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
