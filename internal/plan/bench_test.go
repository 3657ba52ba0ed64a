package plan

import (
	"fmt"
	"testing"

	"terrarium/schema"
)

// BenchmarkDiff5000 computes a plan for a stack of 5,000 environments among
// 10,000 live ones (5,000 unmanaged); one in ten has a change.
func BenchmarkDiff5000(b *testing.B) {
	var envs []*schema.Environment
	var live []schema.LiveEnv
	for i := range 5000 {
		e := cfgEnv(fmt.Sprintf("env%05d", i), withMeta("team", "data"), withPip("pandas==2.2.0", "numpy==2.1.0"),
			withLimited(false, true, "https://pypi.org", fmt.Sprintf("https://h%d.example", i)))
		envs = append(envs, e)
		l := liveOf(fmt.Sprintf("env_%05d", i), e)
		if i%10 == 0 {
			d := "drifted"
			l.Description = &d
		}
		live = append(live, l, unmanaged(fmt.Sprintf("env_u%05d", i), fmt.Sprintf("other%05d", i)))
	}
	cfg := config(envs...)
	b.ResetTimer()
	for b.Loop() {
		p, diags := compute(cfg, live, nil, Options{})
		if diags.HasErrors() || len(p.Changes) != 500 {
			b.Fatalf("changes %d, %v", len(p.Changes), diags)
		}
	}
}

// BenchmarkDestroy5000 plans the destruction of a 5,000-environment stack.
func BenchmarkDestroy5000(b *testing.B) {
	var envs []*schema.Environment
	var live []schema.LiveEnv
	for i := range 5000 {
		e := cfgEnv(fmt.Sprintf("env%05d", i))
		envs = append(envs, e)
		live = append(live, liveOf(fmt.Sprintf("env_%05d", i), e))
	}
	cfg := config(envs...)
	for b.Loop() {
		if p, _ := compute(cfg, live, nil, Options{Destroy: true}); len(p.Changes) != 5000 {
			b.Fatal(len(p.Changes))
		}
	}
}
