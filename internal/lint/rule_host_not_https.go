package lint

import "strings"

var hostNotHTTPS = &Rule{
	Name:             "host-not-https",
	Title:            "Allowed host without https://",
	Severity:         SeverityError,
	Tags:             []string{tagNetworking, tagSecurity},
	SecuritySeverity: 7.0,
	Doc: `Finds allowed_hosts entries whose scheme is not https, or that have no scheme.

The API requires every allowed host to be HTTPS-prefixed. Plain http lets
anyone on the path read and change the traffic, and an entry without a
scheme is refused or misread.

Fix: write the entry as "https://host" (with ":port" only when needed).
lint --fix does this for an entry with no scheme or with http:// and no
port other than 443; another scheme or port needs a person to choose.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err != nil || h.Host.Scheme == "https" {
				return
			}
			var f Finding
			if h.Host.Scheme == "" {
				f = h.Finding("Allowed host has no scheme", "Write it as \"https://"+h.Value.Value+"\": the API requires HTTPS-prefixed hosts.")
			} else {
				f = h.Finding("Allowed host uses "+h.Host.Scheme+"://, not https://", "The API requires HTTPS-prefixed hosts, and plain traffic can be read and changed in transit.")
			}
			f.Fix = httpsFix(p, h)
			p.Report(f)
		})
	},
}

// httpsFix writes "https://" in place of an entry's missing or http://
// scheme. With another scheme or an explicit port other than 443 the
// intended entry is a guess, so there is no fix.
func httpsFix(p *Pass, h HostEntry) *Fix {
	src, ok := p.literalText(h.Value.Range, h.Value.Value)
	if !ok || (h.Host.Port != "" && h.Host.Port != "443") {
		return nil
	}
	rest := h.Value.Value
	switch h.Host.Scheme {
	case "":
	case "http":
		rest = rest[strings.Index(rest, "://")+len("://"):]
	default:
		return nil
	}
	text := `"https://` + rest + `"`
	return rangeFix(h.Value.Range, src, text, "write "+text, true)
}
