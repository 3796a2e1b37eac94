// Command internbase runs the Internbase server: PocketBase with Internbase's
// schema, workflow hooks, routes and commands.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/pocketbase/pocketbase/tools/osutils"

	"github.com/internbase/internbase/cmd"
	"github.com/internbase/internbase/hooks"
	_ "github.com/internbase/internbase/migrations"
)

func main() {
	app := pocketbase.New()

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		Dir:         "migrations",
		Automigrate: osutils.IsProbablyGoRun(),
	})

	hooks.Register(app)

	app.RootCmd.AddCommand(
		cmd.NewHealthCommand(),
		cmd.NewDemoCommand(app),
	)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
