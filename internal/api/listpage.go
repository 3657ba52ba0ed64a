package api

import (
	"encoding/json"
	"fmt"

	"terrarium/schema"
)

// A list page is decoded once. The SDK makes the call (its retries,
// middleware and error mapping), but returns the page body as it came
// (option.WithResponseBodyInto with a *[]byte destination, which the SDK
// documents as "return the body as is"), and List decodes it here straight
// into schema's value model. Letting the SDK decode it costs two passes
// (encoding/json into raw fields, then its own pass into the typed page)
// and a third conversion into schema; on a plan of 10,000 environments
// that was a fifth of the CPU.

// wirePage is one page of GET /v1/environments (see API.md).
type wirePage struct {
	Data     []wireEnv `json:"data"`
	NextPage *string   `json:"next_page"`
}

// wireEnv is an environment object as the API returns it. Absent or null
// optional fields stay nil; unknown fields are ignored, as the SDK does.
type wireEnv struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description *string           `json:"description"`
	Metadata    map[string]string `json:"metadata"`
	Scope       string            `json:"scope"`
	Config      struct {
		Type       string            `json:"type"`
		Packages   schema.Packages   `json:"packages"`
		Networking schema.Networking `json:"networking"`
	} `json:"config"`
	CreatedAt  string  `json:"created_at"`
	UpdatedAt  string  `json:"updated_at"`
	ArchivedAt *string `json:"archived_at"`
}

// decodePage decodes a list page body. The error says what was wrong with
// the answer; it never quotes the body.
func decodePage(body []byte) (wirePage, error) {
	var p wirePage
	if err := json.Unmarshal(body, &p); err != nil {
		return p, fmt.Errorf("the API returned a list page that is not a valid environment list: %s", jsonProblem(err))
	}
	return p, nil
}

// decodeAnswer decodes an environment object, the answer of a create, update
// or archive, as decodePage decodes a page's. The error never quotes the
// body.
func decodeAnswer(body []byte) (schema.LiveEnv, error) {
	var e wireEnv
	if err := json.Unmarshal(body, &e); err != nil {
		return schema.LiveEnv{}, fmt.Errorf("the API returned an answer that is not a valid environment: %s", jsonProblem(err))
	}
	return e.live()
}

// jsonProblem describes a decoding error by its place, not its content.
func jsonProblem(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("bad JSON at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("field %s is a JSON %s, not a %s", e.Field, e.Value, e.Type)
	}
	return "bad JSON"
}

// live maps a listed environment to schema's value model, as fromSDK maps
// the SDK's object: the same defaults for what the API leaves out.
func (e *wireEnv) live() (schema.LiveEnv, error) {
	if err := checkIdentity(e.ID, e.Name, e.Config.Type); err != nil {
		return schema.LiveEnv{}, err
	}
	l := schema.LiveEnv{ID: e.ID}
	l.Name = e.Name
	l.Description = e.Description
	l.Metadata = e.Metadata
	if l.Metadata == nil {
		l.Metadata = map[string]string{}
	}
	l.Scope = e.Scope
	l.Config = schema.EnvConfig{Type: e.Config.Type}
	if e.Config.Type == schema.ConfigCloud {
		p := &e.Config.Packages
		l.Config.Packages = &schema.Packages{Apt: nonNil(p.Apt), Cargo: nonNil(p.Cargo), Gem: nonNil(p.Gem), Go: nonNil(p.Go), Npm: nonNil(p.Npm), Pip: nonNil(p.Pip)}
		n := &e.Config.Networking
		switch n.Type {
		case schema.NetworkingLimited:
			l.Config.Networking = &schema.Networking{Type: n.Type, AllowedHosts: nonNil(n.AllowedHosts), AllowMCPServers: n.AllowMCPServers, AllowPackageManagers: n.AllowPackageManagers}
		case "":
			l.Config.Networking = &schema.Networking{Type: schema.NetworkingUnrestricted}
		default:
			l.Config.Networking = &schema.Networking{Type: n.Type}
		}
	}
	var err error
	if l.CreatedAt, err = parseTime("created_at", e.CreatedAt); err != nil {
		return l, err
	}
	if l.UpdatedAt, err = parseTime("updated_at", e.UpdatedAt); err != nil {
		return l, err
	}
	if e.ArchivedAt != nil {
		t, err := parseTime("archived_at", *e.ArchivedAt)
		if err != nil {
			return l, err
		}
		l.ArchivedAt = &t
	}
	return l, nil
}

// MaxIDLength bounds an environment id from an API answer, in bytes. The
// API documents ids as "env_..." (API.md); those it hands out are a few
// dozen characters.
const MaxIDLength = 128

// checkIdentity refuses an environment whose id, name or config type
// cannot be the API's: an id that is empty, longer than MaxIDLength or
// holds anything but letters, digits, '-' and '_' (an id goes into request
// paths, the state and the output), an empty name (the API requires 1 to
// 256 characters), or no config type (a plan would take it for a change of
// type and replace the environment). Trusting such an answer would adopt, change or forget
// environments on the strength of a record nothing can address. The error
// quotes the id with Go escapes and never the rest of the answer.
func checkIdentity(id, name, configType string) error {
	switch {
	case id == "":
		return &MalformedAnswerError{"the API returned an environment without an id; stopping rather than trusting a malformed answer"}
	case len(id) > MaxIDLength || !plainID(id):
		if len(id) > MaxIDLength {
			id = id[:MaxIDLength] + "..."
		}
		return &MalformedAnswerError{fmt.Sprintf("the API returned an environment whose id %q is not an environment id (at most %d letters, digits, '-' and '_'); stopping rather than trusting a malformed answer", id, MaxIDLength)}
	case name == "":
		return &MalformedAnswerError{fmt.Sprintf("the API returned environment %s without a name; stopping rather than trusting a malformed answer", id)}
	case configType == "":
		return &MalformedAnswerError{fmt.Sprintf("the API returned environment %s without a config type; stopping rather than trusting a malformed answer", id)}
	}
	return nil
}

// checkAnswerID refuses the answer about environment got to a call about
// environment want (a retrieve, update or archive of one id).
func checkAnswerID(want, got string) error {
	if want != "" && got != want {
		return &MalformedAnswerError{fmt.Sprintf("the API answered a call about environment %s with environment %s; stopping rather than trusting a malformed answer", want, got)}
	}
	return nil
}

// nonNil is s, or an empty list for nil, so an empty list compares equal
// to the [] a config produces. The page's lists are its own: no copy.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
