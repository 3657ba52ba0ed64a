package statetest

import (
	"context"
	"fmt"
	"time"

	"terrarium/internal/state"
)

// BigLog writes a log of about records records into dir: applies of ten
// updates each over envs environments, appended a thousand records per
// sync so that building it stays fast. It returns an address with history.
func BigLog(dir string, records, envs int) (string, error) {
	ctx := context.Background()
	l, err := state.Open(dir, Options("bench", 0))
	if err != nil {
		return "", err
	}
	defer l.Close()
	var batch []state.Record
	flush := func() error {
		err := l.Append(ctx, batch...)
		batch = batch[:0]
		return err
	}
	for serial, seq := int64(1), 1; seq < records; serial++ {
		batch = append(batch, state.Record{Kind: state.KindApplyStart, Apply: &state.Apply{Serial: serial, Actor: "ci@runner", Host: "runner", GitCommit: fmt.Sprintf("%040x", serial), GitBranch: "main"}})
		for i := range 10 {
			k := (int(serial)*10 + i) % envs
			addr := fmt.Sprintf("environment.e%03d", k)
			env := Env{ID: fmt.Sprintf("env_%05d", k), Name: fmt.Sprintf("e%03d", k), Description: "benchmark environment",
				Hosts: []string{"https://api.corp.example", fmt.Sprintf("https://h%d.example", serial%7)}, Pip: []string{"pandas==2.2.0", fmt.Sprintf("numpy==2.%d.0", serial%5)},
				PackageManagers: true, Meta: map[string]string{"team": "data"}}
			live := env.Live("bench", addr, Epoch.Add(time.Duration(serial)*time.Minute))
			id := fmt.Sprintf("s%d-%d", serial, i)
			spec := live.EnvSpec
			batch = append(batch,
				state.Record{Kind: state.KindIntent, Intent: &state.Intent{ID: id, Op: state.OpUpdate, Address: addr, EnvID: env.ID, Spec: &spec}},
				state.Record{Kind: state.KindResult, Result: &state.Result{IntentID: id, OK: true, Live: live}})
		}
		batch = append(batch, state.Record{Kind: state.KindApplyEnd, Apply: &state.Apply{Summary: map[string]int{"update": 10}}})
		seq += 22
		if len(batch) >= 1000 {
			if err := flush(); err != nil {
				return "", err
			}
		}
	}
	return "environment.e007", flush()
}
