package lint

var hostDuplicate = &Rule{
	Name:     "host-duplicate",
	Title:    "Allowed host listed twice",
	Severity: SeverityWarning,
	Tags:     []string{tagNetworking, tagHygiene},
	Doc: `Finds allowed_hosts entries that name the same host as an earlier entry of
the same environment, after normalising case, trailing dots, the default
port, IP spellings and IDNA (bücher.example = xn--bcher-kva.example).

Duplicates make reviews harder and hide which entry a later change should
touch.

Fix: delete the later entry. lint --fix does so when the list is written
out literally and no comment sits between the entries.`,
	Check: func(p *Pass) {
		// Entries come environment by environment: the map holds one
		// environment's hosts at a time.
		seen := map[string]HostEntry{}
		var prev HostEntry
		p.Hosts(func(h HostEntry) {
			defer func() { prev = h }()
			if h.Env != prev.Env {
				clear(seen)
			}
			if h.Err != nil {
				return
			}
			key := h.Host.Canonical()
			if first, ok := seen[key]; ok {
				f := h.Finding("Allowed host duplicates "+quote(first.Value.Value),
					"Both entries mean "+h.Host.Canonical()+"; the first is at "+first.Value.Range.String()+".")
				if prev.Env == h.Env && prev.Index == h.Index-1 {
					f.Fix = p.removeElementFix(prev.Value.Range, h.Value.Range, h.Value.Value)
				}
				p.Report(f)
				return
			}
			seen[key] = h
		})
	},
}
