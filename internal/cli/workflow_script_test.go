package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/rogpeppe/go-internal/testscript"
	"go.yaml.in/yaml/v3"

	"terrarium/internal/emulator"
)

// This file runs the example GitHub workflow's own steps in a testscript:
//
//	workflow FILE JOB
//
// runs every step of JOB in order as GitHub Actions would: `run:` steps in
// bash -eo pipefail with the workflow's, the job's and the step's env, the
// GitHub variables the script set (GITHUB_EVENT_NAME, GITHUB_REPOSITORY,
// ...), a fresh GITHUB_OUTPUT per step, `if:` conditions and ${{ }}
// expressions evaluated, and a step that fails skipping the rest unless
// their condition says always(). The `uses:` steps are stood in for:
// checkout and the terrarium action do nothing (the script prepared the
// work tree; terrarium is on PATH), upload-artifact copies into
// $GH_FAKE/artifacts/NAME, upload-sarif checks the file is a SARIF 2.1.0
// log and copies it to $GH_FAKE/sarif. The API is an emulator on
// $WORK/api/.terrarium/emulator.json (envctl changes it from $WORK/api),
// the secret ANTHROPIC_API_KEY its key. The job's `if:` must hold. Every
// step's output goes to the command's stdout; the command fails when the
// job fails.

func init() {
	planScriptCmds["workflow"] = workflowCmd
	planScriptCmds["envfile"] = envfile
}

// envfile NAME FILE sets NAME to FILE's content, trimmed.
func envfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: envfile NAME FILE")
	}
	b, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	ts.Setenv(args[0], strings.TrimSpace(string(b)))
}

type wfStep struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
	With map[string]string `yaml:"with"`
}

type wfJob struct {
	If    string            `yaml:"if"`
	Env   map[string]string `yaml:"env"`
	Steps []wfStep          `yaml:"steps"`
}

type workflowFile struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]wfJob  `yaml:"jobs"`
}

