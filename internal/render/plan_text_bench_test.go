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

// BenchmarkPlanText1000Creates renders the plan of 1,000 creates, as apply
// DIR prints it before its first call.
func BenchmarkPlanText1000Creates(b *testing.B) {
	var envs []*schema.Environment
	for i := range 1000 {
		envs = append(envs, plantest.Env(fmt.Sprintf("env%04d", i), plantest.Limited(false, false, "https://a.example", "https://b.example")))
	}
	a := plantest.NewAPI()
	live, _ := plan.Refresh(context.Background(), a)
	p, _ := plan.Compute(plan.Input{Config: plantest.Config(envs...), Live: live})
	b.ReportAllocs()
	for b.Loop() {
		PlanText(io.Discard, p, false)
	}
}
