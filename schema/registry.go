package schema

import "sync"

var (
	registryMu sync.Mutex
	registry   []BlockType
)

// RegisterBlock adds a top-level block type that every Load accepts, so that
// commands which do not know the extending package (validate) still accept
// its blocks. Call it from an init function. A BlockType passed in
// LoadOptions.Extensions replaces a registered one of the same Type.
func RegisterBlock(bt BlockType) {
	registryMu.Lock()
	defer registryMu.Unlock()
	for i, r := range registry {
		if r.Type == bt.Type {
			registry[i] = bt
			return
		}
	}
	registry = append(registry, bt)
}

// RegisteredBlocks returns the registered block types in registration order.
func RegisteredBlocks() []BlockType {
	registryMu.Lock()
	defer registryMu.Unlock()
	return append([]BlockType(nil), registry...)
}

// extensions merges the registered blocks with opts.Extensions (which win),
// dropping any that would shadow a core block.
func extensions(opts []BlockType) []BlockType {
	out := make([]BlockType, 0, len(opts))
	seen := map[string]bool{}
	for _, c := range coreBlocks {
		seen[c.Type] = true
	}
	for _, bt := range opts {
		if !seen[bt.Type] {
			seen[bt.Type] = true
			out = append(out, bt)
		}
	}
	for _, bt := range RegisteredBlocks() {
		if !seen[bt.Type] {
			seen[bt.Type] = true
			out = append(out, bt)
		}
	}
	return out
}
