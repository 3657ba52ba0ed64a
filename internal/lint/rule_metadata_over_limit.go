package lint

import (
	"fmt"
	"unicode/utf8"

	"terrarium/schema"
)

var metadataOverLimit = &Rule{
	Name:     "metadata-over-limit",
	Title:    "Metadata beyond the limits of other Managed Agents resources",
	Severity: SeverityWarning,
	Tags:     []string{tagHygiene},
	Doc: `Finds metadata with more than 16 pairs, a key longer than 64 characters or
a value longer than 512 characters.

The API documents no metadata limit for environments, but sessions,
agents, vaults and deployments allow at most 16 pairs, keys up to 64
characters and values up to 512, and the SDK knows an invalid_metadata
error. If environments share those limits, such metadata is refused. The
count includes the 2 keys terrarium adds to every environment it manages
(terrarium.stack, terrarium.address), so a configuration may set at most 14.

Fix: keep at most 14 short keys; move long text to the description.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			own := 0
			for _, m := range env.Metadata {
				if !schema.IsReservedMetadataKey(m.Key.Value) {
					own++
				}
				if n := utf8.RuneCountInString(m.Key.Value); n > schema.MaxMetadataKeyLength {
					p.Report(Finding{
						Summary: fmt.Sprintf("Metadata key is %d characters long; other Managed Agents resources accept at most %d", n, schema.MaxMetadataKeyLength),
						Subject: m.Key.Range, Address: env.Address, Path: metadataPath(m.Key.Value),
					})
				}
				if n := utf8.RuneCountInString(m.Value.Value); n > schema.MaxMetadataValueLength {
					p.Report(Finding{
						Summary: fmt.Sprintf("Metadata value is %d characters long; other Managed Agents resources accept at most %d", n, schema.MaxMetadataValueLength),
						Subject: m.Value.Range, Address: env.Address, Path: metadataPath(m.Key.Value),
					})
				}
			}
			if total := own + schema.OwnershipKeyCount; total > schema.MaxMetadataPairs && len(env.Metadata) > 0 {
				p.Report(Finding{
					Summary: fmt.Sprintf("Metadata has %d pairs with terrarium's %d ownership keys; other Managed Agents resources accept at most %d", total, schema.OwnershipKeyCount, schema.MaxMetadataPairs),
					Detail:  fmt.Sprintf("terrarium adds %s and %s to every environment it manages, so a configuration may set at most %d keys.", schema.MetaStack, schema.MetaAddress, schema.MaxMetadataPairs-schema.OwnershipKeyCount),
					Subject: env.Metadata[0].Key.Range, Address: env.Address, Path: "metadata",
				})
			}
		}
	},
}
