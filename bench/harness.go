package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"terrarium/internal/emulator"
)

// harness owns the work directory, the built binary and the emulator.
type harness struct {
	work    string
	bin     string
	latency time.Duration
	keep    bool
}

func newHarness(latency time.Duration, keep bool) (*harness, error) {
	work, err := os.MkdirTemp("", "terrarium-bench-")
	if err != nil {
		return nil, err
	}
	h := &harness{work: work, bin: filepath.Join(work, "terrarium"), latency: latency, keep: keep}
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	build := exec.Command("go", "build", "-o", h.bin, ".")
	build.Dir = root
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building terrarium: %w", err)
	}
	return h, nil
}

func (h *harness) close() {
	if h.keep {
		fmt.Fprintf(os.Stderr, "bench: work directory kept at %s\n", h.work)
		return
	}
	os.RemoveAll(h.work)
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run bench from inside the terrarium module")
	}
	return filepath.Dir(mod), nil
}

// dir returns a fresh directory under the work directory.
func (h *harness) dir(name string) string {
	d := filepath.Join(h.work, name)
	os.RemoveAll(d)
	if err := os.MkdirAll(d, 0o755); err != nil {
		panic(err)
	}
	return d
}

// run is one terrarium process as a user runs it.
type run struct {
	wall   time.Duration
	cpu    time.Duration // user + system, from the kernel's accounting
	rssKB  int64
	code   int
	stdout []byte
	stderr []byte
}

// terrarium runs the binary with args in dir. Exit codes listed in ok are
// success; anything else is an error carrying stderr.
func (h *harness) terrarium(dir string, env []string, ok []int, args ...string) (run, error) {
	return h.process(h.bin, dir, env, ok, args...)
}

// bare runs this harness's own binary as a bare baseline (see bare.go).
func (h *harness) bare(dir string, args ...string) (run, error) {
	self, err := os.Executable()
	if err != nil {
		return run{}, err
	}
	return h.process(self, dir, nil, []int{0}, append([]string{"-bare"}, args...)...)
}

func (h *harness) process(bin, dir string, env []string, ok []int, args ...string) (run, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "NO_COLOR=1", "ANTHROPIC_API_KEY=bench-key"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Start()
	var peak int64
	if err == nil {
		stop := make(chan struct{})
		done := make(chan int64)
		go func() { done <- watchPeakRSS(cmd.Process.Pid, stop) }()
		err = cmd.Wait()
		close(stop)
		peak = <-done
	}
	r := run{wall: time.Since(start), stdout: out.Bytes(), stderr: errb.Bytes(), rssKB: peak}
	if cmd.ProcessState != nil {
		r.code = cmd.ProcessState.ExitCode()
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	for _, c := range ok {
		if r.code == c {
			return r, nil
		}
	}
	if err == nil {
		err = fmt.Errorf("exit %d", r.code)
	}
	return r, fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, tail(errb.Bytes(), 2000))
}

// sample runs a and b (b may be nil) in turn, a b a b ..., n counted
// times after one warm-up of each, so that a machine whose speed drifts
// moves both sides of every pair.
func sample(n int, a, b func() (run, error)) (ra, rb []run, err error) {
	for i := -1; i < n; i++ {
		x, err := a()
		if err != nil {
			return nil, nil, err
		}
		var y run
		if b != nil {
			if y, err = b(); err != nil {
				return nil, nil, fmt.Errorf("bare baseline: %w", err)
			}
		}
		if i >= 0 {
			ra, rb = append(ra, x), append(rb, y)
		}
	}
	return ra, rb, nil
}

// loadAvg is the 1-minute load average, as /proc/loadavg reports it.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// emulator starts an in-harness emulator on loopback with no latency (for
// seeding); call setLatency once the workload is in place.
func (h *harness) emulator() (*emulator.Server, error) {
	return emulator.Start("127.0.0.1:0", emulator.Options{Seed: 1, LogSize: 1 << 20, AllowArchivedNameReuse: false})
}

func setLatency(s *emulator.Server, d time.Duration) error {
	f := s.Emulator.CurrentFaults()
	f.Latency = emulator.Duration(d)
	return s.Emulator.SetFaults(f)
}

func (h *harness) machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				if _, v, ok := strings.Cut(l, ":"); ok {
					cpu = strings.TrimSpace(v)
				}
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, %s %s/%s", cpu, runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// watchPeakRSS polls the child's high-water RSS (VmHWM) until stop. The
// rusage of wait4 cannot be used: a forked child's maxrss starts from the
// size of the harness that forked it, which holds whole workloads.
func watchPeakRSS(pid int, stop <-chan struct{}) int64 {
	path := fmt.Sprintf("/proc/%d/status", pid)
	var peak int64
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil {
			for _, l := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
					var kb int64
					fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
					peak = max(peak, kb)
				}
			}
		}
		select {
		case <-stop:
			return peak
		case <-tick.C:
		}
	}
}
