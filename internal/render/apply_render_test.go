package render

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/apply"
	"terrarium/internal/diag"
	"terrarium/internal/golden"
	"terrarium/internal/plan"
)

func applyEvents(failed bool) []apply.Event {
	evs := []apply.Event{
		apply.ChangeStarted{Address: "environment.a", Action: plan.ActionCreate},
		apply.StillRunning{Address: "environment.a", Action: plan.ActionCreate, Elapsed: 10 * time.Second},
		apply.Tick{Done: 0, Total: 3, Elapsed: 10 * time.Second},
		apply.Paced{PerMinute: 60, Configured: 60, Remaining: 240, Estimate: 4 * time.Minute},
		apply.Paced{PerMinute: 45, Configured: 60, RateLimited: 3, Remaining: 3, Estimate: 4 * time.Second},
		apply.ChangeStarted{Address: "environment.b", Action: plan.ActionUpdate, Step: "temp-rename"},
		apply.ChangeCompleted{Address: "environment.a", Action: plan.ActionCreate, ID: "env_01", Duration: 400 * time.Millisecond},
		apply.ChangeCompleted{Address: "environment.b", Action: plan.ActionUpdate, Step: "temp-rename", ID: "env_02", Duration: 120 * time.Millisecond},
		apply.ChangeStarted{Address: "environment.b", Action: plan.ActionUpdate},
		apply.ChangeCompleted{Address: "environment.b", Action: plan.ActionUpdate, ID: "env_02", Duration: 1250 * time.Millisecond},
		apply.Progress{Done: 2, Total: 3},
	}
	sum := &apply.Summary{Counts: map[plan.Action]int{plan.ActionCreate: 2, plan.ActionUpdate: 1}, Succeeded: []string{"environment.a", "environment.b"}, Serial: 12}
	if failed {
		evs = append(evs,
			apply.ChangeStarted{Address: "environment.c", Action: plan.ActionArchive},
			apply.ChangeFailed{Address: "environment.c", Action: plan.ActionArchive, Code: "environment_archived", RequestID: "req_42", Message: "archive env_03: already archived"},
			apply.ChangeSkipped{Address: "environment.d", Action: plan.ActionCreate, Reason: "depends on environment.c, which failed"})
		sum.Failed = []apply.Failure{{Address: "environment.c", Action: plan.ActionArchive, Code: "environment_archived", RequestID: "req_42", Message: "archive env_03: already archived"}}
		sum.NotAttempted = []apply.Skip{{Address: "environment.d", Action: plan.ActionCreate, Reason: "depends on environment.c, which failed"}}
	}
	return append(evs, sum)
}

func TestApplyTextGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		failed bool
	}{{"apply_ok.txt", false}, {"apply_failed.txt", true}} {
		var buf bytes.Buffer
		v := NewApplyText(&buf, false, false)
		for _, e := range applyEvents(tc.failed) {
			v.Event(e)
		}
		golden.Check(t, filepath.Join("testdata", tc.name), buf.Bytes())
	}
}

func TestApplyJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	v := NewApplyJSON(&buf)
	v.Diagnostics(nil, hcl.Diagnostics{diag.Warning("environment.c", "Changed outside terrarium", "Someone archived it.")})
	for _, e := range applyEvents(true) {
		v.Event(e)
	}
	golden.Check(t, "testdata/apply_failed.jsonl", buf.Bytes())
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		validateJSON(t, "apply.schema.json", []byte(line))
	}
}
