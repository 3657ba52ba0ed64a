package render

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"terrarium/internal/change"
	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
	"terrarium/schema"
)

// The egress map: a Mermaid flowchart (GitHub renders it in comments and
// job summaries) of the environments whose network reach the plan changes
// and every host they can reach afterwards. Widened edges are thick and
// red, removed ones dotted; a large map keeps its widened and removed
// edges and folds each environment's unchanged hosts into one node.

// mapMaxEdges bounds the edges drawn; past it unchanged hosts are folded
// per environment, and past it again the rest are counted, not drawn.
const mapMaxEdges = 60

// mapLabelMax bounds a node label, in characters.
const mapLabelMax = 80

type mapEdge struct {
	env, host string
	kind      int // edgeSame, edgeWidened, edgeRemoved
}

const (
	edgeWidened = iota
	edgeRemoved
	edgeSame
)

// Pseudo-hosts for reach that is not a host.
const (
	anyHost     = "any host (unrestricted networking)"
	mcpHost     = "MCP servers"
	pkgHost     = "package managers"
	selfHosted  = "self-hosted: network not limited by the API"
	mapWidened  = "widened"
	mapRemoved  = "removed"
	mapWideCSS  = "stroke:#d73a49,stroke-width:3px,color:#d73a49"
	mapRemovCSS = "stroke:#6a737d,stroke-dasharray:4"
)

// reachNodes lists what a spec's reach points at.
func reachNodes(s *change.Reach, ok bool, was bool) []string {
	if !ok {
		if was {
			return []string{selfHosted}
		}
		return nil
	}
	if s.Unrestricted {
		return []string{anyHost}
	}
	out := append([]string(nil), s.Hosts...)
	if s.MCP {
		out = append(out, mcpHost)
	}
	if s.PackageManagers {
		out = append(out, pkgHost)
	}
	return out
}

// egressEdges are the map's edges for the plan's egress deltas: every
// host reached before or after, widened first.
func egressEdges(p *plan.Plan) []mapEdge {
	var widened, removed, same []mapEdge
	for _, d := range p.Egress {
		c := p.Change(d.Address)
		if c == nil {
			continue
		}
		var before, after *change.Reach
		var bok, aok bool
		if b := change.Existing(c.Before); b != nil {
			r, ok := change.ReachOf(b)
			before, bok = &r, ok
		}
		if c.After != nil && !c.Action.Destroys() {
			r, ok := change.ReachOf(c.After)
			after, aok = &r, ok
		}
		bn := map[string]bool{}
		for _, h := range reachNodes(before, bok, false) {
			bn[h] = true
		}
		an := reachNodes(after, aok, bok && c.After != nil && !c.Action.Destroys())
		hide := newHider(d.Address, slices.Contains(c.Sensitive, schema.PathAllowedHosts))
		seen := map[string]bool{}
		for _, h := range an {
			seen[h] = true
			if bn[h] {
				same = hide.add(same, h, edgeSame)
			} else {
				widened = hide.add(widened, h, edgeWidened)
			}
		}
		for _, h := range reachNodes(before, bok, false) {
			if !seen[h] {
				removed = hide.add(removed, h, edgeRemoved)
			}
		}
		widened, removed, same = hide.flush(widened, removed, same)
	}
	all := append(append(widened, removed...), same...)
	if len(all) <= mapMaxEdges {
		return all
	}
	// Fold each environment's unchanged hosts into one node.
	folded := append(widened, removed...)
	count := map[string]int{}
	var order []string
	for _, e := range same {
		if count[e.env] == 0 {
			order = append(order, e.env)
		}
		count[e.env]++
	}
	for _, env := range order {
		folded = append(folded, mapEdge{env: env, host: fmt.Sprintf("%d unchanged host(s) of %s", count[env], env), kind: edgeSame})
	}
	return folded
}