// wfPassEnv are the script variables a step sees, besides the workflow's.
// GORACE carries the race runtime's options (see childproc.QuickRaceExit)
// to the terrarium a step runs.
var wfPassEnv = []string{"PATH", "HOME", "WORK", "TMPDIR", "GH_FAKE", "GORACE",
	"GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
	"GITHUB_EVENT_NAME", "GITHUB_REPOSITORY", "GITHUB_REF", "GITHUB_RUN_ID", "GITHUB_SERVER_URL", "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "CI"}

const wfAPIKey = "workflow-key"

func workflowCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: workflow FILE JOB")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	var wf workflowFile
	ts.Check(yaml.Unmarshal(data, &wf))
	job, ok := wf.Jobs[args[1]]
	if !ok {
		ts.Fatalf("no job %q in %s", args[1], args[0])
	}
	// Each job starts on a fresh runner: nothing but what git tracks.
	clean := exec.Command("git", "clean", "-ffdxq")
	clean.Dir = ts.MkAbs(".")
	if out, err := clean.CombinedOutput(); err != nil {
		ts.Fatalf("git clean: %v\n%s", err, out)
	}
	api := filepath.Join(ts.Getenv("WORK"), "api", ".terrarium")
	ts.Check(os.MkdirAll(api, 0o700))
	// Every job of a script talks to the same API URL, as every job of a
	// real workflow does: a run records its origin, and apply refuses a
	// plan made against another.
	addrFile := filepath.Join(api, "listen")
	addr := "127.0.0.1:0"
	if b, err := os.ReadFile(addrFile); err == nil {
		addr = string(b)
	}
	srv, err := emulator.Start(addr, emulator.Options{DataFile: filepath.Join(api, "emulator.json"), APIKey: wfAPIKey})
	ts.Check(err)
	defer srv.Close()
	ts.Check(os.WriteFile(addrFile, []byte(strings.TrimPrefix(srv.URL, "http://")), 0o600))

	r := &wfRun{ts: ts, steps: map[string]*wfResult{}}
	r.ctx = map[string]string{
		"github.event_name":                  ts.Getenv("GITHUB_EVENT_NAME"),
		"github.ref":                         ts.Getenv("GITHUB_REF"),
		"github.token":                       "fake-token",
		"secrets.ANTHROPIC_API_KEY":          wfAPIKey,
		"github.event.pull_request.number":   ts.Getenv("PR_NUMBER"),
		"github.event.pull_request.head.sha": ts.Getenv("PR_HEAD_SHA"),
		"inputs.command":                     ts.Getenv("INPUT_COMMAND"),
	}
	for k, v := range wf.Env {
		r.ctx["env."+k] = v
	}
	base := []string{"ANTHROPIC_BASE_URL=" + srv.URL, "GITHUB_SHA=" + r.gitHead()}
	for _, k := range wfPassEnv {
		base = append(base, k+"="+ts.Getenv(k))
	}
	for k, v := range wf.Env {
		base = append(base, k+"="+r.expand(v))
	}
	for k, v := range job.Env {
		base = append(base, k+"="+r.expand(v))
	}
	if job.If != "" && !r.truth(r.eval(job.If)) {
		ts.Fatalf("job %s would not run: if: %s", args[1], job.If)
	}
	out := ts.Stdout()
	for i, st := range job.Steps {
		name := st.Name
		if name == "" {
			name = st.Uses
		}
		cond := st.If
		if !strings.Contains(cond, "always()") && !strings.Contains(cond, "success()") && !strings.Contains(cond, "failure()") {
			// As GitHub: a condition without a status function also
			// needs every earlier step to have succeeded.
			cond = "success()"
			if st.If != "" {
				cond = "success() && (" + st.If + ")"
			}
		}
		res := &wfResult{outputs: map[string]string{}}
		if st.ID != "" {
			r.steps[st.ID] = res
		}
		if !r.truth(r.eval(cond)) {
			res.outcome = "skipped"
			fmt.Fprintf(out, "## step %d %s: skipped\n", i+1, name)
			continue
		}
		fmt.Fprintf(out, "## step %d %s\n", i+1, name)
		var err error
		if st.Uses != "" {
			err = r.uses(st)
		} else {
			err = r.run(st, base, res)
		}
		res.outcome = "success"
		if err != nil {
			res.outcome = "failure"
			r.failed = true
			fmt.Fprintf(out, "## step %d %s: failed: %v\n", i+1, name, err)
		}
	}
	if r.failed != neg {
		ts.Fatalf("job %s failed: %v (see the steps' output)", args[1], r.failed)
	}
}

type wfResult struct {
	outcome string
	outputs map[string]string
}

type wfRun struct {
	ts     *testscript.TestScript
	ctx    map[string]string
	steps  map[string]*wfResult
	failed bool
}

func (r *wfRun) gitHead() string {
	cmd := exec.Command("git", "rev-parse", "HEAD")
	cmd.Dir = r.ts.MkAbs(".")
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

// run runs a run: step in bash -eo pipefail, as GitHub's default shell.
func (r *wfRun) run(st wfStep, base []string, res *wfResult) error {
	dir := r.ts.MkAbs(".")
	outFile := filepath.Join(r.ts.Getenv("WORK"), ".github_output")
	r.ts.Check(os.WriteFile(outFile, nil, 0o600))
	env := append(append([]string(nil), base...), "GITHUB_OUTPUT="+outFile)
	for k, v := range st.Env {
		env = append(env, k+"="+r.expand(v))
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", r.expand(st.Run))
	cmd.Dir, cmd.Env = dir, env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	r.ts.Stdout().Write(buf.Bytes())
	b, _ := os.ReadFile(outFile)
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			res.outputs[k] = v
		}
	}
	return err
}

