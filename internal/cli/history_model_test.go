package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/change"
	"terrarium/internal/cli"
	"terrarium/internal/emulator"
	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

// The model-based fault test (issue 19): random sequences of configuration
// versions (creates, updates that widen and narrow egress, renames and
// name swaps, replaces, alone and combined with swaps and renames,
// archives) are applied under random fault schedules
// (drop after commit, 5xx/529 after commit, 429, a crash at each failpoint,
// a full disk), and every version is rerun until it converges. After every
// run and at every convergence the invariants of the state log's history
// are checked:
//
//   - no two live environments carry one address;
//   - state verify passes;
//   - after a successful apply, no intent is pending;
//   - for every managed environment, the latest history version is the
//     live object;
//   - every change terrarium made appears exactly once in history, as
//     terrarium's (never "outside", a refresh, an import or an adoption),
//     in the apply that made it, with the egress delta its plan showed;
//     and no version is attributed to an apply whose plan did not change
//     its address.
//
// A failure prints its seed and the shortest sequence of steps found that
// still fails. The default run takes 4 seeds of 8 versions whose faults
// take turns; TERRARIUM_LONG=1 runs 60 seeds of 12 versions with faults
// drawn at random; TERRARIUM_MODEL_SEED=N runs one seed.

// modelEnv is one configured environment of the model.
type modelEnv struct {
	Name       string   `json:"name"`
	Desc       string   `json:"desc,omitempty"`
	SelfHosted bool     `json:"self_hosted,omitempty"`
	Hosts      []string `json:"hosts,omitempty"`
}

// modelStep is one configuration version and the fault its first apply
// meets.
type modelStep struct {
	Config map[string]*modelEnv `json:"config"` // label -> environment
	What   []string             `json:"what"`   // the mutations, for the report
	Fault  modelFault           `json:"fault"`
}

// modelFault is a fault schedule for one apply: emulator injections
// (TERRARIUM_EMULATOR_FAULTS) and failpoints (TERRARIUM_FAILPOINTS).
type modelFault struct {
	Name       string `json:"name"`
	Emulator   string `json:"emulator,omitempty"`
	Failpoints string `json:"failpoints,omitempty"`
}

