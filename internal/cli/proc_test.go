package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// This file runs the real terrarium binary (testscript.Main puts a copy of
// the test binary named terrarium on $PATH) and an emulator process, for
// the reliability suites: secrets, concurrency, kill -9.

// binPath is the terrarium binary on $PATH.
func binPath(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("terrarium")
	if err != nil {
		t.Fatalf("terrarium binary not on PATH (testscript.Main sets it up): %v", err)
	}
	return p
}

// cleanEnv is the process environment without any credential, endpoint or
// setting that could leak in from the developer's shell, plus extra.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "ANTHROPIC_") || strings.HasPrefix(k, "TERRARIUM_") || k == "NO_COLOR" || k == "GITHUB_STEP_SUMMARY" {
			continue
		}
		env = append(env, kv)
	}
	// These runs test recovery against an emulator that enforces no rate
	// limit: pacing at the documented limits would only slow them down.
	env = append(env, "TERRARIUM_RATE_LIMITS=off")
	return append(env, extra...)
}

// result is one finished run of the binary.
type result struct {
	args           []string
	code           int
	stdout, stderr string
	took           time.Duration
}

// runBin runs terrarium in dir with env and returns its exit code and output.
func runBin(t testing.TB, dir string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath(t), args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Stdin = strings.NewReader("")
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("terrarium %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return result{args: args, code: code, stdout: out.String(), stderr: errOut.String(), took: took}
}

// emulatorProc is a `terrarium emulator` child process.
type emulatorProc struct {
	URL    string
	cmd    *exec.Cmd
	output *bytes.Buffer // stderr, for the secrets check
}

// startEmulatorProc starts `terrarium emulator` on a free port with data in
// dataFile and stops it when the test ends.
func startEmulatorProc(t testing.TB, dataFile string, env []string, extra ...string) *emulatorProc {
	t.Helper()
	args := append([]string{"emulator", "--listen", "127.0.0.1:0", "--data", dataFile, "--seed", "1"}, extra...)
	cmd := exec.Command(binPath(t), args...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &emulatorProc{cmd: cmd, output: &bytes.Buffer{}}
	cmd.Stderr = p.output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("emulator did not print its URL: %v\n%s", err, p.output)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	p.URL = strings.TrimSpace(line)
	return p
}

func (p *emulatorProc) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// control calls one of the emulator's /_emulator/ endpoints.
func (p *emulatorProc) control(t testing.TB, method, path string, body any, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
}

// liveEnv is the part of an emulator environment the suites check.
type liveEnv struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Metadata   map[string]string `json:"metadata"`
	ArchivedAt *string           `json:"archived_at"`
}

// environments lists every environment the emulator stores.
func (p *emulatorProc) environments(t testing.TB) []liveEnv {
	t.Helper()
	var envs []liveEnv
	p.control(t, "GET", "/_emulator/environments", nil, &envs)
	return envs
}

// hasCommand reports whether the binary knows a subcommand (plan and apply
// arrive on main from another branch).
func hasCommand(t testing.TB, name string) bool {
	r := runBin(t, t.TempDir(), cleanEnv(), name, "--help")
	return r.code == 0 && !strings.Contains(r.stderr+r.stdout, "unknown command")
}

func describe(r result) string {
	return fmt.Sprintf("terrarium %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}
