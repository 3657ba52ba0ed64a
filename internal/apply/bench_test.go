package apply

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
	"terrarium/schema"
)

func config1000() *schema.Config {
	var envs []*schema.Environment
	for i := range 1000 {
		envs = append(envs, plantest.Env(fmt.Sprintf("env%04d", i), plantest.Limited(false, false, "https://a.example")))
	}
	return plantest.Config(envs...)
}

// BenchmarkApply1000Creates applies 1,000 creates against a fake API with
// 20 ms latency per call and parallelism 10. It reports the journal's
// Append calls (each one fsync in the local log) per apply.
func BenchmarkApply1000Creates(b *testing.B) {
	cfg := config1000()
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

// BenchmarkApply1000CreatesLocalLog is BenchmarkApply1000Creates through
// a state log on disk, whose fsyncs it reports per create: the network
// floor is 100 waves of 20 ms (2 s), and what an apply adds to it is the
// journal's work on the calls' critical path.
func BenchmarkApply1000CreatesLocalLog(b *testing.B) {
	cfg := config1000()
	var fsyncs int64
	for b.Loop() {
		b.StopTimer()
		a := plantest.NewAPI()
		live, err := plan.Refresh(context.Background(), a)
		if err != nil {
			b.Fatal(err)
		}
		p, _ := plan.Compute(plan.Input{Config: cfg, Live: live})
		a.Latency = 20 * time.Millisecond
		log, err := state.Open(filepath.Join(b.TempDir(), ".terrarium"), state.Options{Stack: "platform", Create: true})
		if err != nil {
			b.Fatal(err)
		}
		before := log.Fsyncs()
		b.StartTimer()
		sum, err := Run(context.Background(), p, a, log, Options{Parallelism: 10})
		b.StopTimer()
		if err != nil || !sum.OK() || sum.Counts[plan.ActionCreate] != 1000 {
			b.Fatalf("apply: %v %+v", err, sum)
		}
		fsyncs = log.Fsyncs() - before
		log.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(fsyncs)/1000, "fsyncs/create")
}
