// Package cmd holds Internbase's cobra commands beside PocketBase's own.
package cmd

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// NewHealthCommand returns `internbase health`, which asks a running server's
// /api/health and exits non-zero unless it answers 200 (the container
// HEALTHCHECK).
func NewHealthCommand() *cobra.Command {
	var url string
	c := &cobra.Command{
		Use:          "health",
		Short:        "Check that a running Internbase server answers /api/health",
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(c.Context(), 5*time.Second)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/api/health", nil)
			if err != nil {
				return fmt.Errorf("bad --url: %w", err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return fmt.Errorf("server not reachable: %w", err)
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("server unhealthy: %s", res.Status)
			}
			fmt.Fprintln(c.OutOrStdout(), "ok")
			return nil
		},
	}
	c.Flags().StringVar(&url, "url", "http://127.0.0.1:8090", "base URL of the server")
	return c
}
