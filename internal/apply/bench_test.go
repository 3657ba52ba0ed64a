package apply

import (
	"context"
	"fmt"
	"testing"
	"time"

	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/schema"
)

// BenchmarkApply1000Creates applies 1,000 creates against a fake API with
// 20 ms latency per call and parallelism 10. It reports the journal's
// Append calls (each one fsync in the local log) per apply.
func BenchmarkApply1000Creates(b *testing.B) {
	var envs []*schema.Environment
	for i := range 1000 {
		envs = append(envs, plantest.Env(fmt.Sprintf("env%04d", i), plantest.Limited(false, false, "https://a.example")))
	}
	cfg := plantest.Config(envs...)
	appends := 0
	for b.Loop() {
		b.StopTimer()
		a := plantest.NewAPI()
		log := plantest.NewLog("platform", "lin")
		live, err := plan.Refresh(context.Background(), a)
		if err != nil {
			b.Fatal(err)
		}
		p, _ := plan.Compute(plan.Input{Config: cfg, Live: live, Snapshot: log.Snapshot()})
		a.Latency = 20 * time.Millisecond
		b.StartTimer()
		sum, err := Run(context.Background(), p, a, log, Options{Parallelism: 10})
		if err != nil || !sum.OK() || sum.Counts[plan.ActionCreate] != 1000 {
			b.Fatalf("apply: %v %+v", err, sum)
		}
		appends = log.Appends
	}
	b.ReportMetric(float64(appends), "appends/op")
}
