package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"

	"terrarium/internal/api"
	"terrarium/schema"
)

const benchStack = "bench"

// writeConfig writes n environment blocks spread over files, the shape a
// real repository has: pinned packages, limited networking, metadata.
func writeConfig(dir string, n, files int) error {
	var b []strings.Builder = make([]strings.Builder, files)
	b[0].WriteString(fmt.Sprintf("terrarium {\n  stack = %q\n}\n\n", benchStack))
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b[i%files], `environment %q {
  name        = %q
  description = "Benchmark environment %d"
  metadata = {
    team = "team-%d"
  }

  config {
    type = "cloud"

    packages {
      pip = ["requests==2.32.3", "numpy==2.1.0"]
      npm = ["express@4.18.0"]
    }

    networking {
      type                   = "limited"
      allowed_hosts          = ["https://api.example.com", "https://data.example.org"]
      allow_package_managers = true
      allow_mcp_servers      = false
    }
  }
}

`, label(i), envName(i), i, i%20)
	}
	for f := range b {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("envs_%02d.hcl", f)), []byte(b[f].String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func label(i int) string   { return fmt.Sprintf("e%05d", i) }
func envName(i int) string { return fmt.Sprintf("bench-%05d", i) }

// specOf is what writeConfig's block i asks for, with ownership keys when
// owned: the live object a previous apply would have left.
func specOf(i int, owned bool) schema.EnvSpec {
	desc := fmt.Sprintf("Benchmark environment %d", i)
	meta := map[string]string{"team": fmt.Sprintf("team-%d", i%20)}
	if owned {
		meta[schema.MetaStack] = benchStack
		meta[schema.MetaAddress] = "environment." + label(i)
	}
	return schema.EnvSpec{
		Name:        envName(i),
		Description: &desc,
		Metadata:    meta,
		Config: schema.EnvConfig{
			Type: schema.ConfigCloud,
			Packages: &schema.Packages{
				Apt: []string{}, Cargo: []string{}, Gem: []string{}, Go: []string{},
				Npm: []string{"express@4.18.0"}, Pip: []string{"requests==2.32.3", "numpy==2.1.0"},
			},
			Networking: &schema.Networking{
				Type:                 schema.NetworkingLimited,
				AllowedHosts:         []string{"https://api.example.com", "https://data.example.org"},
				AllowPackageManagers: true,
			},
		},
	}
}

// seed creates owned environments 0..owned-1 and unmanaged ones after them,
// through the API (the emulator has no latency yet).
func seed(url string, owned, unmanaged int) error {
	c, err := api.New(api.Options{BaseURL: url, APIKey: "bench-key", UserAgentVersion: "bench", RateLimits: &api.RateLimits{}})
	if err != nil {
		return err
	}
	var g errgroup.Group
	g.SetLimit(16)
	for i := 0; i < owned+unmanaged; i++ {
		spec := specOf(i, i < owned)
		if i >= owned {
			spec.Name = fmt.Sprintf("unmanaged-%05d", i)
		}
		g.Go(func() error {
			_, err := c.Create(context.Background(), spec)
			return err
		})
	}
	return g.Wait()
}