func (s modelStep) String() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// genSequence draws n configuration versions with their faults. With
// cycle, the fault kinds take turns instead of being drawn, so that a
// short run meets every kind.
func genSequence(seed uint64, n int, localBackend, cycle bool) []modelStep {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	labels := []string{"e0", "e1", "e2", "e3"}
	hosts := []string{"https://h0.example", "https://h1.example", "https://h2.example", "https://h3.example"}
	cur := map[string]*modelEnv{}
	nextName := 0
	fresh := func() string { nextName++; return fmt.Sprintf("n%d", nextName) }
	clone := func() map[string]*modelEnv {
		out := map[string]*modelEnv{}
		for k, v := range cur {
			c := *v
			c.Hosts = slices.Clone(v.Hosts)
			out[k] = &c
		}
		return out
	}
	present := func() []string {
		var out []string
		for _, l := range labels {
			if cur[l] != nil {
				out = append(out, l)
			}
		}
		return out
	}
	var seq []modelStep
	for i := 0; i < n; i++ {
		var what []string
		for m := 0; m < 1+rng.IntN(2); m++ {
			p := present()
			kind := rng.IntN(10)
			if len(p) == 0 || i == 0 {
				kind = 0
			}
			switch kind {
			case 0: // create
				var absent []string
				for _, l := range labels {
					if cur[l] == nil {
						absent = append(absent, l)
					}
				}
				if len(absent) == 0 {
					continue
				}
				l := absent[rng.IntN(len(absent))]
				cur[l] = &modelEnv{Name: fresh(), Hosts: []string{hosts[rng.IntN(len(hosts))]}}
				what = append(what, "create "+l)
			case 1: // description
				l := p[rng.IntN(len(p))]
				cur[l].Desc = fmt.Sprintf("d%d", rng.IntN(1000))
				what = append(what, "describe "+l)
			case 2: // widen
				l := p[rng.IntN(len(p))]
				if e := cur[l]; !e.SelfHosted {
					h := hosts[rng.IntN(len(hosts))]
					if !slices.Contains(e.Hosts, h) {
						e.Hosts = append(e.Hosts, h)
						what = append(what, "widen "+l)
					}
				}
			case 3: // narrow
				l := p[rng.IntN(len(p))]
				if e := cur[l]; !e.SelfHosted && len(e.Hosts) > 0 {
					e.Hosts = slices.Delete(e.Hosts, 0, 1)
					what = append(what, "narrow "+l)
				}
			case 4: // rename
				l := p[rng.IntN(len(p))]
				cur[l].Name = fresh()
				what = append(what, "rename "+l)
			case 5: // swap names
				if len(p) < 2 {
					continue
				}
				a, b := p[rng.IntN(len(p))], p[rng.IntN(len(p))]
				if a == b {
					continue
				}
				cur[a].Name, cur[b].Name = cur[b].Name, cur[a].Name
				what = append(what, "swap "+a+" "+b)
			case 6: // replace (config type change)
				l := p[rng.IntN(len(p))]
				e := cur[l]
				e.SelfHosted = !e.SelfHosted
				e.Hosts = nil
				if !e.SelfHosted {
					e.Hosts = []string{hosts[rng.IntN(len(hosts))]}
				}
				what = append(what, "replace "+l)
			case 8, 9: // a replace combined with a swap, or with a rename into its old name
				if len(p) < 2 {
					continue
				}
				a, b := p[rng.IntN(len(p))], p[rng.IntN(len(p))]
				if a == b {
					continue
				}
				if kind == 8 {
					cur[a].Name, cur[b].Name = cur[b].Name, cur[a].Name
					what = append(what, "swap "+a+" "+b+" and replace "+a)
				} else {
					cur[a].Name, cur[b].Name = fresh(), cur[a].Name
					what = append(what, "replace "+a+" and rename "+b+" into its name")
				}
				e := cur[a]
				e.SelfHosted = !e.SelfHosted
				e.Hosts = nil
				if !e.SelfHosted {
					e.Hosts = []string{hosts[rng.IntN(len(hosts))]}
				}
			case 7: // archive (the block goes)
				l := p[rng.IntN(len(p))]
				delete(cur, l)
				what = append(what, "archive "+l)
			}
		}
		kind := rng.IntN(8)
		if cycle {
			kind = (int(seed) + i) % 8
		}
		seq = append(seq, modelStep{Config: clone(), What: what, Fault: genFault(rng, kind, localBackend)})
	}
	return seq
}

// genFault draws the fault of one apply, of kind 0..7.
func genFault(rng *rand.Rand, kind int, localBackend bool) modelFault {
	after, count := rng.IntN(3), 1+rng.IntN(3)
	inject := func(items ...string) string {
		return `{"inject":[` + strings.Join(items, ",") + `]}`
	}
	switch k := kind; {
	case k == 0:
		return modelFault{Name: "none"}
	case k == 1:
		return modelFault{Name: "drop after commit", Emulator: inject(fmt.Sprintf(`{"drop_after_commit":true,"method":"POST","after":%d,"count":%d}`, after, count))}
	case k == 2:
		return modelFault{Name: "drop after commit, then 529", Emulator: inject(
			fmt.Sprintf(`{"drop_after_commit":true,"method":"POST","after":%d}`, after),
			fmt.Sprintf(`{"status":529,"method":"POST","after":%d,"count":2}`, after))}
	case k == 3:
		return modelFault{Name: "500", Emulator: inject(fmt.Sprintf(`{"status":500,"method":"POST","after":%d,"count":%d}`, after, count))}
	case k == 4:
		return modelFault{Name: "429", Emulator: inject(fmt.Sprintf(`{"status":429,"retry_after":"0","method":"POST","after":%d,"count":%d}`, after, count))}
	case k == 7 && localBackend:
		return modelFault{Name: "disk full", Failpoints: fmt.Sprintf("state-write=enospc@%d", 1+rng.IntN(4))}
	default:
		fp := []string{"apply-after-response", "state-after-fsync", "state-before-fsync"}[rng.IntN(3)]
		return modelFault{Name: "crash at " + fp, Failpoints: fmt.Sprintf("%s=exit@%d", fp, 1+rng.IntN(4))}
	}
}

// modelBackend is where the state log of a model run lives.
type modelBackend struct {
	name  string
	block func() string // the terrarium block's backend part, per run
	env   []string
}