// hider keeps the hosts of an environment whose allowed_hosts derive from
// a sensitive variable out of the map: they are counted, per kind of edge,
// into one node "N sensitive host(s)" instead.
type hider struct {
	env    string
	on     bool
	counts [3]int
}

func newHider(env string, on bool) *hider { return &hider{env: env, on: on} }

func (h *hider) add(edges []mapEdge, host string, kind int) []mapEdge {
	if h.on && host != anyHost && host != mcpHost && host != pkgHost && host != selfHosted {
		h.counts[kind]++
		return edges
	}
	return append(edges, mapEdge{env: h.env, host: host, kind: kind})
}

func (h *hider) flush(widened, removed, same []mapEdge) ([]mapEdge, []mapEdge, []mapEdge) {
	node := func(n int) string { return fmt.Sprintf("%d sensitive host(s) of %s", n, h.env) }
	if n := h.counts[edgeWidened]; n > 0 {
		widened = append(widened, mapEdge{env: h.env, host: node(n), kind: edgeWidened})
	}
	if n := h.counts[edgeRemoved]; n > 0 {
		removed = append(removed, mapEdge{env: h.env, host: node(n), kind: edgeRemoved})
	}
	if n := h.counts[edgeSame]; n > 0 {
		same = append(same, mapEdge{env: h.env, host: node(n), kind: edgeSame})
	}
	return widened, removed, same
}

// EgressMap renders the plan's egress map as a fenced Mermaid block, or ""
// when no environment's reach changes.
func EgressMap(p *plan.Plan) string {
	edges := egressEdges(p)
	if len(edges) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n")
	ids := map[string]string{}
	node := func(prefix, label string) string {
		key := prefix + "\x00" + label
		if id, ok := ids[key]; ok {
			return id
		}
		id := fmt.Sprintf("%s%d", prefix, len(ids))
		ids[key] = id
		shape := `["%s"]`
		if prefix == "e" {
			shape = `(["%s"])`
		}
		fmt.Fprintf(&b, "  %s"+shape+"\n", id, mermaidLabel(label))
		return id
	}
	drawn, widenedIdx, removedIdx := 0, []int{}, []int{}
	for _, e := range edges {
		if drawn == mapMaxEdges {
			break
		}
		from, to := node("e", e.env), node("h", e.host)
		switch e.kind {
		case edgeWidened:
			fmt.Fprintf(&b, "  %s ==>|%s| %s\n", from, mapWidened, to)
			widenedIdx = append(widenedIdx, drawn)
		case edgeRemoved:
			fmt.Fprintf(&b, "  %s -.->|%s| %s\n", from, mapRemoved, to)
			removedIdx = append(removedIdx, drawn)
		default:
			fmt.Fprintf(&b, "  %s --> %s\n", from, to)
		}
		drawn++
	}
	for _, i := range widenedIdx {
		fmt.Fprintf(&b, "  linkStyle %d %s\n", i, mapWideCSS)
	}
	for _, i := range removedIdx {
		fmt.Fprintf(&b, "  linkStyle %d %s\n", i, mapRemovCSS)
	}
	b.WriteString("```\n\n")
	if rest := len(edges) - drawn; rest > 0 {
		fmt.Fprintf(&b, "_%d more edge(s) not drawn to keep the map small; the table above lists every change._\n\n", rest)
	}
	return b.String()
}

// mermaidLabel makes s safe inside a double-quoted Mermaid label: letters,
// digits and a few punctuation marks stay, every other character becomes
// an entity code (#NNN;), so no quote, bracket, backtick, newline or markup
// in a host or address can end the label, the block or the comment. Long
// labels are cut with an ellipsis.
func mermaidLabel(s string) string {
	s = escape.Line(s) // controls and invisible characters become visible escapes first
	if utf8.RuneCountInString(s) > mapLabelMax {
		s = string([]rune(s)[:mapLabelMax-1]) + "…"
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(" ._:/-@+=,()?", r):
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "#%d;", r)
		}
	}
	return b.String()
}
