package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/internbase/internbase/internal/reports"
)

// progressEvery is how often (in rows) `export credits` reports progress.
const progressEvery = 1000

// NewExportCommand returns `internbase export` with its subcommand credits,
// which writes an institution's credits report (the same report as GET
// /api/ib/reports/credits) to a file or stdout.
func NewExportCommand(app core.App) *cobra.Command {
	root := &cobra.Command{Use: "export", Short: "Export reports"}

	var code, format, out, from, to string
	credits := &cobra.Command{
		Use:   "credits --institution CODE [--format csv|json|nad] [--out FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]",
		Short: "Export an institution's credits report for the Academic Bank of Credits",
		Long: "Writes one row per completed placement of the institution (CSV with a header row, or JSON\n" +
			"{\"items\":[…],\"total\":n}, or nad: the CSV rows in the column layout of the National Academic\n" +
			"Depository's upload template, " + reports.NADTemplate + ") to --out or stdout. The format defaults\n" +
			"to json when --out ends in .json, else csv. --from and --to are inclusive bounds on the completion date.",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			code = strings.ToUpper(strings.TrimSpace(code))
			if code == "" {
				return errors.New("give the institution's code with --institution (e.g. --institution MCP)")
			}
			if format == "" {
				format = string(reports.FormatCSV)
				if strings.EqualFold(filepath.Ext(out), ".json") {
					format = string(reports.FormatJSON)
				}
			}
			// The institution id is filled in below; the code stands in for
			// it so that bad flags fail before the database is touched.
			opts, errs := reports.ParseCreditsOptions(code, format, from, to)
			if len(errs) > 0 {
				return errors.New(reports.ErrorsMessage(errs))
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			inst, err := app.FindFirstRecordByData("institutions", "code", code)
			if err != nil {
				return fmt.Errorf("no institution has the code %q; check the code (the admin UI lists them under institutions)", code)
			}
			opts.Institution = inst.Id

			stderr := c.ErrOrStderr()
			progress := func(n int) {
				if n%progressEvery == 0 {
					fmt.Fprintf(stderr, "exported %d rows…\n", n)
				}
			}
			n, dest, err := exportCredits(c, app, opts, out, progress)
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "exported %d rows to %s\n", n, dest)
			return nil
		},
	}
	credits.Flags().StringVar(&code, "institution", "", "the institution's code, e.g. MCP (required)")
	credits.Flags().StringVar(&format, "format", "", "csv, json or nad (default csv, or json when --out ends in .json)")
	credits.Flags().StringVar(&out, "out", "", "the file to write (default stdout)")
	credits.Flags().StringVar(&from, "from", "", "first completion day to include, YYYY-MM-DD")
	credits.Flags().StringVar(&to, "to", "", "last completion day to include, YYYY-MM-DD")
	root.AddCommand(credits)
	return root
}

// exportCredits writes the report to out (stdout when "" or "-"). A file is
// written beside its destination and renamed into place only when complete,
// so a failed export never leaves a partial report under the name.
func exportCredits(c *cobra.Command, app core.App, opts reports.CreditsOptions, out string, progress func(int)) (int, string, error) {
	if out == "" || out == "-" {
		n, err := reports.WriteCredits(c.Context(), app, c.OutOrStdout(), opts, progress)
		return n, "stdout", err
	}
	var n int
	err := writeFileAtomic(out, func(f *os.File) error {
		var err error
		n, err = reports.WriteCredits(c.Context(), app, f, opts, progress)
		return err
	})
	if err != nil {
		return n, out, fmt.Errorf("export credits: %w", err)
	}
	return n, out, nil
}
