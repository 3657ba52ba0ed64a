package statetest

import (
	"context"
	"fmt"
	"time"

	"terrarium/internal/state"
)

// GrowLog appends to the log l what applies of perApply changes each write
// until about records records follow: the first applies create envs
// environments, the later ones update them in turn (ten hosts and packages
// that change), each apply as apply_start, an intent and a result per
// change, apply_end. Each apply is one Append, so a checkpoint can follow
// any apply, as with real applies that share group commits. It returns an
// address with history.
func GrowLog(l *state.Local, records, envs, perApply int) (string, error) {
	ctx := context.Background()
	made := 0
	for seq := l.Head().Seq; seq < int64(records); {
		serial := l.Snapshot().Serial + 1
		at := Epoch.Add(time.Duration(serial) * time.Minute)
		batch := []state.Record{{Kind: state.KindApplyStart, Apply: &state.Apply{Serial: serial, Actor: "ci@runner", Host: "runner", GitCommit: fmt.Sprintf("%040x", serial), GitBranch: "main"}}}
		summary := map[string]int{}
		for i := range perApply {
			op, k := state.OpCreate, made
			if made < envs {
				made++
			} else {
				op, k = state.OpUpdate, (int(serial)*perApply+i)%envs
			}
			addr := fmt.Sprintf("environment.e%05d", k)
			env := Env{ID: fmt.Sprintf("env_%05d", k), Name: fmt.Sprintf("e%05d", k), Description: "environment of team " + fmt.Sprint(k%20),
				Hosts: []string{"https://api.corp.example", fmt.Sprintf("https://h%d.example", serial%7)}, Pip: []string{"pandas==2.2.0", fmt.Sprintf("numpy==2.%d.0", serial%5)},
				PackageManagers: true, Meta: map[string]string{"team": fmt.Sprint(k % 20)}}
			live := env.Live(l.Snapshot().Stack, addr, at)
			spec := live.EnvSpec
			in := &state.Intent{ID: fmt.Sprintf("s%d-%d", serial, i), Op: op, Address: addr, Spec: &spec}
			if op == state.OpUpdate {
				in.EnvID = env.ID
			}
			batch = append(batch,
				state.Record{Kind: state.KindIntent, Intent: in},
				state.Record{Kind: state.KindResult, Result: &state.Result{IntentID: in.ID, OK: true, Live: live}})
			summary[string(op)]++
			if made == envs && op == state.OpCreate && i+1 < perApply {
				break // the creates end an apply of their own
			}
		}
		batch = append(batch, state.Record{Kind: state.KindApplyEnd, Apply: &state.Apply{Summary: summary}})
		if err := l.Append(ctx, batch...); err != nil {
			return "", err
		}
		seq = l.Head().Seq
	}
	return "environment.e00007", nil
}
