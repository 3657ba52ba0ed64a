package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// This file decodes create and update bodies strictly (unknown fields are a
// 400, as the API answers them) while keeping the difference between an
// omitted field, null and a value, which update semantics depend on.

// writeReq is the body of create and update.
type writeReq struct {
	Name        *string            `json:"name"`
	Description json.RawMessage    `json:"description"` // absent, null or a string
	Metadata    map[string]*string `json:"metadata"`    // a null value deletes on update
	Scope       *string            `json:"scope"`
	Config      *configReq         `json:"config"`
}

type configReq struct {
	Type       string         `json:"type"`
	Packages   *packagesReq   `json:"packages"`
	Networking *networkingReq `json:"networking"`
}

type packagesReq struct {
	Type  *string   `json:"type"`
	Apt   *[]string `json:"apt"`
	Cargo *[]string `json:"cargo"`
	Gem   *[]string `json:"gem"`
	Go    *[]string `json:"go"`
	Npm   *[]string `json:"npm"`
	Pip   *[]string `json:"pip"`
}

func (p *packagesReq) get(m string) *[]string {
	switch m {
	case "apt":
		return p.Apt
	case "cargo":
		return p.Cargo
	case "gem":
		return p.Gem
	case "go":
		return p.Go
	case "npm":
		return p.Npm
	default:
		return p.Pip
	}
}

type networkingReq struct {
	Type                 string    `json:"type"`
	AllowedHosts         *[]string `json:"allowed_hosts"`
	AllowMCPServers      *bool     `json:"allow_mcp_servers"`
	AllowPackageManagers *bool     `json:"allow_package_managers"`
}

// maxBody bounds a request body.
const maxBody = 1 << 20

// decodeWrite reads a create or update body.
func decodeWrite(r io.Reader) (*writeReq, *Fault) {
	data, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, invalid("could not read the request body: " + err.Error())
	}
	if len(data) > maxBody {
		return nil, &Fault{Status: 413, Type: "request_too_large", Message: "request body too large"}
	}
	var req writeReq
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return nil, invalid("invalid JSON body: " + jsonMessage(err))
	}
	if dec.More() {
		return nil, invalid("invalid JSON body: trailing data after the object")
	}
	if req.Config != nil {
		if f := checkConfigShape(req.Config); f != nil {
			return nil, f
		}
	}
	return &req, nil
}

