package livefeed

import (
	"bytes"
	"context"
	"errors"
	"hash/fnv"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// MiddlewareID is the router middleware that serves /api/realtime.
const MiddlewareID = "ibLivefeed"

// Register installs the feed on app with the default options.
func Register(app core.App) { RegisterWith(app, Options{}) }

// RegisterWith installs the feed on app with o: Internbase serves
// PocketBase's realtime protocol (GET and POST /api/realtime, the same
// messages, hooks and rules) from its own broker, so PocketBase's
// broadcaster, which runs one rule query per subscriber inside the
// writer's request, finds no client to serve.
func RegisterWith(app core.App, o Options) {
	o = o.withDefaults()
	h := newHub(app)
	app.Store().Set(storeKey, h)

	app.OnRealtimeConnectRequest().BindFunc(func(e *core.RealtimeConnectRequestEvent) error {
		e.IdleTimeout = o.IdleTimeout
		e.MaxTimeout = spread(o.MaxLifetime)
		return e.Next()
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: MiddlewareID,
			// after the body limit, the rate limits and the auth token
			Priority: apis.DefaultBodyLimitMiddlewarePriority + 1,
			Func: func(re *core.RequestEvent) error {
				if re.Request.URL.Path != "/api/realtime" {
					return re.Next()
				}
				switch re.Request.Method {
				case http.MethodGet:
					re.Set(skipActivityLog, true)
					return h.connect(re)
				case http.MethodPost:
					return h.setSubscriptions(re)
				}
				return re.Next()
			},
		})
		stop := make(chan struct{})
		go h.beat(o.Heartbeat, stop)
		e.App.OnTerminate().BindFunc(func(te *core.TerminateEvent) error {
			select {
			case <-stop:
			default:
				close(stop)
			}
			h.shutdown()
			return te.Next()
		})
		return e.Next()
	})
	bindRecordEvents(app, h)
}

// skipActivityLog is the request store key of apis.SkipSuccessActivityLog:
// an SSE connection is not a request worth a log row.
const skipActivityLog = "__skipSuccessActivityLogger"

// spread returns d moved by up to ±25 %.
func spread(d time.Duration) time.Duration {
	return d*3/4 + time.Duration(rand.Int64N(int64(d)/2+1))
}

// beat sends the heartbeats until stop is closed: every period/slots, to the
// clients of one slot.
func (h *hub) beat(period time.Duration, stop <-chan struct{}) {
	tick := time.NewTicker(period / slots)
	defer tick.Stop()
	msg := subscriptions.Message{Name: HeartbeatEvent, Data: []byte(`{}`)}
	for n := uint32(0); ; n++ {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		h.mu.RLock()
		var due []*client
		for _, c := range h.clients {
			if c.slot == n%slots {
				due = append(due, c)
			}
		}
		h.mu.RUnlock()
		for _, c := range due {
			c.Send(msg) // never blocks: a client that stopped reading is discarded
		}
	}
}

func slotOf(id string) uint32 {
	f := fnv.New32a()
	f.Write([]byte(id))
	return f.Sum32() % slots
}

// connect serves GET /api/realtime as PocketBase's realtimeConnect does,
// with the client registered in the hub. Over HTTP/1.1 the connection is
// taken over from net/http once the response head is written (see
// serveConn); where that is impossible (HTTP/2) the handler serves it.
func (h *hub) connect(e *core.RequestEvent) error {
	rc := http.NewResponseController(e.Response)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return e.InternalServerError("Failed to initialize SSE connection.", err)
	}
	e.Response.Header().Set("Content-Type", "text/event-stream")
	e.Response.Header().Set("Cache-Control", "no-store")
	e.Response.Header().Set("X-Accel-Buffering", "no")

	ce := new(core.RealtimeConnectRequestEvent)
	ce.RequestEvent = e
	ce.IdleTimeout = 5 * time.Minute
	ce.MaxTimeout = 30 * time.Minute
	c := newClient()
	ce.Client = c
	c.Set(apis.RealtimeClientIPKey, e.RealIP())

	return e.App.OnRealtimeConnectRequest().Trigger(ce, func(ce *core.RealtimeConnectRequestEvent) error {
		if conn, err := takeOver(ce.RequestEvent); err == nil {
			h.register(c)
			// The event's writer is replaced here, before the stream's
			// goroutine starts, not in it: the middlewares that return
			// after this handler (metrics, the activity logger) read it.
			ce.Response = &sseWriter{conn: conn, head: http.Header{}}
			go h.serveConn(ce, c, conn)
			return nil
		}
		ctx, cancel := context.WithCancel(ce.Request.Context())
		defer cancel()
		ce.Request = ce.Request.WithContext(ctx)
		h.register(c)
		defer h.unregister(c)
		h.stream(ce, c, ctx.Done())
		return nil
	})
}

