package cli

import (
	"fmt"

	"terrarium/internal/api"
	"terrarium/schema"
)

// clientRateLimits is the pace the client keeps: --rate-limits, then
// $TERRARIUM_RATE_LIMITS, then the terrarium block's rate_limits, over the
// documented limits (60 writes and 600 reads a minute, API.md). Against the
// in-process emulator, which enforces no limit unless told, the default is
// no pacing. Each source may set one class and keep the other. block is the
// terrarium block's rate_limits as decoded, nil when it has none (errors in
// it are the configuration loader's to report).
func clientRateLimits(d *Deps, block *schema.RateLimits) (*api.RateLimits, error) {
	limits := api.DocumentedRateLimits
	if d.Globals.Emulator {
		limits = api.RateLimits{}
	}
	if block != nil {
		if n := block.Writes; n != nil {
			limits.Writes = n.Value
		}
		if n := block.Reads; n != nil {
			limits.Reads = n.Value
		}
	}
	for _, src := range []struct{ name, value string }{
		{"TERRARIUM_RATE_LIMITS", d.Getenv("TERRARIUM_RATE_LIMITS")},
		{"--rate-limits", d.Globals.RateLimits},
	} {
		if src.value == "" {
			continue
		}
		l, err := api.ParseRateLimits(src.value, limits)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.name, err)
		}
		limits = l
	}
	return &limits, nil
}
