package emulator

import (
	"encoding/json"
	"slices"
)

// Config types, networking types and scopes as the API spells them.
const (
	configCloud      = "cloud"
	configSelfHosted = "self_hosted"

	networkUnrestricted = "unrestricted"
	networkLimited      = "limited"

	scopeOrganization = "organization"
	scopeAccount      = "account"
)

// Environment is an environment object exactly as the API renders it.
type Environment struct {
	ID          string            `json:"id"`
	Type        string            `json:"type"`
	Name        string            `json:"name"`
	Description *string           `json:"description"`
	Metadata    map[string]string `json:"metadata"`
	Scope       string            `json:"scope"`
	Config      Config            `json:"config"`
	CreatedAt   string            `json:"created_at"`
	UpdatedAt   string            `json:"updated_at"`
	ArchivedAt  *string           `json:"archived_at"`
}

// Config is an environment's config: cloud (with packages and networking)
// or self_hosted (type only).
type Config struct {
	Type       string      `json:"type"`
	Packages   *Packages   `json:"packages,omitempty"`
	Networking *Networking `json:"networking,omitempty"`
}

// Packages are a cloud config's package lists. Every list is rendered, empty
// lists as [].
type Packages struct {
	Type  string   `json:"type"`
	Apt   []string `json:"apt"`
	Cargo []string `json:"cargo"`
	Gem   []string `json:"gem"`
	Go    []string `json:"go"`
	Npm   []string `json:"npm"`
	Pip   []string `json:"pip"`
}

// Networking is a cloud config's networking policy.
type Networking struct {
	Type                 string
	AllowedHosts         []string
	AllowMCPServers      bool
	AllowPackageManagers bool
}

// MarshalJSON renders unrestricted as {"type":"unrestricted"} and limited
// with every field, as the API does.
func (n Networking) MarshalJSON() ([]byte, error) {
	if n.Type != networkLimited {
		return json.Marshal(struct {
			Type string `json:"type"`
		}{n.Type})
	}
	return json.Marshal(struct {
		Type                 string   `json:"type"`
		AllowedHosts         []string `json:"allowed_hosts"`
		AllowMCPServers      bool     `json:"allow_mcp_servers"`
		AllowPackageManagers bool     `json:"allow_package_managers"`
	}{n.Type, nonNil(n.AllowedHosts), n.AllowMCPServers, n.AllowPackageManagers})
}

// UnmarshalJSON reads what MarshalJSON writes (used by the data file).
func (n *Networking) UnmarshalJSON(b []byte) error {
	var v struct {
		Type                 string   `json:"type"`
		AllowedHosts         []string `json:"allowed_hosts"`
		AllowMCPServers      bool     `json:"allow_mcp_servers"`
		AllowPackageManagers bool     `json:"allow_package_managers"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Networking{v.Type, v.AllowedHosts, v.AllowMCPServers, v.AllowPackageManagers}
	return nil
}

// managers lists the package managers in the API's order.
var managers = []string{"apt", "cargo", "gem", "go", "npm", "pip"}

func (p *Packages) slot(m string) *[]string {
	switch m {
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
	default:
		return &p.Pip
	}
}

func (p *Packages) empty() bool {
	for _, m := range managers {
		if len(*p.slot(m)) > 0 {
			return false
		}
	}
	return true
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// clone returns a deep copy of e, so stored values never alias a caller's.
func (e Environment) clone() Environment {
	c := e
	if e.Description != nil {
		d := *e.Description
		c.Description = &d
	}
	if e.ArchivedAt != nil {
		a := *e.ArchivedAt
		c.ArchivedAt = &a
	}
	c.Metadata = make(map[string]string, len(e.Metadata))
	for k, v := range e.Metadata {
		c.Metadata[k] = v
	}
	if e.Config.Packages != nil {
		p := *e.Config.Packages
		for _, m := range managers {
			*p.slot(m) = nonNil(slices.Clone(*p.slot(m)))
		}
		c.Config.Packages = &p
	}
	if e.Config.Networking != nil {
		n := *e.Config.Networking
		n.AllowedHosts = slices.Clone(n.AllowedHosts)
		c.Config.Networking = &n
	}
	return c
}

// apiError is the body of every error answer.
type apiError struct {
	Type  string      `json:"type"`
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Type    string        `json:"type"`
	Message string        `json:"message"`
	Details *errorDetails `json:"details,omitempty"`
}

type errorDetails struct {
	ErrorCode string `json:"error_code"`
}

// Fault is an API refusal the handler renders as an error answer.
type Fault struct {
	Status  int
	Type    string // error.type
	Code    string // error.details.error_code, may be empty
	Message string
}

// Error describes the refusal (for control endpoints and Go callers).
func (f *Fault) Error() string { return f.Type + ": " + f.Message }

func (f *Fault) body() apiError {
	b := apiError{Type: "error", Error: errorDetail{Type: f.Type, Message: f.Message}}
	if f.Code != "" {
		b.Error.Details = &errorDetails{ErrorCode: f.Code}
	}
	return b
}

func invalid(msg string) *Fault {
	return &Fault{Status: 400, Type: "invalid_request_error", Message: msg}
}

func notFound(id string) *Fault {
	return &Fault{Status: 404, Type: "not_found_error", Code: "environment_not_found", Message: "environment " + id + " not found"}
}
