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

Fix: delete the later entry.`,
	Check: func(p *Pass) {
		seen := map[string]HostEntry{}
		p.Hosts(func(h HostEntry) {
			if h.Err != nil {
				return
			}
			key := h.Env.Address + "\x00" + h.Host.Canonical()
			if first, ok := seen[key]; ok {
				p.Report(h.Finding("Allowed host duplicates "+quote(first.Value.Value),
					"Both entries mean "+h.Host.Canonical()+"; the first is at "+first.Value.Range.String()+"."))
				return
			}
			seen[key] = h
		})
	},
}
