package state

import (
	"context"

	"terrarium/schema"
)

// RecordedSensitiveValues returns every string l recorded at a path that
// was sensitive when it was recorded: the values of the intents' specs at
// their sensitive paths, of the objects their results recorded at the
// same paths, of later objects of the address (refresh, import, move) at
// the paths last recorded sensitive for it, and those a checkpoint holds.
// An environment keeps a value the configuration has since changed or
// dropped until the next apply replaces it, and a forgotten environment
// keeps it for good, so the debug log hides these as well as the
// configuration's. The list may repeat a value; errors are l's.
func RecordedSensitiveValues(ctx context.Context, l Log) ([]string, error) {
	var out []string
	byIntent := map[string][]string{}  // intent ID: its sensitive paths
	byAddress := map[string][]string{} // address: its last sensitive paths
	add := func(s *schema.EnvSpec, paths []string) {
		if s == nil {
			return
		}
		for _, p := range paths {
			out = append(out, s.ValuesAt(p)...)
		}
	}
	addLive := func(l *schema.LiveEnv, paths []string) {
		if l != nil {
			add(&l.EnvSpec, paths)
		}
	}
	err := l.Records(ctx, func(rec Record) error {
		switch {
		case rec.Intent != nil && len(rec.Intent.Sensitive) > 0:
			in := rec.Intent
			byIntent[in.ID] = in.Sensitive
			byAddress[in.Address] = union(byAddress[in.Address], in.Sensitive)
			add(in.Spec, in.Sensitive)
		case rec.Result != nil:
			paths := byIntent[rec.Result.IntentID]
			if paths == nil {
				paths = byAddress[rec.Result.Address]
			}
			addLive(rec.Result.Live, paths)
		case rec.Env != nil:
			paths := byAddress[rec.Env.Address]
			if rec.Env.From != "" {
				paths = union(paths, byAddress[rec.Env.From])
				byAddress[rec.Env.Address] = paths
			}
			addLive(rec.Env.Live, paths)
		case rec.Checkpoint != nil:
			for addr, r := range rec.Checkpoint.Resources {
				byAddress[addr] = union(byAddress[addr], r.Sensitive)
				addLive(&r.Live, r.Sensitive)
				addLive(r.Baseline, r.Sensitive)
			}
			for _, in := range rec.Checkpoint.Pending {
				byIntent[in.ID] = in.Sensitive
				add(in.Spec, in.Sensitive)
			}
		}
		return nil
	})
	return out, err
}
