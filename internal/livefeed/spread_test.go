package livefeed

import (
	"testing"
	"time"
)

// Connections made together end spread over ±25 % of the lifetime, not all
// at once; and the clients are spread over every heartbeat slot.
func TestLifetimesAndSlotsAreSpread(t *testing.T) {
	t.Parallel()
	d := 30 * time.Minute
	lo, hi := d, time.Duration(0)
	for i := 0; i < 2000; i++ {
		s := spread(d)
		if s < d*3/4 || s > d*5/4 {
			t.Fatalf("spread(%v) = %v, outside ±25 %%", d, s)
		}
		lo, hi = min(lo, s), max(hi, s)
	}
	if hi-lo < d*4/10 {
		t.Fatalf("2,000 lifetimes span only %v..%v", lo, hi)
	}
	counts := make([]int, slots)
	for i := 0; i < 8000; i++ {
		counts[slotOf(string(rune(i))+"client")]++
	}
	for s, n := range counts {
		if n < 700 || n > 1300 {
			t.Fatalf("slot %d holds %d of 8,000 clients: %v", s, n, counts)
		}
	}
}
