package render

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"terrarium/internal/api"
)

// ListProgressMode is how list progress is shown.
type ListProgressMode int

// The modes: a terminal line redrawn in place, a plain line per report, or
// a JSON line per report.
const (
	ListProgressLines ListProgressMode = iota
	ListProgressTerminal
	ListProgressJSON
)

// ListProgress writes one report of a long list: on a terminal it redraws
// the current line ("\r", erase line, no newline); otherwise it writes a
// line, or {"type":"list_progress","pages":N,"environments":N,"elapsed_ms":N}.
func ListProgress(w io.Writer, mode ListProgressMode, p api.ListProgress, elapsed time.Duration) {
	switch mode {
	case ListProgressJSON:
		b, _ := json.Marshal(struct {
			Type         string `json:"type"`
			Pages        int    `json:"pages"`
			Environments int    `json:"environments"`
			ElapsedMS    int64  `json:"elapsed_ms"`
		}{"list_progress", p.Pages, p.Environments, elapsed.Milliseconds()})
		fmt.Fprintf(w, "%s\n", b)
	case ListProgressTerminal:
		fmt.Fprintf(w, "\r\x1b[KListing live environments... %s [%s elapsed]", listCounts(p), elapsed.Round(time.Second))
	default:
		fmt.Fprintf(w, "Still listing live environments... %s [%s elapsed]\n", listCounts(p), elapsed.Round(time.Second))
	}
}

// ListProgressDone ends a redrawn terminal line with the final counts.
func ListProgressDone(w io.Writer, p api.ListProgress, elapsed time.Duration) {
	fmt.Fprintf(w, "\r\x1b[KListed %s in %s.\n", listCounts(p), elapsed.Round(100*time.Millisecond))
}

func listCounts(p api.ListProgress) string {
	return fmt.Sprintf("%d pages, %d environments", p.Pages, p.Environments)
}
