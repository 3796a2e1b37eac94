package cmd

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewDemoCommand returns `internbase demo`, which loads the demo world.
func NewDemoCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:          "demo",
		Short:        "Load a small demo world (idempotent) and print its accounts",
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			return app.RunAllMigrations()
		},
	}
}
