package hooks

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/digilocker"
)

// Env is a lookup of configuration variables (os.LookupEnv in production).
type Env func(key string) (string, bool)

// EnvFromOS reads the process environment.
func EnvFromOS() Env { return os.LookupEnv }

// ApplyEnv applies the environment overrides of DESIGN.md §8 (app URL, SMTP,
// S3, time zone) to the app's settings and saves them when they changed, so
// that a container needs no clicks in the admin UI. It runs at every start.
func ApplyEnv(app core.App, env Env) error {
	s := app.Settings()
	before, err := s.Clone()
	if err != nil {
		return fmt.Errorf("clone settings: %w", err)
	}

	str := func(key string, dst *string) {
		if v, ok := env(key); ok && v != "" {
			*dst = v
		}
	}
	boolean := func(key string, dst *bool) error {
		if v, ok := env(key); ok && v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s must be true or false, got %q", key, v)
			}
			*dst = b
		}
		return nil
	}

	if v, ok := env("IB_APP_URL"); ok && v != "" {
		s.Meta.AppURL = strings.TrimRight(v, "/")
	}
	str("IB_SENDER_ADDRESS", &s.Meta.SenderAddress)

	if v, ok := env("IB_SMTP_HOST"); ok && v != "" {
		s.SMTP.Enabled = true
		s.SMTP.Host = v
		if p, ok := env("IB_SMTP_PORT"); ok && p != "" {
			port, err := strconv.Atoi(p)
			if err != nil || port <= 0 || port > 65535 {
				return fmt.Errorf("IB_SMTP_PORT must be a port number, got %q", p)
			}
			s.SMTP.Port = port
		}
		str("IB_SMTP_USERNAME", &s.SMTP.Username)
		str("IB_SMTP_PASSWORD", &s.SMTP.Password)
		if err := boolean("IB_SMTP_TLS", &s.SMTP.TLS); err != nil {
			return err
		}
	}

	if v, ok := env("IB_S3_BUCKET"); ok && v != "" {
		s.S3.Enabled = true
		s.S3.Bucket = v
		str("IB_S3_ENDPOINT", &s.S3.Endpoint)
		str("IB_S3_REGION", &s.S3.Region)
		str("IB_S3_ACCESS_KEY", &s.S3.AccessKey)
		str("IB_S3_SECRET", &s.S3.Secret)
		if err := boolean("IB_S3_FORCE_PATH_STYLE", &s.S3.ForcePathStyle); err != nil {
			return err
		}
	}

	// Behind a reverse proxy every request comes from the proxy's address;
	// name the header that carries the client's (e.g. X-Forwarded-For) so
	// that rate limits and logs see real clients.
	if v, ok := env("IB_TRUSTED_PROXY_HEADERS"); ok && v != "" {
		var headers []string
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				headers = append(headers, h)
			}
		}
		s.TrustedProxy.Headers = headers
	}

	// The DigiLocker issuer (DESIGN.md §12): kept in the app, not in the
	// settings (the API key is a secret the admin UI need not show).
	var dl digilocker.Config
	str(digilocker.IssuerIDEnv, &dl.IssuerID)
	str(digilocker.DocTypeEnv, &dl.DocType)
	str(digilocker.APIKeyEnv, &dl.APIKey)
	if dl != (digilocker.Config{}) {
		if !dl.Enabled() {
			return fmt.Errorf("%s, %s and %s must be set together", digilocker.IssuerIDEnv, digilocker.DocTypeEnv, digilocker.APIKeyEnv)
		}
		digilocker.Configure(app, dl)
	}

	if v, ok := env("IB_TIMEZONE"); ok && v != "" {
		if _, err := time.LoadLocation(v); err != nil {
			return fmt.Errorf("IB_TIMEZONE %q is not a known time zone: %w", v, err)
		}
	}

	a, _ := before.MarshalJSON()
	b, _ := s.MarshalJSON()
	if string(a) == string(b) && before.SMTP.Password == s.SMTP.Password && before.S3.Secret == s.S3.Secret {
		return nil
	}
	return app.Save(s)
}
