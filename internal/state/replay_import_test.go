package state

import (
	"testing"

	"terrarium/schema"
)

// TestImportSettlesPendingIntents: an update whose answer was lost stays
// pending until the next apply records the live object (an import record).
// Left pending, every later plan offered the landed update for adoption
// again and apply never converged (found by TestFaultsDuringApply).
func TestImportSettlesPendingIntents(t *testing.T) {
	r := NewReplay()
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "i1", Op: OpUpdate, Address: "environment.a", EnvID: "env_1"}})
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "i2", Op: OpUpdate, Address: "environment.b", EnvID: "env_2"}})
	r.Apply(&Record{Kind: KindImport, Env: &EnvRecord{Address: "environment.a", Live: &schema.LiveEnv{ID: "env_1"}}})
	s := r.Snapshot()
	if len(s.Pending) != 1 || s.Pending[0].ID != "i2" {
		t.Fatalf("pending after the import of environment.a: %+v", s.Pending)
	}
	if s.Resources["environment.a"] == nil {
		t.Fatal("the import did not record environment.a")
	}
}

// TestUpdateResultSettlesOlderIntents: a run killed after prewriting its
// intents leaves them pending; the next run's successful update of the same
// environment supersedes them. The create of a replacement at the same
// address stays pending.
func TestUpdateResultSettlesOlderIntents(t *testing.T) {
	r := NewReplay()
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "dead", Op: OpUpdate, Address: "environment.a", EnvID: "env_1"}})
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "repl", Op: OpCreate, Address: "environment.a"}})
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "new", Op: OpUpdate, Address: "environment.a", EnvID: "env_1"}})
	r.Apply(&Record{Kind: KindResult, Result: &Result{IntentID: "new", OK: true, Live: &schema.LiveEnv{ID: "env_1"}}})
	s := r.Snapshot()
	if len(s.Pending) != 1 || s.Pending[0].ID != "repl" {
		t.Fatalf("pending: %+v", s.Pending)
	}
}
