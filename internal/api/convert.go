package api

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"

	"terrarium/schema"
)

// This file maps between the SDK's environment object and schema's value
// model, and builds the request bodies of create and update. The bodies are
// built here, not with the SDK's param types, because those omit false,
// empty lists and null (omitzero), and update must send all three.

// fromSDK maps an environment as the SDK decoded it.
func fromSDK(e *anthropic.BetaEnvironment) (schema.LiveEnv, error) {
	if err := checkIdentity(e.ID, e.Name, e.Config.Type); err != nil {
		return schema.LiveEnv{}, err
	}
	l := schema.LiveEnv{ID: e.ID}
	l.Name = e.Name
	if e.JSON.Description.Valid() {
		d := e.Description
		l.Description = &d
	}
	l.Metadata = maps.Clone(e.Metadata)
	if l.Metadata == nil {
		l.Metadata = map[string]string{}
	}
	l.Scope = string(e.Scope)
	l.Config = configFromSDK(e.Config)
	var err error
	if l.CreatedAt, err = parseTime("created_at", e.CreatedAt); err != nil {
		return l, err
	}
	if l.UpdatedAt, err = parseTime("updated_at", e.UpdatedAt); err != nil {
		return l, err
	}
	if e.JSON.ArchivedAt.Valid() {
		t, err := parseTime("archived_at", e.ArchivedAt)
		if err != nil {
			return l, err
		}
		l.ArchivedAt = &t
	}
	return l, nil
}

func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("the API returned %s %q, which is not an RFC 3339 time", field, s)
	}
	return t, nil
}

func configFromSDK(c anthropic.BetaEnvironmentConfigUnion) schema.EnvConfig {
	out := schema.EnvConfig{Type: c.Type}
	if c.Type != schema.ConfigCloud {
		return out
	}
	p := c.Packages
	out.Packages = &schema.Packages{
		Apt: list(p.Apt), Cargo: list(p.Cargo), Gem: list(p.Gem),
		Go: list(p.Go), Npm: list(p.Npm), Pip: list(p.Pip),
	}
	n := c.Networking
	switch n.Type {
	case schema.NetworkingLimited:
		out.Networking = &schema.Networking{
			Type:                 n.Type,
			AllowedHosts:         list(n.AllowedHosts),
			AllowMCPServers:      n.AllowMCPServers,
			AllowPackageManagers: n.AllowPackageManagers,
		}
	case "":
		// The API always answers with networking; a missing one means the default.
		out.Networking = &schema.Networking{Type: schema.NetworkingUnrestricted}
	default:
		out.Networking = &schema.Networking{Type: n.Type}
	}
	return out
}

// list returns a copy of s that is never nil, so an empty list compares
// equal to the [] a config produces.
func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}

// Request bodies. Every field is rendered: false, [] and null included.

type bodyConfig struct {
	Type       string          `json:"type"`
	Packages   *bodyPackages   `json:"packages,omitempty"`
	Networking *bodyNetworking `json:"networking,omitempty"`
}

type bodyPackages struct {
	Type  string   `json:"type"`
	Apt   []string `json:"apt"`
	Cargo []string `json:"cargo"`
	Gem   []string `json:"gem"`
	Go    []string `json:"go"`
	Npm   []string `json:"npm"`
	Pip   []string `json:"pip"`
}

// bodyNetworking renders unrestricted as {"type":"unrestricted"}: the
// limited-only fields are not part of that variant.
type bodyNetworking struct {
	Type                 string    `json:"type"`
	AllowedHosts         *[]string `json:"allowed_hosts,omitempty"`
	AllowMCPServers      *bool     `json:"allow_mcp_servers,omitempty"`
	AllowPackageManagers *bool     `json:"allow_package_managers,omitempty"`
}

func configBody(c schema.EnvConfig) bodyConfig {
	if c.Type != schema.ConfigCloud {
		return bodyConfig{Type: c.Type}
	}
	p := c.Packages
	out := bodyConfig{Type: c.Type, Packages: &bodyPackages{
		Type: "packages",
		Apt:  list(p.Get("apt")), Cargo: list(p.Get("cargo")), Gem: list(p.Get("gem")),
		Go: list(p.Get("go")), Npm: list(p.Get("npm")), Pip: list(p.Get("pip")),
	}}
	n := c.Networking
	if n == nil || n.Type != schema.NetworkingLimited {
		// Sent explicitly: on update an omitted networking keeps the old one.
		out.Networking = &bodyNetworking{Type: schema.NetworkingUnrestricted}
		return out
	}
	hosts := list(n.AllowedHosts)
	mcp, pm := n.AllowMCPServers, n.AllowPackageManagers
	out.Networking = &bodyNetworking{Type: n.Type, AllowedHosts: &hosts, AllowMCPServers: &mcp, AllowPackageManagers: &pm}
	return out
}

// createBody is the body of create: a nil description and an empty scope
// are left to the API's defaults.
func createBody(s schema.EnvSpec) ([]byte, error) {
	body := struct {
		Name        string            `json:"name"`
		Description *string           `json:"description,omitempty"`
		Metadata    map[string]string `json:"metadata"`
		Scope       string            `json:"scope,omitempty"`
		Config      bodyConfig        `json:"config"`
	}{s.Name, s.Description, nonNilMap(s.Metadata), s.Scope, configBody(s.Config)}
	return json.Marshal(body)
}

// updateBody is the body of update: every field explicit, description null
// when nil, each removed metadata key as "".
func updateBody(u Update) ([]byte, error) {
	meta := make(map[string]string, len(u.Spec.Metadata)+len(u.RemoveMetadata))
	for _, k := range u.RemoveMetadata {
		meta[k] = ""
	}
	maps.Copy(meta, u.Spec.Metadata)
	body := struct {
		Name        string            `json:"name"`
		Description *string           `json:"description"`
		Metadata    map[string]string `json:"metadata"`
		Scope       string            `json:"scope,omitempty"`
		Config      bodyConfig        `json:"config"`
	}{u.Spec.Name, u.Spec.Description, meta, u.Spec.Scope, configBody(u.Spec.Config)}
	return json.Marshal(body)
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