func TestHistoryModelUnderFaults(t *testing.T) {
	t.Parallel() // its own directories; every run is a child process
	seeds, steps, cycle := []uint64{1, 2, 3, 4}, 8, true
	if longRun() {
		cycle = false
		steps = 12
		seeds = nil
		for s := uint64(100); s < 160; s++ {
			seeds = append(seeds, s)
		}
	}
	if s := os.Getenv("TERRARIUM_MODEL_SEED"); s != "" {
		var n uint64
		if _, err := fmt.Sscan(s, &n); err != nil {
			t.Fatalf("TERRARIUM_MODEL_SEED: %v", err)
		}
		seeds = []uint64{n}
	}
	backends := []modelBackend{{name: "local", block: func() string { return "" }}}
	if conn := os.Getenv("TERRARIUM_TEST_PG"); conn != "" {
		backends = append(backends, modelBackend{name: "postgres", env: []string{"TERRARIUM_PG_CONN=" + conn}, block: func() string {
			return "  backend \"postgres\" {\n    schema_name = \"" + cli.PGSchema(t, conn) + "\"\n  }\n"
		}})
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			for _, seed := range seeds {
				seq := genSequence(seed, steps, be.name == "local", cycle)
				if err := runModel(t, be, seq); err != nil {
					shortest := shrinkModel(t, be, seq)
					var b strings.Builder
					for i, s := range shortest {
						fmt.Fprintf(&b, "  %d: %s\n", i+1, s)
					}
					t.Fatalf("seed %d (%s backend): %v\nshortest failing sequence (%d of %d steps):\n%s",
						seed, be.name, err, len(shortest), len(seq), b.String())
				}
			}
		})
	}
}

// shrinkModel drops steps one at a time while the sequence still fails,
// and returns the shortest failing sequence found.
func shrinkModel(t *testing.T, be modelBackend, seq []modelStep) []modelStep {
	for i := 0; i < len(seq); {
		shorter := slices.Delete(slices.Clone(seq), i, i+1)
		if len(shorter) > 0 && runModel(t, be, shorter) != nil {
			seq = shorter
			continue
		}
		i++
	}
	return seq
}

// writeModelConfig writes the configuration of one step.
func writeModelConfig(dir, backendBlock string, cfg map[string]*modelEnv) error {
	var b strings.Builder
	b.WriteString("terrarium {\n  stack = \"model\"\n" + backendBlock + "}\n")
	labels := make([]string, 0, len(cfg))
	for l := range cfg {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		e := cfg[l]
		fmt.Fprintf(&b, "\nenvironment %q {\n  name = %q\n", l, e.Name)
		if e.Desc != "" {
			fmt.Fprintf(&b, "  description = %q\n", e.Desc)
		}
		if e.SelfHosted {
			b.WriteString("  config {\n    type = \"self_hosted\"\n  }\n}\n")
			continue
		}
		hosts, _ := json.Marshal(e.Hosts)
		if e.Hosts == nil {
			hosts = []byte("[]")
		}
		fmt.Fprintf(&b, "  config {\n    type = \"cloud\"\n    networking {\n      type          = \"limited\"\n      allowed_hosts = %s\n    }\n  }\n}\n", hosts)
	}
	return os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(b.String()), 0o600)
}

// expectation is a change an apply made: the history of Address must hold
// exactly one version of apply Serial, with the plan's egress delta.
type expectation struct {
	Address string
	Serial  int64
	Egress  change.Egress
	Why     string
}

var settledLanded = regexp.MustCompile(`(?m)^terrarium: settled (\S+): the (\w+) of an earlier apply \(int_\w+\) landed`)

