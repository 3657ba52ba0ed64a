// Package api is terrarium's client of the environments API, built over the
// official SDK. Every command that talks to the API goes through Client.
package api

import (
	"context"

	"terrarium/schema"
)

// Client is the set of environment calls terrarium makes.
type Client interface {
	// List returns every environment, walking all cursor pages.
	List(ctx context.Context, opts ListOptions) ([]schema.LiveEnv, error)
	Get(ctx context.Context, id string) (schema.LiveEnv, error)
	Create(ctx context.Context, spec schema.EnvSpec) (schema.LiveEnv, error)
	// Update sends every field of u explicitly (see Update).
	Update(ctx context.Context, id string, u Update) (schema.LiveEnv, error)
	Archive(ctx context.Context, id string) (schema.LiveEnv, error)
	Delete(ctx context.Context, id string) error
}

// ListOptions select what List returns.
type ListOptions struct {
	IncludeArchived bool
}

// Update is a full update of the fields a stack owns. The API keeps omitted
// fields and merges metadata, so the client sends every field of Spec
// explicitly (false flags, empty lists, null description) and sends each key
// of RemoveMetadata as "" to delete it.
type Update struct {
	Spec           schema.EnvSpec
	RemoveMetadata []string
}
