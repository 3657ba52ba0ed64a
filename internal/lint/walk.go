package lint

import (
	"fmt"

	"terrarium/internal/lint/hostspec"
	"terrarium/internal/lint/pkgspec"
	"terrarium/schema"
)

// parsedCache parses each host and package spec once per run, however many
// rules look at it.
type parsedCache struct {
	hosts map[string]hostResult
	pkgs  map[[2]string]pkgResult
	// hostEntries and pkgEntries are built on first use and shared by
	// every rule of the run.
	hostEntries []HostEntry
	pkgEntries  []PackageEntry
	hostsDone   bool
	pkgsDone    bool
}

type hostResult struct {
	h   hostspec.Host
	err error
}

type pkgResult struct {
	s   pkgspec.Spec
	err error
}

func newParsedCache() *parsedCache {
	return &parsedCache{hosts: map[string]hostResult{}, pkgs: map[[2]string]pkgResult{}}
}

// HostEntry is one allowed_hosts element of a limited networking block.
type HostEntry struct {
	Env   *schema.Environment
	Index int
	Value schema.String
	// Host is the parsed entry; Err is non-nil when it is malformed.
	Host hostspec.Host
	Err  error
}

// Path is the attribute path of the entry.
func (h HostEntry) Path() string {
	return fmt.Sprintf("%s[%d]", schema.PathAllowedHosts, h.Index)
}

// Finding starts a finding about the entry.
func (h HostEntry) Finding(summary, detail string) Finding {
	return Finding{Summary: summary, Detail: detail, Subject: h.Value.Range, Address: h.Env.Address, Path: h.Path(), Value: h.Value.Value}
}

// Hosts calls fn for every allowed_hosts entry of every environment with
// limited networking on a cloud config.
func (p *Pass) Hosts(fn func(HostEntry)) {
	c := p.parsed
	if !c.hostsDone {
		c.hostEntries, c.hostsDone = p.collectHosts(), true
	}
	for i := range c.hostEntries {
		fn(c.hostEntries[i])
	}
}

func (p *Pass) collectHosts() []HostEntry {
	var out []HostEntry
	for _, env := range p.Config.Environments {
		n := limitedNetworking(env)
		if n == nil {
			continue
		}
		for i, v := range n.AllowedHosts {
			r, ok := p.parsed.hosts[v.Value]
			if !ok {
				r.h, r.err = hostspec.Parse(v.Value)
				p.parsed.hosts[v.Value] = r
			}
			out = append(out, HostEntry{Env: env, Index: i, Value: v, Host: r.h, Err: r.err})
		}
	}
	return out
}

// PackageEntry is one package spec of a cloud config.
type PackageEntry struct {
	Env     *schema.Environment
	Manager string
	Index   int
	Value   schema.String
	Spec    pkgspec.Spec
	Err     error
}

// Path is the attribute path of the entry.
func (e PackageEntry) Path() string {
	return fmt.Sprintf("%s[%d]", schema.PackagesPath(e.Manager), e.Index)
}

// Finding starts a finding about the entry.
func (e PackageEntry) Finding(summary, detail string) Finding {
	return Finding{Summary: summary, Detail: detail, Subject: e.Value.Range, Address: e.Env.Address, Path: e.Path(), Value: e.Value.Value}
}

// Packages calls fn for every package spec of every cloud environment, by
// environment, then manager in the API's order, then list order.
func (p *Pass) Packages(fn func(PackageEntry)) {
	c := p.parsed
	if !c.pkgsDone {
		c.pkgEntries, c.pkgsDone = p.collectPackages(), true
	}
	for i := range c.pkgEntries {
		fn(c.pkgEntries[i])
	}
}

func (p *Pass) collectPackages() []PackageEntry {
	var out []PackageEntry
	for _, env := range p.Config.Environments {
		if env.Config == nil || env.Config.Packages == nil || env.Config.Type.Value == schema.ConfigSelfHosted {
			continue
		}
		for _, m := range schema.PackageManagers {
			for i, v := range env.Config.Packages.Lists[m] {
				key := [2]string{m, v.Value}
				r, ok := p.parsed.pkgs[key]
				if !ok {
					r.s, r.err = pkgspec.Parse(m, v.Value)
					p.parsed.pkgs[key] = r
				}
				out = append(out, PackageEntry{Env: env, Manager: m, Index: i, Value: v, Spec: r.s, Err: r.err})
			}
		}
	}
	return out
}

// limitedNetworking returns the networking block of a cloud config with
// limited networking, or nil.
func limitedNetworking(env *schema.Environment) *schema.NetworkingBlock {
	if !isCloud(env) || env.Config.Networking == nil {
		return nil
	}
	if env.Config.Networking.Type.Value != schema.NetworkingLimited {
		return nil
	}
	return env.Config.Networking
}

func isCloud(env *schema.Environment) bool {
	return env.Config != nil && env.Config.Type.Value == schema.ConfigCloud
}

// hasPackages reports whether a config lists any package.
func hasPackages(c *schema.EnvConfigBlock) bool {
	if c == nil || c.Packages == nil {
		return false
	}
	for _, l := range c.Packages.Lists {
		if len(l) > 0 {
			return true
		}
	}
	return false
}