// takeOver hijacks an HTTP/1.1 connection and writes the response head
// itself (every header set so far: CORS, security, SSE), without a length
// or chunking: the stream ends when the connection closes, which is how
// EventSource reads it. net/http's per-connection buffers (10 KB), its
// goroutines and the handler's deep stack are released, so an idle client
// costs the server about a socket, a small goroutine and its subscriptions.
func takeOver(e *core.RequestEvent) (net.Conn, error) {
	if e.Request.ProtoMajor != 1 {
		return nil, http.ErrNotSupported
	}
	head := e.Response.Header().Clone()
	conn, _, err := http.NewResponseController(e.Response).Hijack()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 200 OK\r\n")
	head.Del("Content-Length")
	head.Set("Connection", "close")
	if err := head.Write(&b); err != nil {
		conn.Close()
		return nil, err
	}
	b.WriteString("\r\n")
	if err := writeAll(conn, b.Bytes()); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// writeTimeout bounds one write to a client: a peer that stopped reading
// is dropped instead of holding its goroutine.
const writeTimeout = 15 * time.Second

func writeAll(conn net.Conn, p []byte) error {
	_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	_, err := conn.Write(p)
	return err
}

// sseWriter is the ResponseWriter the message hooks see on a taken-over
// connection: what they write is sent on Flush.
type sseWriter struct {
	conn net.Conn
	buf  bytes.Buffer
	head http.Header
}

func (w *sseWriter) Header() http.Header {
	if w.head == nil {
		w.head = http.Header{}
	}
	return w.head
}
func (w *sseWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }
func (w *sseWriter) WriteHeader(int)             {}
func (w *sseWriter) FlushError() error {
	defer w.buf.Reset()
	return writeAll(w.conn, w.buf.Bytes())
}

// serveConn streams to a taken-over connection until it ends. A client
// that went away is noticed at the next write (a heartbeat at the latest).
func (h *hub) serveConn(ce *core.RealtimeConnectRequestEvent, c *client, conn net.Conn) {
	defer conn.Close()
	defer h.unregister(c)
	h.stream(ce, c, nil)
}

// stream sends PB_CONNECT and then every message of c (through the
// OnRealtimeMessageSend hooks, as PocketBase does) until the client is
// discarded, a write fails, the idle or maximum lifetime passes, done is
// closed or the app stops.
func (h *hub) stream(ce *core.RealtimeConnectRequestEvent, c *client, done <-chan struct{}) {
	send := func(m *subscriptions.Message) error {
		me := new(core.RealtimeMessageEvent)
		me.RequestEvent = ce.RequestEvent
		me.Client = ce.Client
		me.Message = m
		return ce.App.OnRealtimeMessageSend().Trigger(me, func(me *core.RealtimeMessageEvent) error {
			if err := me.Message.WriteSSE(me.Response, me.Client.Id()); err != nil {
				return err
			}
			return me.Flush()
		})
	}
	if send(&subscriptions.Message{Name: "PB_CONNECT", Data: []byte(`{"clientId":"` + c.Id() + `"}`)}) != nil {
		return
	}
	maxTimer := time.NewTimer(ce.MaxTimeout)
	defer maxTimer.Stop()
	idleTimer := time.NewTimer(ce.IdleTimeout)
	defer idleTimer.Stop()
	for {
		select {
		case <-maxTimer.C:
			return
		case <-idleTimer.C:
			return
		case m, ok := <-c.Channel():
			if !ok || send(&m) != nil {
				return
			}
			idleTimer.Reset(ce.IdleTimeout)
		case <-done:
			return
		case <-h.stop:
			return
		}
	}
}

type subscribeForm struct {
	ClientID      string   `form:"clientId" json:"clientId"`
	Subscriptions []string `form:"subscriptions" json:"subscriptions"`
}

// setSubscriptions serves POST /api/realtime as PocketBase's
// realtimeSetSubscriptions does, then re-indexes the client.
func (h *hub) setSubscriptions(e *core.RequestEvent) error {
	form := new(subscribeForm)
	if err := e.BindBody(form); err != nil {
		return e.BadRequestError("", err)
	}
	if err := validation.ValidateStruct(form,
		validation.Field(&form.ClientID, validation.Required, validation.Length(1, 255)),
		validation.Field(&form.Subscriptions, validation.Length(0, 1000), validation.Each(validation.Length(0, 2500))),
	); err != nil {
		return e.BadRequestError("", err)
	}
	c := h.client(form.ClientID)
	if c == nil {
		return e.NotFoundError("Missing or invalid client id.", nil)
	}
	if ip, _ := c.Get(apis.RealtimeClientIPKey).(string); ip != "" && ip != e.RealIP() {
		return e.BadRequestError("Invalid realtime client.", errors.New("the subscription request IP doesn't match with the realtime client IP"))
	}
	if prev := c.auth(); prev != nil && !sameAuth(prev, e.Auth) {
		return e.ForbiddenError("The current and the previous request authorization don't match.", nil)
	}
	se := new(core.RealtimeSubscribeRequestEvent)
	se.RequestEvent = e
	se.Client = c
	se.Subscriptions = form.Subscriptions
	return e.App.OnRealtimeSubscribeRequest().Trigger(se, func(se *core.RealtimeSubscribeRequestEvent) error {
		se.Client.Set(apis.RealtimeClientAuthKey, se.Auth)
		se.Client.Unsubscribe()
		se.Client.Subscribe(se.Subscriptions...)
		h.reindex(c)
		return se.NoContent(http.StatusNoContent)
	})
}

func sameAuth(a, b *core.Record) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Id == b.Id && a.Collection().Id == b.Collection().Id
}
