package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sort"

	"terrarium/internal/sets"
	"terrarium/schema"
)

// Fingerprint returns the SHA-256 of the canonical JSON of a live object:
// sets sorted, map keys sorted (encoding/json), timestamps in UTC. Two reads
// of an unchanged environment have the same fingerprint whatever the order
// the API lists hosts or packages in.
func Fingerprint(l *schema.LiveEnv) string {
	c := canonical(l)
	b, err := json.Marshal(c)
	if err != nil {
		panic("plan: fingerprint: " + err.Error()) // a LiveEnv always marshals
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func canonical(l *schema.LiveEnv) schema.LiveEnv {
	c := *l
	c.CreatedAt = c.CreatedAt.UTC()
	c.UpdatedAt = c.UpdatedAt.UTC()
	if c.ArchivedAt != nil {
		t := c.ArchivedAt.UTC()
		c.ArchivedAt = &t
	}
	if c.Config.Packages != nil {
		p := *c.Config.Packages
		for _, m := range schema.PackageManagers {
			p.Set(m, sets.Of(p.Get(m)))
		}
		c.Config.Packages = &p
	}
	if c.Config.Networking != nil {
		n := *c.Config.Networking
		n.AllowedHosts = slices.Clone(n.AllowedHosts)
		sort.Strings(n.AllowedHosts)
		c.Config.Networking = &n
	}
	return c
}

// ConfigHash returns the SHA-256 over the configuration files, each name and
// content in name order.
func ConfigHash(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(files[n])
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