// runModel runs seq in a fresh directory and returns the first broken
// invariant.
func runModel(t *testing.T, be modelBackend, seq []modelStep) error {
	dir := t.TempDir()
	block := be.block()
	env := cleanEnv(be.env...)
	var expect []expectation
	plans := map[int64]*plan.Plan{} // apply serial -> its plan
	const maxRuns = 6
	for si, st := range seq {
		if err := writeModelConfig(dir, block, st.Config); err != nil {
			return err
		}
		converged := false
		var prev *plan.Plan // the plan of the previous run, for settlements
		for run := 0; run < maxRuns && !converged; run++ {
			where := fmt.Sprintf("step %d (%s), run %d", si+1, strings.Join(st.What, ", "), run+1)
			_ = os.Remove(filepath.Join(dir, ".terrarium", state.LockFile)) // a crashed run's holder info
			p := runBin(t, dir, env, "plan", "--emulator", "--detailed-exitcode", "--out", "run.tfplan")
			if p.code == 1 {
				return fmt.Errorf("%s: plan failed: %s", where, describe(p))
			}
			// A settled landing of a one-call change is that change.
			for _, m := range settledLanded.FindAllStringSubmatch(p.stderr, -1) {
				if prev == nil {
					continue
				}
				if c := changeAt(prev, m[1]); c != nil && c.TempName == "" && c.ParkName == "" &&
					string(c.Action) == m[2] && (c.Action == plan.ActionUpdate || c.Action == plan.ActionCreate) {
					expect = append(expect, expectation{m[1], prev.Serial + 1, egressAt(prev, m[1]), where + ": settled"})
				}
			}
			if p.code == 0 {
				// plan records nothing; apply records what it settled.
				if a := runBin(t, dir, env, "apply", "--emulator", "--auto-approve"); a.code != 0 || !strings.Contains(a.stdout, "No changes.") {
					return fmt.Errorf("%s: apply after a plan with no changes: %s", where, describe(a))
				}
				converged = true
				break
			}
			pl, err := plan.Load(filepath.Join(dir, "run.tfplan"))
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			runEnv := env
			if run == 0 {
				runEnv = append(slices.Clone(env), "TERRARIUM_EMULATOR_FAULTS="+st.Fault.Emulator, "TERRARIUM_FAILPOINTS="+st.Fault.Failpoints)
			}
			a := runBin(t, dir, runEnv, "apply", "--emulator", "--json", "run.tfplan")
			for _, addr := range completed(a.stdout) {
				expect = append(expect, expectation{addr, pl.Serial + 1, egressAt(pl, addr), where})
			}
			prev = pl
			plans[pl.Serial+1] = pl
			if err := checkRun(t, dir, env, a); err != nil {
				return fmt.Errorf("%s (fault %s): %v", where, st.Fault.Name, err)
			}
		}
		t.Logf("step %d (%s; fault %s): converged, %d change(s) to find in history", si+1, strings.Join(st.What, ", "), st.Fault.Name, len(expect))
		if !converged {
			return fmt.Errorf("step %d (%s): not converged after %d runs", si+1, strings.Join(st.What, ", "), maxRuns)
		}
		if err := checkConvergedModel(t, dir, env, expect, plans); err != nil {
			return fmt.Errorf("step %d (%s), fault %s: %v", si+1, strings.Join(st.What, ", "), st.Fault.Name, err)
		}
	}
	return nil
}

func changeAt(p *plan.Plan, addr string) *plan.Change {
	for i := range p.Changes {
		if p.Changes[i].Address == addr {
			return &p.Changes[i]
		}
	}
	return nil
}

func egressAt(p *plan.Plan, addr string) change.Egress {
	for _, d := range p.Egress {
		if d.Address == addr {
			return d.Items
		}
	}
	return nil
}

// completed lists the addresses whose change an apply's JSON events report
// complete (its last step, not a swap's parking rename).
func completed(stdout string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var ev struct {
			Type    string `json:"type"`
			Address string `json:"address"`
			Step    string `json:"step"`
		}
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Type == "change_completed" && ev.Step == "" {
			out = append(out, ev.Address)
		}
	}
	return out
}

// checkRun checks the invariants that hold after every run.
func checkRun(t *testing.T, dir string, env []string, a result) error {
	live, err := modelLive(dir)
	if err != nil {
		return err
	}
	seen := map[string]string{}
	for _, l := range live {
		if _, addr := l.Owner(); addr != "" && !l.Archived() {
			if prev, ok := seen[addr]; ok {
				return fmt.Errorf("duplicate environments for %s: %s and %s", addr, prev, l.ID)
			}
			seen[addr] = l.ID
		}
	}
	if v := runBin(t, dir, env, "state", "verify"); v.code != 0 {
		return fmt.Errorf("state verify: %s", describe(v))
	}
	if a.code == 0 {
		snap, err := modelState(t, dir, env)
		if err != nil {
			return err
		}
		if len(snap.Pending) > 0 {
			return fmt.Errorf("the apply succeeded and %d intent(s) are pending: %+v", len(snap.Pending), snap.Pending)
		}
	}
	return nil
}

