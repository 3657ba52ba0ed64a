package render

import (
	"context"
	"fmt"
	"io"
	"testing"

	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/schema"
)

// createsPlan is the plan of n creates against an empty API, the i-th
// with the options opts(i).
func createsPlan(n int, opts func(i int) plantest.EnvOpt) *plan.Plan {
	var envs []*schema.Environment
	for i := range n {
		envs = append(envs, plantest.Env(fmt.Sprintf("env%04d", i), opts(i)))
	}
	live, _ := plan.Refresh(context.Background(), plantest.NewAPI())
	p, _ := plan.Compute(plan.Input{Config: plantest.Config(envs...), Live: live})
	return p
}

// BenchmarkPlanText1000Creates renders the plan of 1,000 creates, as apply
// DIR prints it before its first call.
func BenchmarkPlanText1000Creates(b *testing.B) {
	p := createsPlan(1000, func(int) plantest.EnvOpt {
		return plantest.Limited(false, false, "https://a.example", "https://b.example")
	})
	b.ReportAllocs()
	for b.Loop() {
		PlanText(io.Discard, p, false)
	}
}
