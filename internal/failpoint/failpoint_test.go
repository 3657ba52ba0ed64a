package failpoint

import "testing"

func TestArmAndHit(t *testing.T) {
	t.Cleanup(func() { _ = Arm("") })
	if err := Arm("a=panic@2, b=exit"); err != nil {
		t.Fatal(err)
	}
	Hit("a") // first hit: nothing
	Hit("c") // not armed
	func() {
		defer func() {
			if r := recover(); r != "failpoint a" {
				t.Fatalf("second hit of a: recovered %v", r)
			}
		}()
		Hit("a")
	}()
	Hit("a") // third: nothing
	for _, bad := range []string{"a", "=exit", "a=explode", "a=exit@0", "a=exit@x"} {
		if Arm(bad) == nil {
			t.Errorf("Arm(%q) accepted", bad)
		}
	}
	if err := Arm(""); err != nil || armed {
		t.Fatalf("empty spec: %v, armed=%v", err, armed)
	}
}

// BenchmarkHitDisarmed is the cost of a failpoint in a normal run.
func BenchmarkHitDisarmed(b *testing.B) {
	_ = Arm("")
	for b.Loop() {
		Hit(StateAfterFsync)
	}
}
