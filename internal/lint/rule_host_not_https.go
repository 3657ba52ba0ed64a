package lint

import "strings"

var hostNotHTTPS = &Rule{
	Name:             "host-not-https",
	Title:            "Allowed host with a scheme other than https://",
	Severity:         SeverityError,
	Tags:             []string{tagNetworking, tagSecurity},
	SecuritySeverity: 7.0,
	Doc: `Finds allowed_hosts entries whose scheme is http:// or anything else but
https://.

Both "api.example.com" and "https://api.example.com" are accepted: the
setup page's text says entries "must be HTTPS-prefixed", while its own
example, the SDK's documentation and Anthropic's other references write bare
host names, and which form the real API requires is not settled (API.md).
terrarium sends the entry as written. Plain http, or another scheme, is
never right: it lets anyone on the path read and change the traffic, or is
refused.

Fix: write the entry as "host" or "https://host" (with ":port" only when
needed). lint --fix rewrites http:// to https:// when no port other than
443 is given; another scheme or port needs a person to choose.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err != nil || h.Host.Scheme == "https" || h.Host.Scheme == "" {
				return
			}
			f := h.Finding("Allowed host uses "+h.Host.Scheme+"://, not https://",
				"Write it as \""+h.Host.Hostname+"\" or \"https://"+h.Host.Hostname+"\": plain traffic can be read and changed in transit, and the API expects HTTPS hosts.")
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
	if h.Host.Scheme != "http" {
		return nil // another scheme: a person chooses what it should be
	}
	rest := h.Value.Value[strings.Index(h.Value.Value, "://")+len("://"):]
	text := `"https://` + rest + `"`
	return rangeFix(h.Value.Range, src, text, "write "+text, true)
}
