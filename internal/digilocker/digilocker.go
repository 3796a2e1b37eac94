// Package digilocker makes Internbase a DigiLocker issuer of its
// certificates, per the DigiLocker Issuer API Specification v1.12: the Pull
// URI Request API (POST /api/ib/digilocker/pulluri) finds a student's valid
// certificate by register number and institution code, with the name on it
// matched against the name DigiLocker sends, and the Pull Doc Request API
// (POST /api/ib/digilocker/pulldoc) answers a document by its URI. Both
// authenticate DigiLocker by the x-digilocker-hmac header and answer the
// specification's XML. Without configuration the routes answer 404.
//
// The answers' mandatory DataContent is the certificate's facts as XML in a
// layout of Internbase's, described by the XML Schema
// schema/datacontent.xsd; the routes' requests and answers are described in
// the OpenAPI document (internal/apidocs).
package digilocker

import "github.com/pocketbase/pocketbase/core"

// Environment variables of the issuer configuration (hooks.ApplyEnv).
const (
	IssuerIDEnv = "IB_DIGILOCKER_ISSUER_ID"
	DocTypeEnv  = "IB_DIGILOCKER_DOCTYPE"
	APIKeyEnv   = "IB_DIGILOCKER_API_KEY"
)

// Route paths of the Pull URI Request API and the Pull Doc Request API.
const (
	PullURIPath = "/api/ib/digilocker/pulluri"
	PullDocPath = "/api/ib/digilocker/pulldoc"
)

// Config is the issuer's registration in the DigiLocker Partner Portal: its
// issuer id (e.g. in.gov.kerala.university), the document type of the
// certificates (e.g. ITCER) and the API key DigiLocker signs requests with.
type Config struct {
	IssuerID string
	DocType  string
	APIKey   string
}

// Enabled reports whether all three values are set.
func (c Config) Enabled() bool { return c.IssuerID != "" && c.DocType != "" && c.APIKey != "" }

const storeKey = "ib.digilocker.config"

// Configure sets the issuer configuration of app (an incomplete one turns
// the routes off).
func Configure(app core.App, c Config) { app.Store().Set(storeKey, c) }

// ConfigOf returns the issuer configuration of app.
func ConfigOf(app core.App) Config {
	c, _ := app.Store().Get(storeKey).(Config)
	return c
}

// Register binds the DigiLocker routes to app.
func Register(app core.App) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.POST(PullURIPath, pullURI)
		e.Router.POST(PullDocPath, pullDoc)
		return e.Next()
	})
}
