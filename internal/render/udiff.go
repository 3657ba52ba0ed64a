package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"terrarium/internal/render/escape"
)

// diffContext is the number of unchanged lines around each hunk.
const diffContext = 3

// UnifiedDiff writes the unified diff (as diff -u and git print it) that
// turns a into b, labelled with the two names. It writes nothing when the
// texts are equal.
func UnifiedDiff(w io.Writer, nameA, nameB string, a, b []byte) error {
	if string(a) == string(b) {
		return nil
	}
	lines := lineOps(string(a), string(b))
	var sb strings.Builder
	escape.Fterm(&sb, "--- %s\n+++ %s\n", nameA, nameB)
	for _, h := range hunks(lines) {
		writeHunk(&sb, lines[h[0]:h[1]])
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// lineOp is one line of the diff: ' ', '-' or '+', with its line numbers.
type lineOp struct {
	kind  byte
	text  string
	aLine int // 1-based line in a (for ' ' and '-')
	bLine int // 1-based line in b (for ' ' and '+')
}

func lineOps(a, b string) []lineOp {
	dmp := diffmatchpatch.New()
	ca, cb, table := dmp.DiffLinesToChars(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), table)
	var ops []lineOp
	al, bl := 1, 1
	for _, d := range diffs {
		for _, text := range splitLines(d.Text) {
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				ops = append(ops, lineOp{' ', text, al, bl})
				al, bl = al+1, bl+1
			case diffmatchpatch.DiffDelete:
				ops = append(ops, lineOp{'-', text, al, bl})
				al++
			case diffmatchpatch.DiffInsert:
				ops = append(ops, lineOp{'+', text, al, bl})
				bl++
			}
		}
	}
	return ops
}

// splitLines splits s into lines keeping each line's newline.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// hunks returns [start, end) index pairs of ops, each a hunk with context.
func hunks(ops []lineOp) [][2]int {
	var out [][2]int
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-diffContext)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*diffContext {
				end = min(end+diffContext, run)
				break
			}
			end = run
		}
		if len(out) > 0 && out[len(out)-1][1] >= start {
			out[len(out)-1][1] = end
		} else {
			out = append(out, [2]int{start, end})
		}
		i = end
	}
	return out
}

func writeHunk(sb *strings.Builder, ops []lineOp) {
	aStart, bStart := ops[0].aLine, ops[0].bLine
	var aCount, bCount int
	for _, op := range ops {
		if op.kind != '+' {
			aCount++
		}
		if op.kind != '-' {
			bCount++
		}
	}
	if aCount == 0 {
		aStart--
	}
	if bCount == 0 {
		bStart--
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(aStart, aCount), hunkRange(bStart, bCount))
	for _, op := range ops {
		sb.WriteByte(op.kind)
		// The text is shown, not applied: its controls become visible.
		sb.WriteString(escape.Block(op.text))
		if !strings.HasSuffix(op.text, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(start, count int) string {
	if count == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}

// WithheldDiff writes, in place of UnifiedDiff's text, which lines of a
// (1-based, as the file is now) the change to b touches, for the file
// name whose lines no output shows (variable values, any of which may be
// a secret): one line with the file and the line numbers, never their
// text. It writes nothing when the texts are equal.
func WithheldDiff(w io.Writer, name string, a, b []byte) error {
	if string(a) == string(b) {
		return nil
	}
	var lines []int
	last := 0 // the last line of a
	prev := byte(' ')
	for _, op := range lineOps(string(a), string(b)) {
		// A line removed counts; one inserted only where nothing was
		// removed (else the removed lines say where), as the line it
		// comes before, or at the end the last line.
		if op.kind == '-' || (op.kind == '+' && prev == ' ') {
			lines = append(lines, op.aLine)
		}
		if op.kind != '+' {
			last = op.aLine
		}
		prev = op.kind
	}
	for i, l := range lines {
		lines[i] = max(1, min(l, last))
	}
	slices.Sort(lines)
	_, err := escape.Fterm(w, "%s: formatting changes %s; the lines are not shown, since the file holds variable values\n", name, lineRanges(slices.Compact(lines)))
	return err
}

// lineRanges writes sorted, distinct line numbers as "line 3" or
// "lines 2, 5-7".
func lineRanges(lines []int) string {
	var parts []string
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprint(lines[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", lines[i], lines[j]))
		}
		i = j + 1
	}
	if len(lines) == 1 {
		return "line " + parts[0]
	}
	return "lines " + strings.Join(parts, ", ")
}
