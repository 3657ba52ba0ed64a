package schema

import "time"

// This file holds the plain value model of an environment: what the config
// asks for (EnvSpec) and what the API reports (LiveEnv). It carries no source
// ranges; the positioned model that lint reads is in config.go.

// Config types, networking types and scopes, spelled as the API spells them.
const (
	ConfigCloud      = "cloud"
	ConfigSelfHosted = "self_hosted"

	NetworkingUnrestricted = "unrestricted"
	NetworkingLimited      = "limited"

	ScopeOrganization = "organization"
	ScopeAccount      = "account"
)

// PackageManagers lists the package managers the API knows, in the API's order.
var PackageManagers = []string{"apt", "cargo", "gem", "go", "npm", "pip"}

// Reserved metadata keys that terrarium writes on every environment it
// manages. Live ownership lives on the environment itself, so a runner with
// no local state still knows which environments belong to which stack.
//
// MetaPreventDestroy is "true" on an environment whose lifecycle has
// prevent_destroy = true, so that protection travels with the environment:
// a runner without the state log still refuses to destroy it.
const (
	MetaStack          = "terrarium.stack"
	MetaAddress        = "terrarium.address"
	MetaPreventDestroy = "terrarium.prevent_destroy"
)

// IsReservedMetadataKey reports whether key belongs to terrarium.
func IsReservedMetadataKey(key string) bool {
	return key == MetaStack || key == MetaAddress || key == MetaPreventDestroy
}

// Protected reports whether the environment carries MetaPreventDestroy.
func (s *EnvSpec) Protected() bool {
	return s != nil && s.Metadata[MetaPreventDestroy] == "true"
}

// EnvSpec is the content of an environment that a stack owns: what create
// sends and what update sends explicitly.
type EnvSpec struct {
	Name string `json:"name"`
	// Description is nil when the environment has none (null on the wire).
	Description *string           `json:"description"`
	Metadata    map[string]string `json:"metadata"`
	// MetadataSensitive is set only on a copy made for a view
	// (plan.RedactSpec) when the metadata map as a whole derives from a
	// sensitive variable: Metadata then holds only SensitiveMapKey, which
	// render's JSON writers write as "metadata": "(sensitive value)", and
	// EnvironmentHCL writes "metadata = (sensitive value)". Never stored
	// or sent.
	MetadataSensitive bool `json:"-"`
	// Scope is empty when the config leaves it to the API.
	Scope  string    `json:"scope,omitempty"`
	Config EnvConfig `json:"config"`
}

// EnvConfig is an environment's config object.
type EnvConfig struct {
	Type string `json:"type"`
	// Packages is nil for self_hosted configs.
	Packages *Packages `json:"packages,omitempty"`
	// Networking is nil when the config has no networking block; the API
	// then defaults to unrestricted.
	Networking *Networking `json:"networking,omitempty"`
}

// Packages lists package specs per manager, in each manager's own syntax.
type Packages struct {
	Apt   []string `json:"apt"`
	Cargo []string `json:"cargo"`
	Gem   []string `json:"gem"`
	Go    []string `json:"go"`
	Npm   []string `json:"npm"`
	Pip   []string `json:"pip"`
}

// Get returns the list for a manager named in PackageManagers.
func (p *Packages) Get(manager string) []string {
	if p == nil {
		return nil
	}
	return *p.slot(manager)
}

// Set replaces the list for a manager named in PackageManagers.
func (p *Packages) Set(manager string, specs []string) {
	*p.slot(manager) = specs
}

func (p *Packages) slot(manager string) *[]string {
	switch manager {
	case "apt":
		return &p.Apt
	case "cargo":
		return &p.Cargo
	case "gem":
		return &p.Gem
	case "go":
		return &p.Go
	case "npm":
		return &p.Npm
	case "pip":
		return &p.Pip
	}
	panic("schema: unknown package manager " + manager)
}

// Empty reports whether no manager lists a package.
func (p *Packages) Empty() bool {
	for _, m := range PackageManagers {
		if len(p.Get(m)) > 0 {
			return false
		}
	}
	return true
}

// Networking is a cloud config's networking policy.
type Networking struct {
	Type                 string   `json:"type"`
	AllowedHosts         []string `json:"allowed_hosts,omitempty"`
	AllowMCPServers      bool     `json:"allow_mcp_servers"`
	AllowPackageManagers bool     `json:"allow_package_managers"`
}

// LiveEnv is an environment as the API reports it.
type LiveEnv struct {
	ID string `json:"id"`
	EnvSpec
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// ArchivedAt is nil while the environment is not archived.
	ArchivedAt *time.Time `json:"archived_at"`
}

// Archived reports whether the environment is archived.
func (l *LiveEnv) Archived() bool { return l.ArchivedAt != nil }

// Owner returns the stack and address written in the reserved metadata keys,
// or empty strings when the environment carries none.
func (l *LiveEnv) Owner() (stack, address string) {
	return l.Metadata[MetaStack], l.Metadata[MetaAddress]
}