func jsonMessage(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("%v (at byte %d)", syn, syn.Offset)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// checkConfigShape refuses fields that do not belong to the config's type.
func checkConfigShape(c *configReq) *Fault {
	switch c.Type {
	case configCloud:
	case configSelfHosted:
		if c.Packages != nil || c.Networking != nil {
			return invalid("config: self_hosted accepts only type")
		}
		return nil
	case "":
		return invalid("config.type: field required")
	default:
		return invalid(fmt.Sprintf("config.type: %q is not one of cloud, self_hosted", c.Type))
	}
	if p := c.Packages; p != nil && p.Type != nil && *p.Type != "packages" {
		return invalid(fmt.Sprintf("config.packages.type: %q is not packages", *p.Type))
	}
	if n := c.Networking; n != nil {
		switch n.Type {
		case networkLimited:
		case networkUnrestricted:
			if n.AllowedHosts != nil || n.AllowMCPServers != nil || n.AllowPackageManagers != nil {
				return invalid("config.networking: unrestricted accepts only type")
			}
		case "":
			return invalid("config.networking.type: field required")
		default:
			return invalid(fmt.Sprintf("config.networking.type: %q is not one of unrestricted, limited", n.Type))
		}
	}
	return nil
}

// description reads the tri-state description: set reports whether the
// field was present; val is nil for null.
func (w *writeReq) description() (val *string, set bool, f *Fault) {
	if w.Description == nil {
		return nil, false, nil
	}
	if string(w.Description) == "null" {
		return nil, true, nil
	}
	var s string
	if err := json.Unmarshal(w.Description, &s); err != nil {
		return nil, false, invalid("description: must be a string or null")
	}
	if n := utf8.RuneCountInString(s); n > maxDescriptionLength {
		return nil, false, invalid(fmt.Sprintf("description: must be at most %d characters, got %d", maxDescriptionLength, n))
	}
	return &s, true, nil
}

// Documented limits (API.md, "Limits the documentation states"), in
// characters.
const (
	maxNameLength          = 256
	maxDescriptionLength   = 1024
	maxMetadataPairs       = 16
	maxMetadataKeyLength   = 64
	maxMetadataValueLength = 512
)

// checkName applies the documented length of a name: 1 to 256 characters.
func checkName(name string) *Fault {
	if n := utf8.RuneCountInString(name); n > maxNameLength {
		return invalid(fmt.Sprintf("name: must be at most %d characters, got %d", maxNameLength, n))
	}
	return nil
}

// checkMetadata applies, when Options.MetadataLimits is set, the metadata
// limits other Managed Agents resources document, with the SDK's
// invalid_metadata code.
func (e *Emulator) checkMetadata(m map[string]string) *Fault {
	if !e.opts.MetadataLimits {
		return nil
	}
	bad := func(msg string) *Fault {
		return &Fault{Status: 400, Type: "invalid_request_error", Code: "invalid_metadata", Message: "metadata: " + msg}
	}
	if len(m) > maxMetadataPairs {
		return bad(fmt.Sprintf("at most %d keys, got %d", maxMetadataPairs, len(m)))
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if n := utf8.RuneCountInString(k); n > maxMetadataKeyLength {
			return bad(fmt.Sprintf("a key is %d characters long; at most %d", n, maxMetadataKeyLength))
		}
		if n := utf8.RuneCountInString(m[k]); n > maxMetadataValueLength {
			return bad(fmt.Sprintf("the value of %q is %d characters long; at most %d", k, n, maxMetadataValueLength))
		}
	}
	return nil
}

// applyConfig merges req into cur (nil on create) and returns the result.
// Omitted fields keep their value; on create they take the API's defaults.
func applyConfig(cur *Config, req *configReq) Config {
	if req.Type == configSelfHosted {
		return Config{Type: configSelfHosted}
	}
	out := Config{Type: configCloud, Packages: &Packages{Type: "packages"}, Networking: &Networking{Type: networkUnrestricted}}
	if cur != nil && cur.Type == configCloud {
		c := Environment{Config: *cur}.clone().Config
		if c.Packages != nil {
			out.Packages = c.Packages
			out.Packages.Type = "packages"
		}
		if c.Networking != nil && c.Networking.Type != "" {
			out.Networking = c.Networking
		}
	}
	if p := req.Packages; p != nil {
		for _, m := range managers {
			if l := p.get(m); l != nil {
				*out.Packages.slot(m) = append([]string{}, (*l)...)
			}
		}
	}
	for _, m := range managers {
		*out.Packages.slot(m) = nonNil(*out.Packages.slot(m))
	}
	if n := req.Networking; n != nil {
		if n.Type != out.Networking.Type {
			out.Networking = &Networking{Type: n.Type}
		}
		if n.AllowedHosts != nil {
			out.Networking.AllowedHosts = append([]string{}, (*n.AllowedHosts)...)
		}
		if n.AllowMCPServers != nil {
			out.Networking.AllowMCPServers = *n.AllowMCPServers
		}
		if n.AllowPackageManagers != nil {
			out.Networking.AllowPackageManagers = *n.AllowPackageManagers
		}
	}
	if out.Networking.Type == networkLimited {
		out.Networking.AllowedHosts = nonNil(out.Networking.AllowedHosts)
	} else {
		out.Networking = &Networking{Type: networkUnrestricted}
	}
	return out
}

// Host forms of allowed_hosts entries (Options.HostForm). Which form the
// real API requires is not settled (API.md): the setup page's text says
// "HTTPS-prefixed", its example and Anthropic's other references write bare
// host names.
const (
	HostFormAny   = "any"   // both api.example.com and https://api.example.com
	HostFormHTTPS = "https" // only https://api.example.com
	HostFormBare  = "bare"  // only api.example.com
)

// HostForms lists the accepted values of Options.HostForm.
var HostForms = []string{HostFormAny, HostFormHTTPS, HostFormBare}

// checkHost applies the host form to one allowed_hosts entry. Whatever the
// form, a scheme other than https is refused and the host must not be empty.
func checkHost(i int, h, form string) *Fault {
	field := fmt.Sprintf("config.networking.allowed_hosts[%d]: %q ", i, h)
	scheme, host, hasScheme := strings.Cut(h, "://")
	if !hasScheme {
		host = h
	}
	switch {
	case hasScheme && !strings.EqualFold(scheme, "https"):
		return invalid(field + "must use https (or no scheme)")
	case strings.TrimSpace(host) == "":
		return invalid(field + "has no host")
	case form == HostFormHTTPS && !hasScheme:
		return invalid(field + "must be HTTPS-prefixed (https://...)")
	case form == HostFormBare && hasScheme:
		return invalid(field + "must be a bare host name, without https://")
	}
	return nil
}

// validateConfig applies the rules the API states about a cloud config,
// with allowed_hosts entries in hostForm (one of HostForms).
func validateConfig(c Config, hostForm string) *Fault {
	if c.Type != configCloud {
		return nil
	}
	n := c.Networking
	if n.Type != networkLimited {
		return nil
	}
	for i, h := range n.AllowedHosts {
		if f := checkHost(i, h, hostForm); f != nil {
			return f
		}
	}
	if !c.Packages.empty() && !n.AllowPackageManagers {
		return invalid("config.packages: under limited networking, packages require networking.allow_package_managers to be true")
	}
	return nil
}

func validateScope(s string, allowAccount bool) *Fault {
	switch s {
	case scopeOrganization:
		return nil
	case scopeAccount:
		if allowAccount {
			return nil
		}
		return invalid("scope: API organizations support only 'organization'; 'account' is rejected")
	}
	return invalid(fmt.Sprintf("scope: %q is not one of organization, account", s))
}
