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

// teams is the number of teams in the workload's teams variable; one
// for_each block makes an environment per team.
const teams = 20

// writeConfig writes n environments over files, as rich as
// examples/multi-team: a variables file (typed object map with optional
// attributes, a validation), locals, and environment blocks that call
// functions (format, title, merge, distinct, concat, length), index
// variables, interpolate, and ignore changes; one block uses for_each over
// the teams (when n > teams). Every environment gets pinned packages,
// limited networking and metadata.
func writeConfig(dir string, n, files int) error {
	var vars strings.Builder
	fmt.Fprintf(&vars, `terrarium {
  stack = %q
}

variable "stage" {
  type        = string
  default     = "prod"
  description = "Deployment stage; part of every environment's metadata."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.stage)
    error_message = "The stage must be dev, staging or prod."
  }
}

variable "prefix" {
  type    = string
  default = "bench"
}

variable "teams" {
  description = "Each team has an owner, its hosts and its pip packages."
  type = map(object({
    owner = string
    hosts = list(string)
    pip   = optional(list(string), [])
  }))
  default = {
`, benchStack)
	for t := range teams {
		pip := `
      pip   = ["requests==2.32.3"]`
		if t%2 == 0 {
			pip = `
      pip   = ["requests==2.32.3", "numpy==2.1.0"]`
		}
		fmt.Fprintf(&vars, `    team-%d = {
      owner = "owner-%d@example.com"
      hosts = ["https://t%d.example.com"]%s
    }
`, t, t, t, pip)
	}
	vars.WriteString(`  }
}

locals {
  shared_hosts = ["https://api.example.com", "https://data.example.org"]
  base_metadata = {
    managed_by = "terrarium"
    stage      = var.stage
  }
}
`)
	b := make([]strings.Builder, files)
	plain := n
	if n > teams {
		plain = n - teams
		b[0].WriteString(`environment "team" {
  for_each = var.teams

  name        = "${var.prefix}-${each.key}"
  description = format("Agent environment of the %s team", title(each.key))
  metadata    = merge(local.base_metadata, { team = each.key, owner = each.value.owner })

  config {
    type = "cloud"

    packages {
      pip = each.value.pip
    }

    networking {
      type                   = "limited"
      allowed_hosts          = distinct(concat(local.shared_hosts, each.value.hosts))
      allow_package_managers = length(each.value.pip) > 0
    }
  }

  lifecycle {
    ignore_changes = [metadata.owner]
  }
}

`)
	}
	for i := range plain {
		fmt.Fprintf(&b[i%files], `environment %q {
  name        = "${var.prefix}-%05d"
  description = format("Benchmark environment %%d of the %%s team", %d, title("team-%d"))
  metadata    = merge(local.base_metadata, { team = "team-%d", owner = var.teams["team-%d"].owner })

  config {
    type = "cloud"

    packages {
      pip = var.teams["team-%d"].pip
      npm = ["express@4.18.0"]
    }

    networking {
      type                   = "limited"
      allowed_hosts          = distinct(concat(local.shared_hosts, var.teams["team-%d"].hosts))
      allow_package_managers = length(var.teams["team-%d"].pip) > 0
      allow_mcp_servers      = false
    }
  }

  lifecycle {
    ignore_changes = [metadata.owner]
  }
}

`, label(i), i, i, i%teams, i%teams, i%teams, i%teams, i%teams, i%teams)
	}
	if err := os.WriteFile(filepath.Join(dir, "variables.hcl"), []byte(vars.String()), 0o644); err != nil {
		return err
	}
	for f := range b {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("envs_%02d.hcl", f)), []byte(b[f].String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func label(i int) string { return fmt.Sprintf("e%05d", i) }

// specOf is an environment of the workload's shape (block i of
// writeConfig), for seeding environments outside the stack and for the
// bare client's creates.
func specOf(i int) schema.EnvSpec {
	t := i % teams
	desc := fmt.Sprintf("Benchmark environment %d of the Team-%d team", i, t)
	pip := []string{"requests==2.32.3"}
	if t%2 == 0 {
		pip = []string{"requests==2.32.3", "numpy==2.1.0"}
	}
	return schema.EnvSpec{
		Name:        fmt.Sprintf("bench-%05d", i),
		Description: &desc,
		Metadata:    map[string]string{"managed_by": "terrarium", "stage": "prod", "team": fmt.Sprintf("team-%d", t), "owner": fmt.Sprintf("owner-%d@example.com", t)},
		Config: schema.EnvConfig{
			Type: schema.ConfigCloud,
			Packages: &schema.Packages{
				Apt: []string{}, Cargo: []string{}, Gem: []string{}, Go: []string{},
				Npm: []string{"express@4.18.0"}, Pip: pip,
			},
			Networking: &schema.Networking{
				Type:                 schema.NetworkingLimited,
				AllowedHosts:         []string{"https://api.example.com", "https://data.example.org", fmt.Sprintf("https://t%d.example.com", t)},
				AllowPackageManagers: true,
			},
		},
	}
}

// seedUnmanaged creates n environments outside any stack through the API,
// unpaced (the emulator has no latency yet and enforces no limit).
func seedUnmanaged(url string, n int) error {
	c, err := api.New(api.Options{BaseURL: url, APIKey: "bench-key", UserAgentVersion: "bench", RateLimits: &api.RateLimits{}})
	if err != nil {
		return err
	}
	var g errgroup.Group
	g.SetLimit(16)
	for i := range n {
		spec := specOf(i)
		spec.Name = fmt.Sprintf("unmanaged-%05d", i)
		g.Go(func() error {
			_, err := c.Create(context.Background(), spec)
			return err
		})
	}
	return g.Wait()
}
