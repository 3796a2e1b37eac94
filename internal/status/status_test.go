package status

import (
	"errors"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

var orders = &Machine{
	Noun:   "order",
	States: []string{"open", "shipped", "cancelled"},
	Actors: map[string]string{"clerk": "a clerk", "owner": "the owner"},
	Moves: []Move{
		{From: "open", To: "shipped", By: []string{"clerk"}, Verb: "ship an order"},
		{From: "open", To: "cancelled", By: []string{"clerk", "owner"}, Requires: []string{"reason"}},
		{From: "shipped", To: "cancelled", By: []string{System}, Refusal: "A shipped order is cancelled by the carrier."},
	},
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to, actor string
		kind            error
		message         string
	}{
		{"open", "shipped", "clerk", nil, ""},
		{"open", "shipped", Superuser, nil, ""},
		{"open", "shipped", "owner", ErrMoveForbidden, "Only a clerk can ship an order."},
		{"open", "cancelled", "", ErrMoveForbidden, "Only a clerk or the owner can make this order cancelled."},
		{"shipped", "cancelled", "owner", ErrMoveForbidden, "A shipped order is cancelled by the carrier."},
		{"cancelled", "open", Superuser, ErrInvalidTransition, "This order is cancelled and can no longer change."},
		{"shipped", "open", "clerk", ErrInvalidTransition, "An order that is shipped cannot become open; it can become cancelled."},
		{"open", "open", "clerk", ErrInvalidTransition, "The order is already open."},
		{"open", "lost", "clerk", ErrInvalidTransition, "Choose a status of the order: open, shipped, cancelled."},
		{"", "open", "clerk", ErrInvalidTransition, "This order has an unknown status and cannot move to open."},
	}
	for _, tt := range tests {
		err := orders.Check(tt.from, tt.to, tt.actor)
		if tt.kind == nil {
			if err != nil || orders.Enforce(tt.from, tt.to, tt.actor) != nil {
				t.Errorf("%s→%s by %q: %v", tt.from, tt.to, tt.actor, err)
			}
			continue
		}
		var me *MoveError
		if !errors.As(err, &me) || !errors.Is(err, tt.kind) || me.Message != tt.message {
			t.Errorf("%s→%s by %q: %v, want %v %q", tt.from, tt.to, tt.actor, err, tt.kind, tt.message)
			continue
		}
		var apiErr *router.ApiError
		if !errors.As(orders.Enforce(tt.from, tt.to, tt.actor), &apiErr) {
			t.Fatalf("Enforce is not an API error")
		}
		want := 400
		if tt.kind == ErrMoveForbidden {
			want = 403
		}
		if apiErr.Status != want || apiErr.Message != tt.message {
			t.Errorf("%s→%s by %q: Enforce %d %q, want %d", tt.from, tt.to, tt.actor, apiErr.Status, apiErr.Message, want)
		}
	}
}

func TestStates(t *testing.T) {
	t.Parallel()
	if !orders.Terminal("cancelled") || orders.Terminal("open") || orders.Terminal("shipped") || orders.Terminal("lost") {
		t.Error("Terminal: only cancelled has no move out")
	}
	if got := orders.Next("open"); !slices.Equal(got, []string{"shipped", "cancelled"}) {
		t.Errorf("Next(open) = %v", got)
	}
	if !orders.Allows("shipped", "cancelled", System) || orders.Allows("shipped", "cancelled", "clerk") || orders.Allows("cancelled", "open", Superuser) {
		t.Error("Allows")
	}
	col := core.NewBaseCollection("orders")
	col.Fields.Add(&core.TextField{Name: "reason"})
	r := core.NewRecord(col)
	r.Set("reason", "  ")
	if got := orders.Missing("open", "cancelled", r); got != "reason" {
		t.Errorf("Missing with a blank reason = %q", got)
	}
	r.Set("reason", "Customer asked.")
	if got := orders.Missing("open", "cancelled", r); got != "" || orders.Missing("open", "shipped", r) != "" {
		t.Errorf("Missing with a reason = %q", got)
	}
}
