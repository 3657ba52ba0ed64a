// Package ids makes the random ids terrarium gives plans and intents.
package ids

import (
	"crypto/rand"
	"encoding/hex"
)

// New returns prefix followed by 16 lowercase hexadecimal digits (64 bits
// from crypto/rand), such as "plan_3f9a0c2e7b1d4e58". crypto/rand.Read
// never fails (Go 1.24 and later), so neither does New.
func New(prefix string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
