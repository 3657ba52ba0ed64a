package state

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"terrarium/internal/origin"
	"terrarium/schema"
)

// hostileStrings are values encoding/json escapes or rewrites: HTML
// characters, quotes and backslashes, control characters, the line
// separators JavaScript reads as newlines, invalid UTF-8, and the bytes of
// the resources mark itself.
var hostileStrings = []string{
	"plain", `<script>&amp;</script>`, `"quoted" \ back`, "tab\tnew\nline\x00nul",
	"sep\u2028\u2029", "bad\xffutf8", `"resources":{}`, "ünïcödé 🌿", "",
}

// randomLive is an environment with hostile values at random.
func randomLive(rng *rand.Rand, id, address string, at time.Time) *schema.LiveEnv {
	pick := func() string { return hostileStrings[rng.IntN(len(hostileStrings))] }
	desc := pick()
	l := &schema.LiveEnv{ID: id, CreatedAt: at, UpdatedAt: at.Add(time.Duration(rng.IntN(1000)) * time.Nanosecond)}
	l.Name = "env-" + pick()
	if rng.IntN(3) > 0 {
		l.Description = &desc
	}
	l.Metadata = map[string]string{schema.MetaStack: "s", schema.MetaAddress: address, pick(): pick()}
	l.Config.Type = "cloud"
	l.Config.Packages = &schema.Packages{Apt: []string{}, Cargo: []string{}, Gem: []string{}, Go: []string{}, Npm: []string{pick()}, Pip: []string{}}
	if rng.IntN(2) == 0 {
		l.Config.Networking = &schema.Networking{Type: "limited", AllowedHosts: []string{"https://" + pick()}, AllowPackageManagers: rng.IntN(2) == 0}
	}
	if rng.IntN(10) == 0 {
		l.ArchivedAt = &at
	}
	return l
}

