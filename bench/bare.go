package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"terrarium/internal/api"
)

// The bare baselines: the least work a client must do for each scenario,
// run as their own process (bench -bare MODE ...) so that a row's ratio
// compares two whole processes measured in the same run, pair by pair.
//
//	bench -bare parse DIR           hclsyntax.ParseConfig of every .hcl file, in parallel
//	bench -bare plan URL DIR        that, then list every page (limit api.PageSize) and decode it with encoding/json
//	bench -bare apply URL N P       N creates of the workload's shape with P workers over net/http

func bareMain(args []string) int {
	var err error
	switch {
	case len(args) == 2 && args[0] == "parse":
		err = bareParse(args[1])
	case len(args) == 3 && args[0] == "plan":
		if err = bareParse(args[2]); err == nil {
			err = bareList(args[1])
		}
	case len(args) == 4 && args[0] == "apply":
		n, _ := strconv.Atoi(args[2])
		p, _ := strconv.Atoi(args[3])
		err = bareCreates(args[1], n, p)
	default:
		err = fmt.Errorf("usage: bench -bare parse DIR | plan URL DIR | apply URL N P")
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench -bare: %v\n", err)
		return 1
	}
	return 0
}

// bareParse parses every .hcl file of dir, one goroutine a file.
func bareParse(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("no .hcl files in %s (%v)", dir, err)
	}
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			src, err := os.ReadFile(name)
			if err != nil {
				errs[i] = err
				return
			}
			if _, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos); diags.HasErrors() {
				errs[i] = diags
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// bareEnv is the environment object, decoded into plain fields.
type bareEnv struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description *string           `json:"description"`
	Metadata    map[string]string `json:"metadata"`
	Scope       string            `json:"scope"`
	Config      struct {
		Type     string `json:"type"`
		Packages struct {
			Apt, Cargo, Gem, Go, Npm, Pip []string
		} `json:"packages"`
		Networking struct {
			Type                 string   `json:"type"`
			AllowedHosts         []string `json:"allowed_hosts"`
			AllowMCPServers      bool     `json:"allow_mcp_servers"`
			AllowPackageManagers bool     `json:"allow_package_managers"`
		} `json:"networking"`
	} `json:"config"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	ArchivedAt *time.Time `json:"archived_at"`
}

func bareRequest(method, u string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", "bench-key")
	req.Header.Set("anthropic-version", "2023-06-01")
	req.Header.Set("anthropic-beta", "managed-agents-2026-04-01")
	req.Header.Set("content-type", "application/json")
	return req, nil
}

func bareDo(req *http.Request) ([]byte, error) {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s %s: HTTP %d", req.Method, req.URL.Path, res.StatusCode)
	}
	return b, err
}

// bareList walks every list page, decoding each once.
func bareList(base string) error {
	next, n := "", 0
	for {
		q := url.Values{"limit": {strconv.Itoa(api.PageSize)}}
		if next != "" {
			q.Set("page", next)
		}
		req, err := bareRequest("GET", base+"/v1/environments?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		b, err := bareDo(req)
		if err != nil {
			return err
		}
		var page struct {
			Data     []bareEnv `json:"data"`
			NextPage *string   `json:"next_page"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			return err
		}
		n += len(page.Data)
		if page.NextPage == nil || *page.NextPage == "" || len(page.Data) == 0 {
			return nil
		}
		next = *page.NextPage
	}
}

// bareCreates makes n creates of the workload's shape with p workers.
func bareCreates(base string, n, p int) error {
	jobs := make(chan int)
	errs := make(chan error, p)
	var wg sync.WaitGroup
	for range p {
		wg.Go(func() {
			for i := range jobs {
				s := specOf(i)
				body, _ := json.Marshal(map[string]any{
					"name": s.Name, "description": s.Description, "metadata": s.Metadata,
					"config": map[string]any{"type": s.Config.Type,
						"packages":   map[string]any{"type": "packages", "apt": []string{}, "cargo": []string{}, "gem": []string{}, "go": []string{}, "npm": s.Config.Packages.Npm, "pip": s.Config.Packages.Pip},
						"networking": s.Config.Networking},
				})
				req, err := bareRequest("POST", base+"/v1/environments", body)
				if err == nil {
					var b []byte
					if b, err = bareDo(req); err == nil {
						var e bareEnv
						err = json.Unmarshal(b, &e)
					}
				}
				if err != nil {
					select { // keep the first errors; go on draining the jobs
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
