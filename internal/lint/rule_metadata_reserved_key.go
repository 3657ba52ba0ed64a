package lint

import "terrarium/schema"

var metadataReservedKey = &Rule{
	Name:     "metadata-reserved-key",
	Title:    "Metadata key reserved for terrarium's ownership records",
	Severity: SeverityError,
	Tags:     []string{tagHygiene},
	Doc: `Finds metadata keys that terrarium writes itself (terrarium.stack,
terrarium.address, terrarium.prevent_destroy).

These keys record which stack owns a live environment and whether it is
protected from destruction. Setting them by hand could move an environment
into another stack, hide it from its owner, or protect or unprotect it
outside the reviewed lifecycle block.

Fix: remove the key; terrarium sets it on apply.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			for _, m := range env.Metadata {
				if schema.IsReservedMetadataKey(m.Key.Value) {
					p.Report(Finding{
						Summary: "Metadata key " + quote(m.Key.Value) + " is reserved for terrarium",
						Detail:  "terrarium writes this key to record ownership and protection; remove it from the configuration.",
						Subject: m.Key.Range, Address: env.Address, Path: metadataPath(m.Key.Value), Value: m.Key.Value,
					})
				}
			}
		}
	},
}
