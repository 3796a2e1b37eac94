// Command pbprof is the Internbase server built for profiling by the bench
// (go run ./bench -server-cpuprofile FILE): the same app as the repository's
// main package (migrations, hooks, PocketBase's serve and migrate commands),
// plus a CPU profile written to $IB_BENCH_CPUPROFILE from start to
// shutdown, and a heap profile on SIGUSR1 to $IB_BENCH_HEAPPROFILE. It exists only for the bench; the product binary has no
// profiling endpoint.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/internbase/internbase/hooks"
	_ "github.com/internbase/internbase/migrations"
)

func main() {
	app := pocketbase.New()
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Dir: "migrations"})
	hooks.Register(app)

	if path := os.Getenv("IB_BENCH_CPUPROFILE"); path != "" && len(os.Args) > 1 && os.Args[1] == "serve" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
			pprof.StopCPUProfile()
			f.Close()
			return e.Next()
		})
	}
	// SIGUSR1 writes a heap profile to $IB_BENCH_HEAPPROFILE (e.g. while
	// the idle scenario holds its clients: kill -USR1 PID).
	if path := os.Getenv("IB_BENCH_HEAPPROFILE"); path != "" {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGUSR1)
		go func() {
			for range sig {
				if f, err := os.Create(path); err == nil {
					runtime.GC()
					_ = pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
		}()
	}
	if err := app.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