// checkConvergedModel checks the history against the live objects and the
// changes the applies made.
func checkConvergedModel(t *testing.T, dir string, env []string, expect []expectation, plans map[int64]*plan.Plan) error {
	snap, err := modelState(t, dir, env)
	if err != nil {
		return err
	}
	if len(snap.Pending) > 0 {
		return fmt.Errorf("converged with %d intent(s) pending", len(snap.Pending))
	}
	live, err := modelLive(dir)
	if err != nil {
		return err
	}
	byID := map[string]*schema.LiveEnv{}
	for i := range live {
		byID[live[i].ID] = &live[i]
	}
	histories := map[string]*state.AddressHistory{}
	history := func(addr string) (*state.AddressHistory, error) {
		if h, ok := histories[addr]; ok {
			return h, nil
		}
		r := runBin(t, dir, env, "history", addr, "--json")
		if r.code != 0 {
			return nil, fmt.Errorf("history %s: %s", addr, describe(r))
		}
		var h state.AddressHistory
		if err := json.Unmarshal([]byte(r.stdout), &h); err != nil {
			return nil, fmt.Errorf("history %s --json: %v", addr, err)
		}
		histories[addr] = &h
		return &h, nil
	}
	for _, res := range snap.Resources {
		l := byID[res.ID]
		if l == nil {
			return fmt.Errorf("%s: the state log has %s, which the API does not list", res.Address, res.ID)
		}
		h, err := history(res.Address)
		if err != nil {
			return err
		}
		last := h.Version(h.Latest())
		if last == nil || last.Live == nil {
			return fmt.Errorf("%s: history has no current version", res.Address)
		}
		if d := change.LiveWithReserved(last.Live, l); last.Live.ID != l.ID || len(d) > 0 {
			return fmt.Errorf("%s: the latest history version v%d (%s) is not the live object %s: %+v", res.Address, last.N, last.Live.ID, l.ID, d)
		}
		for _, v := range h.Versions {
			switch v.Event {
			case "outside", "refresh", "import", "adopt", "gone":
				return fmt.Errorf("%s: v%d is recorded as %q; no change was made outside terrarium", res.Address, v.N, v.Event)
			}
		}
	}
	for _, e := range expect {
		h, err := history(e.Address)
		if err != nil {
			return err
		}
		var got []state.Version
		for _, v := range h.Versions {
			if !v.Step && v.Apply != nil && v.Apply.Serial == e.Serial {
				got = append(got, v)
			}
		}
		if len(got) != 1 {
			return fmt.Errorf("%s: %d version(s) of apply #%d in history, want exactly 1 (%s)", e.Address, len(got), e.Serial, e.Why)
		}
		if g, w := egressJSON(got[0].Egress), egressJSON(e.Egress); g != w {
			return fmt.Errorf("%s: v%d of apply #%d records egress %s; its plan showed %s (%s)", e.Address, got[0].N, e.Serial, g, w, e.Why)
		}
	}
	// No version is terrarium's unless an applied plan changed its address.
	for addr, h := range histories {
		for _, v := range h.Versions {
			if v.Step || v.Apply == nil {
				continue
			}
			if p := plans[v.Apply.Serial]; p == nil || changeAt(p, addr) == nil {
				return fmt.Errorf("%s: v%d (%s) is recorded in apply #%d, whose plan did not change %s", addr, v.N, v.Event, v.Apply.Serial, addr)
			}
		}
	}
	return nil
}

func egressJSON(e change.Egress) string {
	if e == nil {
		e = change.Egress{}
	}
	b, _ := json.Marshal(e)
	return string(b)
}

// modelSnapshot is the part of state list --json the model checks.
type modelSnapshot struct {
	Resources []struct {
		Address string `json:"address"`
		ID      string `json:"id"`
	} `json:"resources"`
	Pending []state.Intent `json:"pending"`
}

// modelState reads state list --json.
func modelState(t *testing.T, dir string, env []string) (*modelSnapshot, error) {
	r := runBin(t, dir, env, "state", "list", "--json")
	if r.code != 0 {
		return nil, fmt.Errorf("state list: %s", describe(r))
	}
	var st modelSnapshot
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		return nil, fmt.Errorf("state list --json: %v", err)
	}
	return &st, nil
}

// modelLive lists every environment the emulator of dir holds.
func modelLive(dir string) ([]schema.LiveEnv, error) {
	const key = "model-key"
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{DataFile: filepath.Join(dir, ".terrarium", "emulator.json"), APIKey: key})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: key})
	if err != nil {
		return nil, err
	}
	return c.List(context.Background(), api.ListOptions{IncludeArchived: true})
}
