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
		if d := p.reserve(ClassWrite); d != time.Duration(i)*time.Second {
			t.Fatalf("write %d waits %s, want %ds", i, d, i)
		}
	}
	if d := p.reserve(ClassRead); d != 0 {
		t.Fatalf("reads have their own budget: %s", d)
	}
	if d := p.reserve(ClassRead); d != 100*time.Millisecond {
		t.Fatalf("second read waits %s", d)
	}
	clk.t = clk.t.Add(time.Hour)
	if d := p.reserve(ClassWrite); d != 0 {
		t.Fatalf("after a quiet hour: %s (no saved-up burst, no debt)", d)
	}
	off := NewPacer(RateLimits{}, clk.now)
	for range 3 {
		if d := off.reserve(ClassWrite); d != 0 {
			t.Fatal("unpaced class waited")
		}
	}
}

func TestPacerSlowsOncePer429Burst(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := NewPacer(DocumentedRateLimits, clk.now)
	// Eight workers hear the same 429 at once: the pace drops once.
	for range 8 {
		p.Slow(ClassWrite, 2*time.Second)
	}
	s := p.Status(ClassWrite)
	if s.PerMinute != 45 || s.Configured != 60 || s.RateLimited != 8 {
		t.Fatalf("after one burst: %+v", s)
	}
	// Nothing goes before the Retry-After, then at the lowered pace.
	if d := p.reserve(ClassWrite); d != 2*time.Second {
		t.Fatalf("first write after the 429 waits %s", d)
	}
	if d := p.reserve(ClassWrite); d != 2*time.Second+interval(45) {
		t.Fatalf("next write waits %s", d)
	}
	// A later 429 lowers it again, for the rest of the run.
	clk.t = clk.t.Add(10 * time.Second)
	p.Slow(ClassWrite, time.Second)
	if s := p.Status(ClassWrite); s.PerMinute != 45*slowdown {
		t.Fatalf("after a second 429: %v", s.PerMinute)
	}
	for range 100 {
		clk.t = clk.t.Add(time.Hour)
		p.Slow(ClassWrite, 0)
	}
	if s := p.Status(ClassWrite); s.PerMinute != minPace {
		t.Fatalf("floor: %v", s.PerMinute)
	}
	// A class terrarium does not pace still waits out a Retry-After.
	off := NewPacer(RateLimits{}, clk.now)
	off.Slow(ClassRead, 3*time.Second)
	if d := off.reserve(ClassRead); d != 3*time.Second {
		t.Fatalf("unpaced class after a 429 waits %s, want 3s", d)
	}
	if s := off.Status(ClassRead); s.PerMinute != 0 {
		t.Fatalf("an unpaced class got a pace: %v", s.PerMinute)
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
