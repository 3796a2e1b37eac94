package certificates

import (
	"html/template"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/access"
	"github.com/internbase/internbase/internal/apierror"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/i18n"
	"github.com/internbase/internbase/internal/institutions"
	"github.com/internbase/internbase/internal/typeset"
)

func bindRoutes(e *core.ServeEvent) {
	// The public verify routes are the hottest reads; their successes are
	// not written to the request log (failures still are).
	e.Router.GET("/api/ib/verify/{number}", verifyJSON).Bind(apis.SkipSuccessActivityLog())
	e.Router.GET("/verify/{number}", verifyHTML).Bind(apis.SkipSuccessActivityLog())
	e.Router.GET("/.well-known/jwks.json", func(re *core.RequestEvent) error {
		set, err := JWKS(re.App)
		if err != nil {
			return err
		}
		re.Response.Header().Set("Cache-Control", "public, max-age=300")
		return re.JSON(http.StatusOK, set)
	})
	e.Router.GET("/api/ib/credentials/{number}", credential)
	e.Router.GET("/api/ib/issuers/{institution}", issuer)
	e.Router.GET("/api/ib/status/{list}", statusList)
	e.Router.GET("/api/ib/fonts/{file}", fontFile).Bind(apis.Gzip())
	e.Router.POST("/api/ib/certificates/{id}/reissue", reissue).Bind(apis.RequireAuth())
}

// findByNumber looks a certificate up by its printed number (any case, with
// Crockford's look-alike letters read as digits).
func findByNumber(app core.App, raw string) (*core.Record, error) {
	number, ok := CanonicalNumber(raw)
	if !ok {
		return nil, apis.NewNotFoundError("Certificate not found.", nil)
	}
	c, err := app.FindFirstRecordByData(Collection, "number", number)
	if err != nil {
		return nil, apis.NewNotFoundError("Certificate not found.", nil)
	}
	return c, nil
}

// Verification is the public view of a certificate (GET /api/ib/verify).
type Verification struct {
	Number            string  `json:"number"`
	Status            string  `json:"status"`
	StudentNameMasked string  `json:"student_name_masked"`
	RegisterNoMasked  string  `json:"register_no_masked"`
	InstitutionName   string  `json:"institution_name"`
	OrganizationName  string  `json:"organization_name"`
	Title             string  `json:"title"`
	StartsOn          string  `json:"starts_on"`
	EndsOn            string  `json:"ends_on"`
	Hours             float64 `json:"hours"`
	Credits           float64 `json:"credits"`
	Marks             float64 `json:"marks"`
	MaxMarks          float64 `json:"max_marks"`
	Grade             string  `json:"grade"`
	IssuedAt          string  `json:"issued_at"`
	RevokedAt         string  `json:"revoked_at"`
	RevokeReason      string  `json:"revoke_reason"`
	SupersededBy      string  `json:"superseded_by"`
	SHA256            string  `json:"sha256"`
	Signature         string  `json:"signature"`
	KeyID             string  `json:"key_id"`
}

// VerificationOf builds the public view of a certificate.
func VerificationOf(app core.App, c *core.Record) Verification {
	v := Verification{
		Number:            c.GetString("number"),
		Status:            c.GetString("status"),
		StudentNameMasked: MaskName(c.GetString("student_name")),
		RegisterNoMasked:  MaskCode(c.GetString("register_no")),
		InstitutionName:   c.GetString("institution_name"),
		OrganizationName:  c.GetString("organization_name"),
		Title:             c.GetString("title"),
		StartsOn:          c.GetString("starts_on"),
		EndsOn:            c.GetString("ends_on"),
		Hours:             c.GetFloat("hours"),
		Credits:           c.GetFloat("credits"),
		Marks:             c.GetFloat("marks"),
		MaxMarks:          c.GetFloat("max_marks"),
		Grade:             c.GetString("grade"),
		IssuedAt:          c.GetDateTime("issued_at").Time().UTC().Format(time.RFC3339),
		RevokeReason:      c.GetString("revoke_reason"),
		SHA256:            c.GetString("sha256"),
		Signature:         c.GetString("signature"),
		KeyID:             c.GetString("key_id"),
	}
	if t := c.GetDateTime("revoked_at"); !t.IsZero() {
		v.RevokedAt = t.Time().UTC().Format(time.RFC3339)
	}
	if next, err := app.FindFirstRecordByData(Collection, "replaces", c.Id); err == nil {
		v.SupersededBy = next.GetString("number")
	}
	return v
}

