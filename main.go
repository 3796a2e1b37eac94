// Command internbase runs the Internbase server: PocketBase with Internbase's
// schema, workflow hooks, routes and commands.
package main

import (
	"fmt"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/pocketbase/pocketbase/tools/osutils"
	"github.com/spf13/cobra"

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

	failed := false
	var track func(c *cobra.Command)
	track = func(c *cobra.Command) {
		if run := c.RunE; run != nil {
			c.RunE = func(c *cobra.Command, args []string) error {
				err := run(c, args)
				failed = failed || err != nil
				return err
			}
		}
		if check := c.Args; check != nil {
			c.Args = func(c *cobra.Command, args []string) error {
				err := check(c, args)
				failed = failed || err != nil
				return err
			}
		}
		for _, sub := range c.Commands() {
			track(sub)
		}
	}
	app.RootCmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		failed = true
		return err
	})
	for _, c := range []*cobra.Command{cmd.NewHealthCommand(), cmd.NewDemoCommand(app), cmd.NewCertificatesCommand(app), cmd.NewExportCommand(app)} {
		track(c)
		app.RootCmd.AddCommand(c)
	}

	// PocketBase's Execute ignores a command's error; our commands' failures
	// must still end the process non-zero (scripts and the container
	// HEALTHCHECK rely on it).
	if err := app.Start(); err != nil || failed {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}