// TestCheckpointEncodingIsJSONMarshal holds the checkpoint encoder to its
// contract: over a random history (creates, updates, changes recorded as
// made outside terrarium, moves, forgets, ambiguous intents left pending,
// hostile strings in addresses and values), every checkpoint line is the
// bytes json.Marshal writes for the record, its size is known before the
// line is built, and the encodings kept between checkpoints are those of
// the current resources only.
func TestCheckpointEncodingIsJSONMarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 4))
	at := time.Date(2026, 11, 29, 15, 0, 0, 0, time.UTC)
	r := NewReplay()
	r.Apply(&Record{Kind: KindInit, Init: &Init{Stack: "s", Lineage: "l"}})
	var c Checkpoints
	ch := Chain{Seq: 1, Hash: HashLine([]byte("init"))}
	var addresses []string
	ids := 0
	intent := func(op Op, address string, live *schema.LiveEnv) *Intent {
		ids++
		in := &Intent{ID: fmt.Sprintf("int_%d", ids), Op: op, Address: address, PreventDestroy: rng.IntN(4) == 0}
		if live != nil {
			in.Spec = &live.EnvSpec
			in.EnvID = live.ID
		}
		if rng.IntN(5) == 0 {
			in.Sensitive = []string{"description"}
		}
		r.Apply(&Record{Kind: KindIntent, Intent: in})
		return in
	}
	for step := range 400 {
		o := &origin.Origin{APIURL: "https://api.example.com/" + hostileStrings[rng.IntN(len(hostileStrings))]}
		r.Apply(&Record{Kind: KindApplyStart, Apply: &Apply{Serial: int64(step + 1)}, Origin: o})
		for range 1 + rng.IntN(8) {
			switch k := rng.IntN(10); {
			case k < 4 || len(addresses) == 0: // create
				address := fmt.Sprintf("environment.e[%q]", hostileStrings[rng.IntN(len(hostileStrings))]+fmt.Sprint(len(addresses)))
				addresses = append(addresses, address)
				live := randomLive(rng, fmt.Sprintf("env_%d", len(addresses)), address, at)
				in := intent(OpCreate, address, live)
				r.Apply(&Record{Kind: KindResult, Result: &Result{IntentID: in.ID, OK: true, Outcome: OutcomeLanded, Live: live}, Origin: o})
			case k < 6: // update, or a change made outside terrarium
				address := addresses[rng.IntN(len(addresses))]
				live := randomLive(rng, "env_u", address, at)
				in := intent(OpUpdate, address, live)
				res := &Result{IntentID: in.ID, OK: true, Outcome: OutcomeLanded, Live: live}
				if rng.IntN(3) == 0 {
					res.OK, res.Outcome = false, OutcomeOutside
				}
				r.Apply(&Record{Kind: KindResult, Result: res, Origin: o})
			case k < 7: // move
				from := addresses[rng.IntN(len(addresses))]
				to := from + "_moved"
				addresses = append(addresses, to)
				r.Apply(&Record{Kind: KindMove, Env: &EnvRecord{Address: to, From: from}})
			case k < 8: // forget (the address may come back: Retired)
				r.Apply(&Record{Kind: KindForget, Env: &EnvRecord{Address: addresses[rng.IntN(len(addresses))]}})
			case k < 9: // an answer lost: pending
				intent(OpCreate, addresses[rng.IntN(len(addresses))], randomLive(rng, "env_p", "x", at))
			default: // refresh accepts drift
				address := addresses[rng.IntN(len(addresses))]
				r.Apply(&Record{Kind: KindRefresh, Env: &EnvRecord{Address: address, Live: randomLive(rng, "env_r", address, at)}})
			}
		}
		if rng.IntN(3) > 0 {
			continue
		}
		cp := Record{Kind: KindCheckpoint, Checkpoint: r.Snapshot()}
		line, err := c.encode(&ch, &cp, at.Add(time.Duration(step)*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(&cp)
		if err != nil {
			t.Fatal(err)
		}
		got := line.bytes()
		if !bytes.Equal(got, want) {
			t.Fatalf("step %d: checkpoint line differs from json.Marshal:\n got %.300s\nwant %.300s", step, got, want)
		}
		if line.size() != len(want) {
			t.Fatalf("step %d: size %d, line %d bytes", step, line.size(), len(want))
		}
		if len(c.encoded) != len(cp.Checkpoint.Resources) {
			t.Fatalf("step %d: %d encodings kept for %d resources", step, len(c.encoded), len(cp.Checkpoint.Resources))
		}
		for _, res := range cp.Checkpoint.Resources {
			if _, ok := c.encoded[res]; !ok {
				t.Fatalf("step %d: no encoding kept for %s", step, res.Address)
			}
		}
		ch.advance(got)
	}
	if len(addresses) < 100 {
		t.Fatalf("the history made only %d addresses", len(addresses))
	}
}

// TestCheckpointEncodingFallsBack: a snapshot without a resources map
// (encoded as null) is encoded by json.Marshal whole, and keeps nothing.
func TestCheckpointEncodingFallsBack(t *testing.T) {
	var c Checkpoints
	ch := Chain{}
	cp := Record{Kind: KindCheckpoint, Checkpoint: &Snapshot{Stack: "s", Lineage: "l"}}
	line, err := c.encode(&ch, &cp, time.Unix(0, 1))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(&cp)
	if got := line.bytes(); !bytes.Equal(got, want) || line.size() != len(want) || !bytes.Contains(got, []byte(`"resources":null`)) {
		t.Fatalf("got %s, want %s", got, want)
	}
	if c.encoded != nil {
		t.Fatalf("kept %d encodings", len(c.encoded))
	}
}

// BenchmarkSealApply1000 seals, in memory, the records of an apply of
// 1,000 creates in the batches an apply at parallelism 10 commits (ten
// intents, then ten results), with the checkpoints they pay for: the
// state log's CPU on an apply's critical path, without the disk.
func BenchmarkSealApply1000(b *testing.B) {
	at := time.Date(2026, 11, 29, 15, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	lives := make([]*schema.LiveEnv, 1000)
	for i := range lives {
		lives[i] = randomLive(rng, fmt.Sprintf("env_%d", i), fmt.Sprintf("environment.e%05d", i), at)
	}
	o := &origin.Origin{APIURL: "https://api.example.com", OrganizationID: "org"}
	for b.Loop() {
		var c LogCore
		c.Reset(defaultEvery)
		c.Seal(&Record{Kind: KindApplyStart, Apply: &Apply{Serial: 1}, Origin: o}, at)
		cps := 0
		for w := 0; w < len(lives); w += 10 {
			for i := w; i < w+10; i++ {
				c.Seal(&Record{Kind: KindIntent, Intent: &Intent{ID: fmt.Sprint("int_", i), Op: OpCreate, Address: fmt.Sprintf("environment.e%05d", i), Spec: &lives[i].EnvSpec}, Origin: o}, at)
			}
			if c.SealCheckpoint(at) != nil {
				cps++
			}
			for i := w; i < w+10; i++ {
				c.Seal(&Record{Kind: KindResult, Result: &Result{IntentID: fmt.Sprint("int_", i), OK: true, Outcome: OutcomeLanded, Live: lives[i]}, Origin: o}, at)
			}
			if c.SealCheckpoint(at) != nil {
				cps++
			}
		}
		if cps == 0 {
			b.Fatal("no checkpoint")
		}
	}
}