// VerifyCache is how verification answers may be cached (a CDN in front
// of the public verify routes): a minute, so that a revocation or
// supersession shows everywhere within a minute. A miss is never cached:
// a certificate issued a moment ago verifies at once.
const VerifyCache = "public, max-age=60"

func verifyJSON(e *core.RequestEvent) error {
	c, err := findByNumber(e.App, e.Request.PathValue("number"))
	if err != nil {
		e.Response.Header().Set("Cache-Control", "no-store")
		return err
	}
	e.Response.Header().Set("Cache-Control", VerifyCache)
	return e.JSON(http.StatusOK, VerificationOf(e.App, c))
}

// MaskName keeps the first letter of each word of a name: "Anjali
// Krishnan" → "A***** K*******". The result never equals the name.
func MaskName(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		r := []rune(w)
		words[i] = string(r[0]) + strings.Repeat("*", len(r)-1)
		if len(r) == 1 {
			words[i] = "*"
		}
	}
	return strings.Join(words, " ")
}

// maskRun is what stands for the hidden part of a register number: always
// the same number of mask characters, so the length does not show.
const maskRun = "••••••"

// MaskCode shows only the last two characters of a register number behind a
// fixed run of mask characters ("MCP23CS00142" → "••••••42"): neither its
// length nor its prefix shows. A number of fewer than six characters shows
// none of them ("••••••••"); an empty one stays empty.
func MaskCode(code string) string {
	r := []rune(strings.TrimSpace(code))
	switch {
	case len(r) == 0:
		return ""
	case len(r) < 6:
		return maskRun + "••"
	}
	return maskRun + string(r[len(r)-2:])
}

