// Command internbase runs the Internbase server: PocketBase with Internbase's
// schema, workflow hooks, routes and commands.
package main

import (
	"fmt"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/pocketbase/pocketbase/tools/osutils"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/hooks"
	_ "github.com/internbase/internbase/migrations"
)

func main() {
	// `health` only calls a running server: it must not open (or create) a
	// data dir, so it runs before the app exists.
	if len(os.Args) > 1 && os.Args[1] == "health" {
		c := cmd.NewHealthCommand()
		c.SetArgs(os.Args[2:])
		if err := c.Execute(); err != nil {
			os.Exit(1)
		}
		return
	}

	// PocketBase's default allows 120 read connections, each with its own
	// 32 MB SQLite page cache; on a two-core server a few dozen add nothing
	// but memory (BENCHMARKS.md: 2.2 GB resident under list load).
	app := pocketbase.NewWithConfig(pocketbase.Config{
		DefaultDev:       osutils.IsProbablyGoRun(),
		DataMaxOpenConns: 16,
		DataMaxIdleConns: 8,
	})

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		Dir:         "migrations",
		Automigrate: osutils.IsProbablyGoRun(),
	})

	hooks.Register(app)

	app.RootCmd.AddCommand(cmd.NewHealthCommand(), cmd.NewDemoCommand(app), cmd.NewCertificatesCommand(app), cmd.NewExportCommand(app), cmd.NewImportCommand(app))

	// Since v0.40 app.Start returns the command's error (a failed RunE, bad
	// arguments or flags, an unknown command, a recovered panic) after the
	// OnTerminate cleanup, and no longer prints it: print it here and exit
	// non-zero (scripts and the container HEALTHCHECK rely on it; main_test.go
	// proves it).
	if err := app.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
