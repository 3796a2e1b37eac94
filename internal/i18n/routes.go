package i18n

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/internbase/internbase/internal/clock"
)

// PortalPath is the public route of the portal's platform settings.
const PortalPath = "/api/ib/portal"

// Portal is the answer of GET /api/ib/portal: the platform time zone the
// portal shows every date in, and the languages it speaks.
type Portal struct {
	Timezone  string   `json:"timezone"`
	Languages []string `json:"languages"`
}

// Register binds the portal route and the middleware that answers every
// error in the caller's language.
func Register(app core.App) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if !e.Router.HasRoute(http.MethodGet, PortalPath) {
			e.Router.GET(PortalPath, func(e *core.RequestEvent) error {
				e.Response.Header().Set("Cache-Control", "public, max-age=300")
				return e.JSON(http.StatusOK, Portal{Timezone: clock.Location(e.App).String(), Languages: Languages})
			})
			e.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       localizeErrorsID,
				Priority: localizeErrorsPriority,
				Func:     localizeErrors,
			})
		}
		return e.Next()
	})
}

// localizeErrorsID names the middleware of localizeErrors.
const localizeErrorsID = "ibLocalizeErrors"

// localizeErrorsPriority runs localizeErrors just outside PocketBase's rate
// limiter, after the caller's auth token is loaded: it sees every refusal a
// person can get — a 429, a body too large, the platform's own
// middlewares' (the filter guard's) and every route's — and knows whose it
// is.
const localizeErrorsPriority = apis.DefaultRateLimitMiddlewarePriority - 1

// localizeErrors answers a refused request in the caller's language.
func localizeErrors(e *core.RequestEvent) error {
	err := e.Next()
	if err == nil {
		return nil
	}
	lang := CallerLanguage(e)
	if lang == EN {
		return err
	}
	return Localize(err, lang)
}

// Of is the language of a users record ("" and unknown values are English).
func Of(user *core.Record) string {
	if user == nil {
		return EN
	}
	if l := user.GetString("language"); Supported(l) {
		return l
	}
	return EN
}

// CallerLanguage is the language to answer e in: a signed-in user's own;
// for guests and superusers the first supported language of the
// Accept-Language header; English otherwise.
func CallerLanguage(e *core.RequestEvent) string {
	if e.Auth != nil && !e.Auth.IsSuperuser() {
		return Of(e.Auth)
	}
	return FromAcceptLanguage(e.Request.Header.Get("Accept-Language"))
}

// FromAcceptLanguage returns the supported language a browser prefers most
// (by q value, then order), English when it names none.
func FromAcceptLanguage(header string) string {
	type pref struct {
		lang string
		q    float64
		i    int
	}
	var prefs []pref
	for i, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		tag := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, f := range fields[1:] {
			if v, ok := strings.CutPrefix(strings.TrimSpace(f), "q="); ok {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					q = x
				}
			}
		}
		primary, _, _ := strings.Cut(tag, "-")
		if Supported(primary) && q > 0 {
			prefs = append(prefs, pref{primary, q, i})
		}
	}
	if len(prefs) == 0 {
		return EN
	}
	sort.SliceStable(prefs, func(a, b int) bool { return prefs[a].q > prefs[b].q })
	return prefs[0].lang
}

// Localize renders an API error's message and per-field messages in lang
// (what the catalog does not know stays English).
func Localize(err error, lang string) error {
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) {
		apiErr = router.ToApiError(err)
	}
	out := *apiErr
	out.Message = TranslateOr(lang, apiErr.Message)
	out.Data = localizeData(apiErr.Data, lang)
	return &out
}

// localizeData renders the messages of an error's data in lang, however
// deep: a field's {code, message}, a nested part's fields, and a batch
// request's failure, whose "response" is the failed request's own API error
// (PocketBase's apis.BatchResponseError).
func localizeData(data map[string]any, lang string) map[string]any {
	if data == nil {
		return nil
	}
	out := make(map[string]any, len(data))
	for k, v := range data {
		switch x := v.(type) {
		case string:
			if k == "message" {
				out[k] = TranslateOr(lang, x)
			} else {
				out[k] = x
			}
		case map[string]any:
			out[k] = localizeData(x, lang)
		case *router.ApiError:
			out[k] = Localize(x, lang)
		default:
			out[k] = v
		}
	}
	return out
}
