package emulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// This file holds the six operations, on decoded input. They return the
// rendered environment (or page) or a Fault. Mutations persist before they
// return, so a change that is answered is on disk.

func (e *Emulator) create(req *writeReq) ([]byte, *Fault) {
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		return nil, invalid("name: field required")
	}
	if f := checkName(*req.Name); f != nil {
		return nil, f
	}
	desc, _, f := req.description()
	if f != nil {
		return nil, f
	}
	scope := scopeOrganization
	if req.Scope != nil {
		scope = *req.Scope
	}
	if f := validateScope(scope, e.opts.AllowAccountScope); f != nil {
		return nil, f
	}
	cfgReq := req.Config
	if cfgReq == nil {
		cfgReq = &configReq{Type: configCloud}
	}
	cfg := applyConfig(nil, cfgReq)
	if f := validateConfig(cfg, e.opts.HostForm); f != nil {
		return nil, f
	}
	meta := map[string]string{}
	for k, v := range req.Metadata {
		if v != nil && *v != "" {
			meta[k] = *v
		}
	}
	if f := e.checkMetadata(meta); f != nil {
		return nil, f
	}
	now := e.now()
	env := Environment{
		ID: e.randomID("env_"), Type: "environment", Name: *req.Name, Description: desc,
		Metadata: meta, Scope: scope, Config: cfg, CreatedAt: now, UpdatedAt: now,
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.store.nameTaken(env.Name, "") {
		return nil, nameConflict(env.Name)
	}
	r := &record{Env: env}
	e.store.insert(r)
	return r.raw, e.persistFault()
}

// nameConflict is the answer to a name already in use: 409, as Anthropic's
// claude-api skill reference documents. The error type is not documented
// (assumed: invalid_request_error, with no error code).
func nameConflict(name string) *Fault {
	return &Fault{Status: http.StatusConflict, Type: "invalid_request_error",
		Message: fmt.Sprintf("name: an environment named %q already exists", name)}
}

func (e *Emulator) get(id string) ([]byte, *Fault) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	r, f := e.store.find(id)
	if f != nil {
		return nil, f
	}
	return r.raw, nil
}

func (e *Emulator) update(id string, req *writeReq) ([]byte, *Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, f := e.store.find(id)
	if f != nil {
		return nil, f
	}
	if r.Env.ArchivedAt != nil {
		return nil, &Fault{Status: 400, Type: "invalid_request_error", Code: "environment_archived",
			Message: "environment " + id + " is archived and cannot be updated"}
	}
	env := r.Env.clone()
	if req.Name != nil {
		if strings.TrimSpace(*req.Name) == "" {
			return nil, invalid("name: must not be empty")
		}
		if f := checkName(*req.Name); f != nil {
			return nil, f
		}
		if e.store.nameTaken(*req.Name, id) {
			return nil, nameConflict(*req.Name)
		}
		env.Name = *req.Name
	}
	if desc, set, f := req.description(); f != nil {
		return nil, f
	} else if set {
		env.Description = desc
	}
	if req.Scope != nil {
		if f := validateScope(*req.Scope, e.opts.AllowAccountScope); f != nil {
			return nil, f
		}
		env.Scope = *req.Scope
	}
	for k, v := range req.Metadata {
		if v == nil || *v == "" {
			delete(env.Metadata, k)
		} else {
			env.Metadata[k] = *v
		}
	}
	if f := e.checkMetadata(env.Metadata); f != nil {
		return nil, f
	}
	if c := req.Config; c != nil {
		if c.Type != env.Config.Type {
			return nil, &Fault{Status: 400, Type: "invalid_request_error", Code: "invalid_config_type_change",
				Message: fmt.Sprintf("cannot change config type from %s to %s; create a new environment", env.Config.Type, c.Type)}
		}
		env.Config = applyConfig(&env.Config, c)
		if f := validateConfig(env.Config, e.opts.HostForm); f != nil {
			return nil, f
		}
	}
	env.UpdatedAt = e.now()
	e.store.replace(r, env)
	return r.raw, e.persistFault()
}

func (e *Emulator) archive(id string) ([]byte, *Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, f := e.store.find(id)
	if f != nil {
		return nil, f
	}
	if r.Env.ArchivedAt != nil {
		return r.raw, nil // archiving twice is a no-op (assumed)
	}
	env := r.Env.clone()
	now := e.now()
	env.ArchivedAt, env.UpdatedAt = &now, now
	e.store.replace(r, env)
	return r.raw, e.persistFault()
}

func (e *Emulator) delete(id string) ([]byte, *Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, f := e.store.find(id)
	if f != nil {
		return nil, f
	}
	if r.InUse {
		return nil, invalid("environment " + id + " is in use by a session and cannot be deleted")
	}
	e.store.remove(r)
	if e.opts.DeleteNoContent {
		return nil, e.persistFault()
	}
	body := fmt.Appendf(nil, `{"id":%q,"type":"environment_deleted"}`, id)
	return body, e.persistFault()
}

// listQuery is a parsed list request.
type listQuery struct {
	limit    int
	after    uint64
	archived bool
}

func (e *Emulator) parseList(q map[string][]string) (listQuery, *Fault) {
	lq := listQuery{limit: e.opts.DefaultPageSize}
	first := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	if s := first("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return lq, invalid("limit: must be a positive integer")
		}
		if n > e.opts.MaxPageSize {
			return lq, invalid(fmt.Sprintf("limit: must be at most %d", e.opts.MaxPageSize))
		}
		lq.limit = n
	}
	if s := first("include_archived"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return lq, invalid("include_archived: must be true or false")
		}
		lq.archived = b
	}
	if s := first("page"); s != "" {
		seq, ok := decodeCursor(s)
		if !ok {
			return lq, invalid("page: invalid cursor")
		}
		lq.after = seq
	}
	return lq, nil
}

// list renders one page: {"data":[...],"next_page":cursor|null}.
func (e *Emulator) list(lq listQuery) []byte {
	e.mu.RLock()
	recs, more := e.store.page(lq.after, lq.limit, lq.archived)
	n := 32
	for _, r := range recs {
		n += len(r.raw) + 1
	}
	buf := make([]byte, 0, n+64)
	buf = append(buf, `{"data":[`...)
	for i, r := range recs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, r.raw...)
	}
	var last uint64
	if len(recs) > 0 {
		last = recs[len(recs)-1].Seq
	}
	e.mu.RUnlock()
	buf = append(buf, `],"next_page":`...)
	if more {
		buf = append(buf, '"')
		buf = append(buf, encodeCursor(last)...)
		buf = append(buf, '"')
	} else {
		buf = append(buf, "null"...)
	}
	return append(buf, '}')
}

// Cursors are opaque to clients: base64url of "c1:<seq of the last item>".
func encodeCursor(seq uint64) string {
	return base64.RawURLEncoding.EncodeToString(strconv.AppendUint([]byte("c1:"), seq, 10))
}

func decodeCursor(s string) (uint64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), "c1:")
	if !ok {
		return 0, false
	}
	seq, err := strconv.ParseUint(rest, 10, 64)
	return seq, err == nil
}
