package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"terrarium/internal/emulator"
)

func TestRunEmulatorServesUntilCancelled(t *testing.T) {
	d, stderr := testDeps(nil)
	pr, pw := io.Pipe()
	d.IO.Out = pw
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runEmulator(ctx, d, &EmulatorOptions{Listen: "127.0.0.1:0", Verbose: true, Opts: emulator.Options{MaxPageSize: 100}})
		pw.Close()
	}()
	url, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	req, _ := http.NewRequest("GET", strings.TrimSpace(url)+"/v1/environments", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("no credential: %d", res.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := stderr.String(); !strings.Contains(got, "GET /v1/environments 401") || !strings.Contains(got, "stopped") {
		t.Errorf("stderr:\n%s", got)
	}
}
