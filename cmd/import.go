package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/internbase/internbase/internal/users"
)

// NewImportCommand returns `internbase import` with its subcommand roster,
// the roster import of DESIGN.md §11 from the command line.
func NewImportCommand(app core.App) *cobra.Command {
	root := &cobra.Command{Use: "import", Short: "Import data"}

	var code, report string
	var dryRun bool
	roster := &cobra.Command{
		Use:   "roster --institution CODE FILE.csv [--dry-run] [--report REPORT.csv]",
		Short: "Import a college's students from a CSV roster",
		Long: "Creates or updates one enrolled student per row of FILE.csv (columns register_no, name, email,\n" +
			"program, semester, apaar_id, phone; header row required; UTF-8). Each row is all or nothing; the\n" +
			"same file twice changes nothing. The per-row report is written to --report (default FILE.report.csv):\n" +
			"the rows with a result and a message, ready to fix and import again. --dry-run writes no students.\n" +
			"Exits non-zero when any row has an error.",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			code = strings.ToUpper(strings.TrimSpace(code))
			if code == "" {
				return errors.New("give the institution's code with --institution (e.g. --institution MCP)")
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("read the roster: %w", err)
			}
			rows, err := users.ParseRoster(data)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			inst, err := app.FindFirstRecordByData("institutions", "code", code)
			if err != nil {
				return fmt.Errorf("no institution has the code %q; check the code (the admin UI lists them under institutions)", code)
			}
			stderr := c.ErrOrStderr()
			verb := "importing"
			if dryRun {
				verb = "checking (dry run)"
			}
			bar := progressbar.NewOptions(len(rows),
				progressbar.OptionSetWriter(stderr),
				progressbar.OptionSetDescription(verb+" "+filepath.Base(args[0])),
				progressbar.OptionShowCount(),
				progressbar.OptionSetItsString("rows"),
				progressbar.OptionShowIts(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }),
			)
			rep, err := users.ImportRoster(app, users.RosterImport{Institution: inst.Id, DryRun: dryRun,
				Progress: func(done, _ int) { _ = bar.Set(done) }}, rows)
			if err != nil {
				return err
			}
			_ = bar.Finish()

			if report == "" {
				report = strings.TrimSuffix(args[0], filepath.Ext(args[0])) + ".report.csv"
			}
			if err := writeFileAtomic(report, func(f *os.File) error { return users.WriteReportCSV(f, rows, rep) }); err != nil {
				return err
			}
			out := c.OutOrStdout()
			what := "imported into"
			if dryRun {
				what = "checked (dry run, nothing written) for"
			}
			fmt.Fprintf(out, "%d rows %s %s: %d created, %d updated, %d unchanged, %d errors\n",
				len(rows), what, code, rep.Created, rep.Updated, rep.Unchanged, rep.Errors)
			for _, r := range rep.Rows {
				if r.Result == users.RowError {
					fmt.Fprintf(out, "row %d (%s): %s\n", r.Row, r.RegisterNo, r.Message)
				}
			}
			fmt.Fprintf(out, "report: %s\n", report)
			if rep.Errors > 0 {
				return fmt.Errorf("%d rows have errors; fix them in %s and import it again", rep.Errors, report)
			}
			return nil
		},
	}
	roster.Flags().StringVar(&code, "institution", "", "the institution's code, e.g. MCP (required)")
	roster.Flags().BoolVar(&dryRun, "dry-run", false, "check the file and report without writing")
	roster.Flags().StringVar(&report, "report", "", "where to write the per-row report (default FILE.report.csv)")
	root.AddCommand(roster)
	return root
}

// writeFileAtomic writes name through a temporary file beside it, renamed
// into place only when write succeeded.
func writeFileAtomic(name string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), name)
}
