package iostreams

import (
	"io"
	"sync"
)

// CheckedWriter passes writes to W and keeps the first write error, so
// that a command which wrote its output without checking every write (a
// summary, a hint, an event line) is still known to have lost some: the
// caller reports it after the command ends. Safe for concurrent use.
type CheckedWriter struct {
	W io.Writer

	mu  sync.Mutex
	err error
}

func (c *CheckedWriter) Write(p []byte) (int, error) {
	n, err := c.W.Write(p)
	if err != nil {
		c.mu.Lock()
		if c.err == nil {
			c.err = err
		}
		c.mu.Unlock()
	}
	return n, err
}

// Err is the first write error, or nil when every write succeeded.
func (c *CheckedWriter) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}
