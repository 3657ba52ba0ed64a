package schema

import (
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// exprCache remembers the values of expressions evaluated in the sealed
// context, by their source text. That context no longer changes and every
// function is pure, so the same text there always has the same value (with
// the same marks): merge(local.base_metadata, { team = "a" }) written in a
// hundred environment blocks is evaluated once. Only successful
// evaluations are kept, so every error is still reported at its own
// expression; for_each instances, whose context differs, are not cached.
type exprCache struct {
	src   map[string][]byte // file name -> content
	mu    sync.RWMutex
	vals  map[string]cachedValue
	bytes int
}

type cachedValue struct {
	v    cty.Value
	size int // valueSize(v), counted again on every use
}

// maxExprCacheBytes bounds the source text an exprCache keeps as keys.
const maxExprCacheBytes = 8 << 20

func newExprCache(srcs map[string][]byte) *exprCache {
	return &exprCache{src: srcs, vals: map[string]cachedValue{}}
}

// text is expr's source, or nil when it is not at hand.
func (c *exprCache) text(expr hcl.Expression) []byte {
	if c == nil {
		return nil
	}
	r := expr.Range()
	src := c.src[r.Filename]
	if r.Start.Byte < 0 || r.Start.Byte >= r.End.Byte || r.End.Byte > len(src) {
		return nil
	}
	return src[r.Start.Byte:r.End.Byte]
}

func (c *exprCache) get(text []byte) (cachedValue, bool) {
	c.mu.RLock()
	v, ok := c.vals[string(text)]
	c.mu.RUnlock()
	return v, ok
}

func (c *exprCache) put(text []byte, v cachedValue) {
	c.mu.Lock()
	if c.bytes+len(text) <= maxExprCacheBytes {
		if _, ok := c.vals[string(text)]; !ok {
			c.vals[string(text)] = v
			c.bytes += len(text)
		}
	}
	c.mu.Unlock()
}