// uses stands in for the actions the workflow uses.
func (r *wfRun) uses(st wfStep) error {
	action, _, _ := strings.Cut(st.Uses, "@")
	fake := r.ts.Getenv("GH_FAKE")
	switch {
	case action == "actions/checkout" || strings.HasSuffix(action, "/terrarium"):
		return nil
	case action == "actions/upload-artifact":
		src := r.ts.MkAbs(r.expand(st.With["path"]))
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		dst := filepath.Join(fake, "artifacts", r.expand(st.With["name"]))
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, filepath.Base(src)), b, 0o644)
	case action == "github/codeql-action/upload-sarif":
		b, err := os.ReadFile(r.ts.MkAbs(r.expand(st.With["sarif_file"])))
		if err != nil {
			return err
		}
		if !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
			return fmt.Errorf("%s is not a SARIF 2.1.0 log", st.With["sarif_file"])
		}
		if err := os.MkdirAll(filepath.Join(fake, "sarif"), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(fake, "sarif", "upload.sarif"), b, 0o644)
	}
	return fmt.Errorf("the test does not stand in for %s", st.Uses)
}

// expand replaces every ${{ expr }} in s.
func (r *wfRun) expand(s string) string {
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			r.ts.Fatalf("unterminated expression in %q", s)
		}
		v := r.eval(s[i+3 : i+j])
		s = s[:i] + fmt.Sprint(v) + s[i+j+2:]
	}
}

func (r *wfRun) truth(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v != ""
	}
	return v != nil
}

// eval evaluates the subset of GitHub's expression language the workflow
// uses: || && == != ! ( ), 'strings', always() success() failure(), and
// the contexts above (an unknown one fails the test).
func (r *wfRun) eval(expr string) any {
	p := &wfParser{r: r, toks: wfTokens(expr)}
	v := p.or()
	if p.pos != len(p.toks) {
		r.ts.Fatalf("cannot evaluate %q at %q", expr, p.toks[p.pos])
	}
	return v
}

func wfTokens(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t':
			i++
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			toks = append(toks, s[i:i+j+2])
			i += j + 2
		case strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||") || strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!="):
			toks = append(toks, s[i:i+2])
			i += 2
		case c == '(' || c == ')' || c == '!':
			toks = append(toks, string(c))
			i++
		default:
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '.' || s[j] == '_' || s[j] == '-') {
				j++
			}
			if j == i {
				j = i + 1
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks
}

type wfParser struct {
	r    *wfRun
	toks []string
	pos  int
}

func (p *wfParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *wfParser) or() any {
	v := p.and()
	for p.peek() == "||" {
		p.pos++
		w := p.and()
		if !p.r.truth(v) {
			v = w
		}
	}
	return v
}

func (p *wfParser) and() any {
	v := p.cmp()
	for p.peek() == "&&" {
		p.pos++
		w := p.cmp()
		if p.r.truth(v) {
			v = w
		}
	}
	return v
}

func (p *wfParser) cmp() any {
	v := p.unary()
	for op := p.peek(); op == "==" || op == "!="; op = p.peek() {
		p.pos++
		w := p.unary()
		eq := fmt.Sprint(v) == fmt.Sprint(w)
		v = eq == (op == "==")
	}
	return v
}

func (p *wfParser) unary() any {
	switch t := p.peek(); {
	case t == "!":
		p.pos++
		return !p.r.truth(p.unary())
	case t == "(":
		p.pos++
		v := p.or()
		if p.peek() != ")" {
			p.r.ts.Fatalf("missing ) in expression")
		}
		p.pos++
		return v
	case strings.HasPrefix(t, "'"):
		p.pos++
		return strings.Trim(t, "'")
	case t == "true" || t == "false":
		p.pos++
		return t == "true"
	case t == "always" || t == "success" || t == "failure":
		p.pos += 3 // name ( )
		switch t {
		case "always":
			return true
		case "success":
			return !p.r.failed
		}
		return p.r.failed
	default:
		p.pos++
		return p.r.lookup(t)
	}
}

// lookup reads a context value.
func (r *wfRun) lookup(name string) any {
	if v, ok := r.ctx[name]; ok {
		return v
	}
	if rest, ok := strings.CutPrefix(name, "steps."); ok {
		id, field, _ := strings.Cut(rest, ".")
		res := r.steps[id]
		if res == nil {
			return ""
		}
		if out, ok := strings.CutPrefix(field, "outputs."); ok {
			return res.outputs[out]
		}
		if field == "outcome" || field == "conclusion" {
			return res.outcome
		}
	}
	r.ts.Fatalf("the workflow reads %s, which this test does not provide", name)
	return nil
}
