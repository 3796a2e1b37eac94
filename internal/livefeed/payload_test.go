package livefeed_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/internbase/internbase/internal/apptest"
)

// The hub's message for a record is PocketBase's own realtime message for
// the same subscriber (PocketBase v0.40 encodes it with encoding/json/v2):
// the same record data, with <, > and & sent as they are (no \u003c
// escapes) and invalid UTF-8 replaced by U+FFFD; with the fields option,
// only the picked fields.
func TestPayloadMatchesPocketBase(t *testing.T) {
	for _, topic := range []string{"notifications/*", `notifications/*?options={"query":{"fields":"id,title"}}`} {
		t.Run(topic, func(t *testing.T) {
			w := apptest.NewWorld(t)
			c := apptest.NewClient(t, w.App) // binds PocketBase's broadcaster too
			ours := attach(t, w, c, w.S1.Token, topic)

			// The same subscriber on PocketBase's own broker.
			pb := subscriptions.NewDefaultClient()
			pb.Set(apis.RealtimeClientAuthKey, w.S1.Record)
			pb.Subscribe(topic)
			w.App.SubscriptionsBroker().Register(pb)
			t.Cleanup(func() { w.App.SubscriptionsBroker().Unregister(pb.Id()) })

			const title = "<b>Tom & Jerry</b> \xff"
			apptest.Must(t, w.App.Save(newRecord(t, w.App, "notifications", map[string]any{"user": w.S1.Id, "kind": "x", "title": title})))

			got := next(ours, 5*time.Second)
			name, data, _ := strings.Cut(got, " ")
			if name != topic {
				t.Fatalf("hub: got %q", got)
			}
			var want []byte
			select {
			case m := <-pb.Channel():
				if m.Name != topic {
					t.Fatalf("PocketBase: topic %q", m.Name)
				}
				want = m.Data
			case <-time.After(5 * time.Second):
				t.Fatal("PocketBase's broadcaster sent nothing")
			}

			const literal = `"title":"<b>Tom & Jerry</b> ` + "\uFFFD" + `"`
			if !strings.Contains(data, literal) || !strings.Contains(string(want), literal) {
				t.Fatalf("want %s in both messages:\nhub:        %s\nPocketBase: %s", literal, data, want)
			}
			var a, b map[string]any
			apptest.Must(t, json.Unmarshal([]byte(data), &a))
			apptest.Must(t, json.Unmarshal(want, &b))
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("messages differ:\nhub:        %s\nPocketBase: %s", data, want)
			}
			if rec, _ := a["record"].(map[string]any); strings.Contains(topic, "fields") && len(rec) != 2 {
				t.Fatalf("fields option: record %v, want id and title only", rec)
			}
		})
	}
}

// A json field stored with a key twice (data written before PocketBase
// v0.40, whose encoding/json/v2 refuses such JSON by default) is sent as
// stored, as the record API serves it; PocketBase's own broadcaster fails to
// encode the message and sends nothing.
func TestPayloadWithDuplicatedStoredKeys(t *testing.T) {
	w := apptest.NewWorld(t)
	c := apptest.NewClient(t, w.App)
	ours := attach(t, w, c, w.SupX.Token, "evaluations/*")
	const stored = `{"attendance":8,"attendance":9}`
	_, err := w.App.DB().NewQuery("UPDATE evaluations SET scores = {:s} WHERE id = {:id}").
		Bind(map[string]any{"s": stored, "id": w.Evaluation.Id}).Execute()
	apptest.Must(t, err)
	r, err := w.App.FindRecordById("evaluations", w.Evaluation.Id)
	apptest.Must(t, err)
	// Our hooks refuse such scores on a save: write without them, then
	// publish the update as a save would.
	r.Set("remarks", "Checked again.")
	apptest.Must(t, w.App.UnsafeWithoutHooks().Save(r))
	ev := new(core.ModelEvent)
	ev.App, ev.Model, ev.Context, ev.Type = w.App, r, t.Context(), core.ModelEventTypeUpdate
	apptest.Must(t, w.App.OnModelAfterUpdateSuccess().Trigger(ev))

	got := next(ours, 5*time.Second)
	if !strings.HasPrefix(got, "evaluations/* ") || !strings.Contains(got, `"scores":`+stored) {
		t.Fatalf("hub: got %q, want the update with scores %s", got, stored)
	}
	res := c.Do("GET", "/api/collections/evaluations/records/"+w.Evaluation.Id, w.SupX.Token, nil)
	if res.Status != 200 || !strings.Contains(res.String(), `"scores":`+stored) {
		t.Fatalf("record API: %d %s", res.Status, res.String())
	}
}
