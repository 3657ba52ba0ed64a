// Package plantest holds in-memory fakes of api.Client and state.Log for
// testing and benchmarking the plan and apply engines without a network or
// a disk.
package plantest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"terrarium/internal/api"
	"terrarium/schema"
)

// API is a fake environments API holding environments in memory. Its
// methods are safe for concurrent use.
type API struct {
	mu    sync.Mutex
	envs  map[string]*schema.LiveEnv
	next  int
	clock time.Time

	// Latency is slept before every call.
	Latency time.Duration
	// Fail, when set, is asked before every mutation; a non-nil error is
	// returned instead of doing it. Ambiguous errors are returned after the
	// mutation is done (the answer was lost, the change was not).
	Fail func(op string, name string) error
	// Calls counts calls per operation.
	Calls map[string]int
	// ArchivedHoldNames makes archived environments keep their names, as
	// the emulator does by default.
	ArchivedHoldNames bool
}

// NewAPI returns an empty fake holding envs.
func NewAPI(envs ...schema.LiveEnv) *API {
	a := &API{envs: map[string]*schema.LiveEnv{}, Calls: map[string]int{}, clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i := range envs {
		e := envs[i]
		a.envs[e.ID] = &e
	}
	return a
}

func (a *API) begin(ctx context.Context, op string) error {
	if a.Latency > 0 {
		t := time.NewTimer(a.Latency)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	a.mu.Lock()
	a.Calls[op]++
	a.clock = a.clock.Add(time.Second)
	return nil
}

func (a *API) check(op, name string, mutate func() (schema.LiveEnv, error)) (schema.LiveEnv, error) {
	var err error
	if a.Fail != nil {
		err = a.Fail(op, name)
	}
	if err != nil && !api.IsAmbiguous(err) {
		return schema.LiveEnv{}, err
	}
	l, merr := mutate()
	if merr != nil {
		return schema.LiveEnv{}, merr
	}
	if err != nil {
		return schema.LiveEnv{}, err
	}
	return l, nil
}

// List returns every environment sorted by id.
func (a *API) List(ctx context.Context, opts api.ListOptions) ([]schema.LiveEnv, error) {
	if err := a.begin(ctx, "list"); err != nil {
		return nil, err
	}
	defer a.mu.Unlock()
	out := make([]schema.LiveEnv, 0, len(a.envs))
	for _, e := range a.envs {
		if opts.IncludeArchived || !e.Archived() {
			out = append(out, clone(e))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Get returns one environment.
func (a *API) Get(ctx context.Context, id string) (schema.LiveEnv, error) {
	if err := a.begin(ctx, "get"); err != nil {
		return schema.LiveEnv{}, err
	}
	defer a.mu.Unlock()
	e, ok := a.envs[id]
	if !ok {
		return schema.LiveEnv{}, notFound("get", id)
	}
	return clone(e), nil
}

// Create adds an environment; a name in use by a live environment is a 409.
func (a *API) Create(ctx context.Context, spec schema.EnvSpec) (schema.LiveEnv, error) {
	if err := a.begin(ctx, "create"); err != nil {
		return schema.LiveEnv{}, err
	}
	defer a.mu.Unlock()
	return a.check("create", spec.Name, func() (schema.LiveEnv, error) {
		if h := a.holder(spec.Name, ""); h != nil {
			return schema.LiveEnv{}, &api.Error{Op: "create", Env: spec.Name, StatusCode: 409, Type: "invalid_request_error",
				Message: fmt.Sprintf("name: an environment named %q already exists", spec.Name), RequestID: "req_fake"}
		}
		a.next++
		e := &schema.LiveEnv{ID: fmt.Sprintf("env_%04d", a.next), EnvSpec: normal(spec), CreatedAt: a.clock, UpdatedAt: a.clock}
		if e.Scope == "" {
			e.Scope = schema.ScopeOrganization
		}
		a.envs[e.ID] = e
		return clone(e), nil
	})
}

// Update replaces the owned fields and deletes RemoveMetadata keys.
func (a *API) Update(ctx context.Context, id string, u api.Update) (schema.LiveEnv, error) {
	if err := a.begin(ctx, "update"); err != nil {
		return schema.LiveEnv{}, err
	}
	defer a.mu.Unlock()
	e, ok := a.envs[id]
	if !ok {
		return schema.LiveEnv{}, notFound("update", id)
	}
	return a.check("update", e.Name, func() (schema.LiveEnv, error) {
		switch {
		case e.Archived():
			return schema.LiveEnv{}, &api.Error{Op: "update", Env: id, StatusCode: 400, Code: api.CodeEnvironmentArchived, Message: "archived", RequestID: "req_fake"}
		case u.Spec.Config.Type != e.Config.Type:
			return schema.LiveEnv{}, &api.Error{Op: "update", Env: id, StatusCode: 400, Code: api.CodeInvalidConfigTypeChange, Message: "config type cannot change", RequestID: "req_fake"}
		case a.holder(u.Spec.Name, id) != nil:
			return schema.LiveEnv{}, &api.Error{Op: "update", Env: id, StatusCode: 409, Message: "name in use", RequestID: "req_fake"}
		}
		meta := maps.Clone(e.Metadata)
		maps.Copy(meta, u.Spec.Metadata)
		for _, k := range u.RemoveMetadata {
			delete(meta, k)
		}
		spec := normal(u.Spec)
		spec.Metadata = meta
		if spec.Scope == "" {
			spec.Scope = e.Scope
		}
		e.EnvSpec = spec
		e.UpdatedAt = a.clock
		return clone(e), nil
	})
}

// Archive marks an environment archived, freeing its name.
func (a *API) Archive(ctx context.Context, id string) (schema.LiveEnv, error) {
	if err := a.begin(ctx, "archive"); err != nil {
		return schema.LiveEnv{}, err
	}
	defer a.mu.Unlock()
	e, ok := a.envs[id]
	if !ok {
		return schema.LiveEnv{}, notFound("archive", id)
	}
	return a.check("archive", e.Name, func() (schema.LiveEnv, error) {
		t := a.clock
		e.ArchivedAt = &t
		return clone(e), nil
	})
}

// Delete removes an environment.
func (a *API) Delete(ctx context.Context, id string) error {
	if err := a.begin(ctx, "delete"); err != nil {
		return err
	}
	defer a.mu.Unlock()
	e, ok := a.envs[id]
	if !ok {
		return notFound("delete", id)
	}
	_, err := a.check("delete", e.Name, func() (schema.LiveEnv, error) {
		delete(a.envs, id)
		return schema.LiveEnv{}, nil
	})
	return err
}

// Envs returns a copy of every environment, sorted by id.
func (a *API) Envs() []schema.LiveEnv {
	l, _ := a.List(context.Background(), api.ListOptions{IncludeArchived: true})
	return l
}

// Put stores e as is (a change made behind terrarium's back).
func (a *API) Put(e schema.LiveEnv) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := clone(&e)
	a.envs[e.ID] = &c
}

func (a *API) holder(name, except string) *schema.LiveEnv {
	for _, e := range a.envs {
		if e.Name == name && e.ID != except && (a.ArchivedHoldNames || !e.Archived()) {
			return e
		}
	}
	return nil
}

func notFound(op, id string) error {
	return &api.Error{Op: op, Env: id, StatusCode: 404, Code: api.CodeEnvironmentNotFound, Message: "not found", RequestID: "req_fake"}
}

// normal fills what the API fills: empty lists for a cloud config, and
// the metadata map.
func normal(s schema.EnvSpec) schema.EnvSpec {
	s.Metadata = maps.Clone(s.Metadata)
	if s.Metadata == nil {
		s.Metadata = map[string]string{}
	}
	if s.Config.Type == schema.ConfigCloud {
		p := schema.Packages{}
		for _, m := range schema.PackageManagers {
			l := slices.Clone(s.Config.Packages.Get(m))
			if l == nil {
				l = []string{}
			}
			p.Set(m, l)
		}
		s.Config.Packages = &p
		if s.Config.Networking == nil {
			s.Config.Networking = &schema.Networking{Type: schema.NetworkingUnrestricted}
		} else {
			n := *s.Config.Networking
			n.AllowedHosts = slices.Clone(n.AllowedHosts)
			s.Config.Networking = &n
		}
	}
	return s
}

func clone(e *schema.LiveEnv) schema.LiveEnv {
	c := *e
	c.EnvSpec = normal(e.EnvSpec)
	if e.Description != nil {
		d := *e.Description
		c.Description = &d
	}
	if e.ArchivedAt != nil {
		t := *e.ArchivedAt
		c.ArchivedAt = &t
	}
	return c
}
