package render

import (
	"bytes"
	"strings"
	"testing"

	"terrarium/internal/apply"
	"terrarium/internal/plan"
)

// TestApplyJournalFailureSummary: a failed state log write never ends in a
// success line; the summary states the serial the log has, what was and
// was not recorded, and what to run next, in text and in schema-valid JSON.
func TestApplyJournalFailureSummary(t *testing.T) {
	for _, tc := range []struct {
		name string
		j    apply.JournalFailure
		want []string
	}{
		{"nothing recorded", apply.JournalFailure{Err: "journal: no space left on device"}, []string{
			"Apply failed: the state log could not be written: journal: no space left on device\n",
			"Recorded: nothing; the state log stays at serial 4, and no change was made.\n",
			"then run terrarium apply again.\n",
		}},
		{"results lost", apply.JournalFailure{Err: "journal: no space left on device", Started: true, Unrecorded: []string{"environment.a", "environment.b"}}, []string{
			"Recorded: apply #4 (state serial 4) and the intent of every call it made; outcomes recorded: 1 created, 0 updated, 0 archived, 0 deleted.\n",
			"Not recorded: the outcome of 2 call(s) that were made: environment.a, environment.b. Their intents are pending in the state log.\n",
			"then run terrarium state refresh: it settles every pending change against the live environments. Then run terrarium plan.\n",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := tc.j
			sum := &apply.Summary{Counts: map[plan.Action]int{plan.ActionCreate: 1}, Succeeded: []string{"environment.c"}, Serial: 4, Journal: &j}
			var buf bytes.Buffer
			NewApplyText(&buf, false, false).Event(sum)
			out := buf.String()
			if strings.Contains(out, "complete") {
				t.Errorf("a success line despite the failed write:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in\n%s", w, out)
				}
			}
			buf.Reset()
			NewApplyJSON(&buf).Event(sum)
			validateJSON(t, "apply.schema.json", bytes.TrimSpace(buf.Bytes()))
			if !strings.Contains(buf.String(), `"journal_failure":{`) {
				t.Errorf("JSON summary without its journal failure: %s", buf.String())
			}
		})
	}
}