var page = template.Must(template.New("verify").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Found}}{{.V.Number}} — {{.Banner}}{{else}}Certificate not found{{end}} · Internbase verify</title>
<style>
{{.Fonts}}body{font-family:{{.FontStack}};margin:0;background:#f4f6fa;color:#111}
main{max-width:42rem;margin:0 auto;padding:1.5rem}
.banner{padding:1.25rem;border-radius:.5rem;font-size:1.6rem;font-weight:700;color:#fff;margin:1rem 0}
.valid{background:#0b6b2f}.revoked{background:#a30d0d}.superseded{background:#8a5300}.missing{background:#444}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;background:#fff;padding:1rem;border-radius:.5rem}
dt{font-weight:600}dd{margin:0;word-break:break-word}p.note{font-size:.9rem;color:#333}code{font-size:.8rem}
nav a{color:#1a3d7c}
</style></head><body><main>
<nav aria-label="Internbase"><a href="/">← Internbase</a></nav>
<h1>Internship credit certificate</h1>
{{if .Found}}
<p class="banner {{.V.Status}}" role="status">{{.Banner}}</p>
{{if eq .V.Status "revoked"}}<p><strong>Revoked on <time datetime="{{.V.RevokedAt}}">{{.Revoked}}</time>:</strong> {{.V.RevokeReason}}</p>{{end}}
{{if .V.SupersededBy}}<p><strong>Replaced by</strong> <a href="/verify/{{.V.SupersededBy}}">{{.V.SupersededBy}}</a>; check that certificate instead.</p>{{end}}
<dl>
<dt>Number</dt><dd>{{.V.Number}}</dd>
<dt>Student</dt><dd>{{.V.StudentNameMasked}} (register no. {{.V.RegisterNoMasked}})</dd>
<dt>Institution</dt><dd>{{.V.InstitutionName}}</dd>
<dt>Host organisation</dt><dd>{{.V.OrganizationName}}</dd>
<dt>Internship</dt><dd>{{.V.Title}}</dd>
<dt>Period</dt><dd>{{.Starts}} to {{.Ends}}</dd>
<dt>Hours</dt><dd>{{.V.Hours}}</dd>
<dt>Credits</dt><dd>{{.V.Credits}}</dd>
<dt>Marks</dt><dd>{{.V.Marks}} of {{.V.MaxMarks}}, grade {{.V.Grade}}</dd>
<dt>Issued</dt><dd><time datetime="{{.V.IssuedAt}}">{{.Issued}}</time></dd>
<dt>PDF SHA-256</dt><dd><code>{{.V.SHA256}}</code></dd>
<dt>Signature</dt><dd><code>{{.V.Signature}}</code> (key {{.V.KeyID}})</dd>
</dl>
<p class="note">Compare these facts with the paper or PDF certificate. The name and register number are partly hidden here;
they must match the certificate you hold. Public keys: <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>.
Machine-readable: <a href="/api/ib/verify/{{.V.Number}}">JSON</a>, <a href="/api/ib/credentials/{{.V.Number}}">Open Badges credential</a>.</p>
{{else}}
<p class="banner missing" role="status">NOT FOUND</p>
<p>No certificate has the number <strong>{{.Number}}</strong>. Check the number on the certificate (IB-year-eight characters).
A certificate that cannot be found here was not issued through Internbase.</p>
{{end}}
</main></body></html>`))

// The verify page prints names and titles in the fonts the PDF embeds, so
// a name has the same shapes on the page as on paper. A browser fetches a
// script's font only for a page with that script; Latin text stays in the
// system's own sans-serif (nothing to download).
var (
	fontFaces = template.CSS(typeset.FontFaces(func(file string) string { return "/api/ib/fonts/" + file }))
	fontStack = template.CSS(typeset.FontStack(`system-ui,-apple-system,"Segoe UI",Roboto,sans-serif`))
)

// fontFile serves one of the certificate fonts (GET /api/ib/fonts/{file}).
func fontFile(e *core.RequestEvent) error {
	data, err := typeset.FontFile(e.Request.PathValue("file"))
	if err != nil {
		return e.NotFoundError("There is no such font.", nil)
	}
	e.Response.Header().Set("Cache-Control", "public, max-age=604800")
	return e.Blob(http.StatusOK, "font/ttf", data)
}

func verifyHTML(e *core.RequestEvent) error {
	raw := e.Request.PathValue("number")
	// The page repeats what was asked for: valid UTF-8 only, and not a
	// novel (found by FuzzVerifyRoutes).
	shown := []rune(strings.ToValidUTF8(raw, "\uFFFD"))
	if len(shown) > 40 {
		shown = append(shown[:40], '…')
	}
	data := map[string]any{"Number": string(shown), "Fonts": fontFaces, "FontStack": fontStack}
	status := http.StatusOK
	c, err := findByNumber(e.App, raw)
	if err != nil {
		status = http.StatusNotFound
	} else {
		v := VerificationOf(e.App, c)
		data["Found"], data["V"], data["Banner"] = true, v, strings.ToUpper(v.Status)
		// Dates as people read them, moments in the platform's zone and
		// naming it (the JSON keeps RFC 3339 for machines).
		loc := clock.Location(e.App)
		day := func(field string) string {
			if t := c.GetDateTime(field); !t.IsZero() {
				return i18n.FormatDay(i18n.EN, clock.StoredDay(t.Time()))
			}
			return ""
		}
		data["Starts"], data["Ends"] = day("starts_on"), day("ends_on")
		data["Issued"] = i18n.FormatTime(i18n.EN, c.GetDateTime("issued_at").Time(), loc)
		if t := c.GetDateTime("revoked_at"); !t.IsZero() {
			data["Revoked"] = i18n.FormatTime(i18n.EN, t.Time(), loc)
		}
	}
	var b strings.Builder
	if err := page.Execute(&b, data); err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	if status == http.StatusOK {
		e.Response.Header().Set("Cache-Control", VerifyCache)
	}
	return e.HTML(status, b.String())
}

// Media types of a bare VC-JWT, either of which a client may ask for.
const (
	mediaVCJWT = "application/vc+jwt"
	mediaJWT   = "application/jwt"
)

// credential answers the certificate as an Open Badges 3.0
// OpenBadgeCredential (VC data model 2.0) signed as a VC-JWT: EdDSA with
// the key that signed the certificate, or RS256 with ?alg=RS256. A client
// that accepts application/vc+jwt or application/jwt gets the bare compact
// JWS; any other gets {"format","credential"} JSON.
func credential(e *core.RequestEvent) error {
	alg := e.Request.URL.Query().Get("alg")
	if alg == "" {
		alg = AlgEdDSA
	}
	if alg != AlgEdDSA && alg != AlgRS256 {
		return e.BadRequestError("Unknown alg: ask for EdDSA (the default) or RS256.", nil)
	}
	c, err := findByNumber(e.App, e.Request.PathValue("number"))
	if err != nil {
		return err
	}
	token, err := CredentialJWT(e.App, c, alg)
	if err != nil {
		return apierror.Internal(e.App, "credential "+c.GetString("number"), err)
	}
	e.Response.Header().Add("Vary", "Accept")
	if media := JWTMedia(e.Request.Header.Get("Accept")); media != "" {
		return e.Blob(http.StatusOK, media, []byte(token))
	}
	return e.JSON(http.StatusOK, map[string]string{"format": "vc+jwt", "credential": token})
}

// JWTMedia returns the bare-JWT media type that an Accept header prefers
// (application/vc+jwt or application/jwt, the higher q first, vc+jwt on a
// tie), or "" when it accepts neither by name.
func JWTMedia(accept string) string {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || (media != mediaVCJWT && media != mediaJWT) {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		if q > bestQ || (q == bestQ && q > 0 && media == mediaVCJWT) {
			best, bestQ = media, q
		}
	}
	return best
}

// issuer answers an institution's Open Badges 3.0 issuer Profile, the
// document that a credential's issuer.id dereferences to.
func issuer(e *core.RequestEvent) error {
	inst, err := institutions.Find(e.App, e.Request.PathValue("institution"))
	if err != nil {
		return e.NotFoundError("Issuer not found: no institution has this id; take the issuer id from a credential.", nil)
	}
	base := strings.TrimRight(e.App.Settings().Meta.AppURL, "/")
	e.Response.Header().Set("Cache-Control", "public, max-age=300")
	return e.JSON(http.StatusOK, IssuerProfile(base, inst.Id, inst.Name()))
}

func reissue(e *core.RequestEvent) error {
	c, err := e.App.FindRecordById(Collection, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Certificate not found.", nil)
	}
	if !e.HasSuperuserAuth() {
		if !access.CoordinatorOf(e.Auth, c.GetString("institution")) {
			info, err := e.RequestInfo()
			if err != nil {
				return apierror.Internal(e.App, "request info", err)
			}
			ok, err := e.App.CanAccessRecord(c, info, c.Collection().ViewRule)
			if err != nil {
				return apierror.Internal(e.App, "view rule of certificate "+c.Id, err)
			}
			if !ok {
				return e.NotFoundError("Certificate not found.", nil)
			}
			return e.ForbiddenError("Only the coordinator of the student's institution can reissue a certificate.", nil)
		}
	}
	fresh, err := Reissue(e.App, c, e.Auth)
	if err != nil {
		return err
	}
	if err := apis.EnrichRecord(e, fresh); err != nil {
		return err
	}
	return e.JSON(http.StatusOK, fresh)
}
