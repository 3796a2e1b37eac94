package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/internbase/internbase/internal/certificates"
)

// NewCertificatesCommand returns `internbase certificates` with its
// subcommands verify, revoke and rotate-key.
func NewCertificatesCommand(app core.App) *cobra.Command {
	root := &cobra.Command{Use: "certificates", Short: "Verify, revoke and sign certificates"}

	root.AddCommand(&cobra.Command{
		Use:          "verify NUMBER",
		Short:        "Check a certificate's status, signature and PDF hash",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			rec, err := findCertificate(app, args[0])
			if err != nil {
				return err
			}
			res := certificates.VerifyRecord(app, rec)
			out := c.OutOrStdout()
			fmt.Fprintf(out, "certificate %s\n", res.Number)
			fmt.Fprintf(out, "  status     %s\n", strings.ToUpper(res.Status))
			fmt.Fprintf(out, "  signature  %s (key %s)\n", okWord(res.SignatureOK), rec.GetString("key_id"))
			fmt.Fprintf(out, "  pdf hash   %s\n", okWord(res.PDFOK))
			if res.OK() {
				fmt.Fprintln(out, "VALID")
				return nil
			}
			return errors.New("not valid: " + strings.Join(res.Problems, "; "))
		},
	})

	var reason string
	revoke := &cobra.Command{
		Use:          "revoke NUMBER --reason \"…\"",
		Short:        "Revoke a valid certificate (final)",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return errors.New("give the reason with --reason")
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			rec, err := findCertificate(app, args[0])
			if err != nil {
				return err
			}
			rec.Set("status", certificates.StatusRevoked)
			rec.Set("revoke_reason", strings.TrimSpace(reason))
			if err := app.Save(rec); err != nil {
				return fmt.Errorf("revoke %s: %w", rec.GetString("number"), err)
			}
			fmt.Fprintf(c.OutOrStdout(), "certificate %s is REVOKED: %s\n", rec.GetString("number"), rec.GetString("revoke_reason"))
			return nil
		},
	}
	revoke.Flags().StringVar(&reason, "reason", "", "why the certificate is revoked (required)")
	root.AddCommand(revoke)

	var alg string
	rotate := &cobra.Command{
		Use:          "rotate-key",
		Short:        "Make a new signing key; old keys stay published for the certificates and credentials they signed",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			k, err := certificates.RotateKey(app, alg)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "new %s signing key %s is active\n", k.Alg, k.ID)
			return nil
		},
	}
	rotate.Flags().StringVar(&alg, "alg", certificates.AlgEdDSA, "the algorithm of the new key: EdDSA (certificates and EdDSA credentials) or RS256 (RS256 credentials)")
	root.AddCommand(rotate)
	return root
}

func findCertificate(app core.App, raw string) (*core.Record, error) {
	number, ok := certificates.CanonicalNumber(raw)
	if !ok {
		return nil, fmt.Errorf("%q is not a certificate number (IB-YYYY-XXXXXXXX)", raw)
	}
	rec, err := app.FindFirstRecordByData(certificates.Collection, "number", number)
	if err != nil {
		return nil, fmt.Errorf("certificate %s not found", number)
	}
	return rec, nil
}

func okWord(ok bool) string {
	if ok {
		return "ok"
	}
	return "FAILED"
}
