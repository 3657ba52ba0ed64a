package api

import (
	"testing"
	"time"
)

// fakeClock is a settable clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestPacerSpacesRequestsPerClass(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := NewPacer(RateLimits{Writes: 60, Reads: 600}, clk.now)
	for i := range 5 {
		if d, _ := p.reserve(ClassWrite); d != time.Duration(i)*time.Second {
			t.Fatalf("write %d waits %s, want %ds", i, d, i)
		}
	}
	if d, _ := p.reserve(ClassRead); d != 0 {
		t.Fatalf("reads have their own budget: %s", d)
	}
	if d, _ := p.reserve(ClassRead); d != 100*time.Millisecond {
		t.Fatalf("second read waits %s", d)
	}
	clk.t = clk.t.Add(time.Hour)
	if d, _ := p.reserve(ClassWrite); d != 0 {
		t.Fatalf("after a quiet hour: %s (no saved-up burst, no debt)", d)
	}
	off := NewPacer(RateLimits{}, clk.now)
	for range 3 {
		if d, _ := off.reserve(ClassWrite); d != 0 {
			t.Fatal("unpaced class waited")
		}
	}
}

func TestPacerSlowsOncePerRound(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := NewPacer(DocumentedRateLimits, clk.now)
	lowered := 60 * adapt.decrease
	// Eight workers hear the same 429 at once: the pace drops once.
	for range 8 {
		p.Slow(ClassWrite, 2*time.Second)
	}
	s := p.Status(ClassWrite)
	if s.PerMinute != lowered || s.Configured != 60 || s.RateLimited != 8 {
		t.Fatalf("after one burst: %+v", s)
	}
	// Nothing goes before the Retry-After, then at the lowered pace.
	if d, _ := p.reserve(ClassWrite); d != 2*time.Second {
		t.Fatalf("first write after the 429 waits %s", d)
	}
	if d, _ := p.reserve(ClassWrite); d != 2*time.Second+interval(lowered) {
		t.Fatalf("next write waits %s", d)
	}
	// A 429 heard before the hold ends answers a request sent at the old
	// pace: it holds the class again but does not lower the pace twice.
	clk.t = clk.t.Add(time.Second)
	p.Slow(ClassWrite, 3*time.Second)
	if s := p.Status(ClassWrite); s.PerMinute != lowered || s.RateLimited != 9 {
		t.Fatalf("a 429 of the same round: %+v", s)
	}
	// One heard after the hold is the new round's: it lowers the pace again.
	clk.t = clk.t.Add(5 * time.Second)
	p.Slow(ClassWrite, time.Second)
	if s := p.Status(ClassWrite); s.PerMinute != lowered*adapt.decrease {
		t.Fatalf("after a 429 of the next round: %v", s.PerMinute)
	}
	for range 100 {
		clk.t = clk.t.Add(2 * time.Second)
		p.Slow(ClassWrite, time.Second)
	}
	if s := p.Status(ClassWrite); s.PerMinute != minPace {
		t.Fatalf("floor: %v", s.PerMinute)
	}
	// A class terrarium does not pace still waits out a Retry-After.
	off := NewPacer(RateLimits{}, clk.now)
	off.Slow(ClassRead, 3*time.Second)
	if d, _ := off.reserve(ClassRead); d != 3*time.Second {
		t.Fatalf("unpaced class after a 429 waits %s, want 3s", d)
	}
	if s := off.Status(ClassRead); s.PerMinute != 0 {
		t.Fatalf("an unpaced class got a pace: %v", s.PerMinute)
	}
}

// A Retry-After longer than the cap (a hostile or broken answer asking
// for days) holds the class no longer than the cap: the call it answered
// fails, and the other callers are not stalled for days.
func TestPacerHoldsNoLongerThanTheCap(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := NewPacer(DocumentedRateLimits, clk.now)
	p.holdCap = 5 * time.Second
	p.Slow(ClassWrite, 240*time.Hour)
	if d, _ := p.reserve(ClassWrite); d != 5*time.Second {
		t.Fatalf("after a Retry-After of ten days the next write waits %s, want the 5s cap", d)
	}
	p.Slow(ClassRead, -time.Hour)
	if d, _ := p.reserve(ClassRead); d != interval(600*adapt.decrease) {
		t.Fatalf("after a negative Retry-After the next read waits %s, want one interval of the lowered pace", d)
	}
}

// A caller already waiting for a slot when a 429 comes in does not go
// before the Retry-After, and goes at the lowered pace: its wait ends,
// recheck gives it a new slot, and only then may it go.
func TestPacerWaitersHonourA429HeardWhileTheyWait(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := NewPacer(DocumentedRateLimits, clk.now)
	var rounds [3]int
	for i := range rounds {
		d, r := p.reserve(ClassWrite)
		if d != time.Duration(i)*time.Second {
			t.Fatalf("slot %d at %s", i, d)
		}
		rounds[i] = r
	}
	if d, _ := p.recheck(ClassWrite, rounds[0]); d != 0 {
		t.Fatalf("the first slot is due: %s", d)
	}
	clk.t = clk.t.Add(500 * time.Millisecond)
	p.Slow(ClassWrite, 2*time.Second) // hold until 2.5s
	clk.t = time.Unix(1, 0)
	d, r := p.recheck(ClassWrite, rounds[1])
	if d != 1500*time.Millisecond {
		t.Fatalf("the 1s slot, due during the hold, waits %s more; want until the hold ends at 2.5s", d)
	}
	clk.t = time.Unix(2, 0)
	if d, _ := p.recheck(ClassWrite, rounds[2]); d != 500*time.Millisecond+interval(60*adapt.decrease) {
		t.Fatalf("the 2s slot, of the old round, waits %s more; want one lowered interval after the first", d)
	}
	clk.t = time.Unix(2, 500_000_000)
	if d, _ := p.recheck(ClassWrite, r); d != 0 {
		t.Fatalf("at the hold's end the rechecked slot is due, waits %s", d)
	}
}

// After a quiet spell (quietSlots slots at the current pace, at least the
// last Retry-After) the pace rises by a step, spell after spell, up to the
// configured pace and never above it; a 429 starts the spell over.
func TestPacerRisesAfterAQuietSpell(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := NewPacer(DocumentedRateLimits, clk.now)
	p.Slow(ClassWrite, time.Second)
	pace := p.Status(ClassWrite).PerMinute
	spell := time.Duration(adapt.quietSlots * float64(interval(pace)))
	clk.t = clk.t.Add(spell - time.Millisecond)
	if got := p.Status(ClassWrite).PerMinute; got != pace {
		t.Fatalf("rose before the spell ended: %v", got)
	}
	clk.t = clk.t.Add(time.Millisecond)
	step := adapt.increase * 60
	if got := p.Status(ClassWrite).PerMinute; got != pace+step {
		t.Fatalf("after one spell: %v, want %v", got, pace+step)
	}
	// A 429 now lowers it and starts the spell over.
	p.Slow(ClassWrite, time.Second)
	pace = p.Status(ClassWrite).PerMinute
	clk.t = clk.t.Add(time.Duration(adapt.quietSlots*float64(interval(pace))) / 2)
	if got := p.Status(ClassWrite).PerMinute; got != pace {
		t.Fatalf("rose within the spell after a 429: %v", got)
	}
	clk.t = clk.t.Add(time.Hour)
	if got := p.Status(ClassWrite).PerMinute; got != 60 {
		t.Fatalf("after an hour without 429s: %v, want the configured 60", got)
	}
	if d, _ := p.reserve(ClassWrite); d != 0 {
		t.Fatal(d)
	}
	if d, _ := p.reserve(ClassWrite); d != time.Second {
		t.Fatalf("back at the configured pace, the next slot is %s away", d)
	}
}

func TestParseRateLimits(t *testing.T) {
	got, err := ParseRateLimits("writes=30", DocumentedRateLimits)
	if err != nil || got != (RateLimits{Writes: 30, Reads: 600}) {
		t.Fatalf("%v %v", got, err)
	}
	got, err = ParseRateLimits(" reads = 0 , writes=1.5", DocumentedRateLimits)
	if err != nil || got != (RateLimits{Writes: 1.5, Reads: 0}) {
		t.Fatalf("%v %v", got, err)
	}
	if got, err := ParseRateLimits("off", DocumentedRateLimits); err != nil || got != (RateLimits{}) {
		t.Fatalf("off: %v %v", got, err)
	}
	for _, bad := range []string{"writes", "writes=-1", "creates=60", "writes=fast", "", "writes=1e9"} {
		if _, err := ParseRateLimits(bad, DocumentedRateLimits); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
