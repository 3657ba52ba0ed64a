package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// writeTable prints the results as an aligned table or as markdown.
func writeTable(w io.Writer, rs []result, markdown bool, machine string) {
	head := []string{"scenario", "wall", "ideal", "ratio", "target", "ok", "peak RSS", "requests", "fsyncs"}
	rows := [][]string{}
	for _, r := range rs {
		rows = append(rows, []string{
			r.name, dur(r.wall), dur(r.ideal), ratio(r), dur(r.target), verdict(r),
			mb(r.rssKB), count(r.requests), count(int(r.fsyncs)),
		})
	}
	if markdown {
		fmt.Fprintf(w, "Machine: %s\n\n", machine)
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---|", len(head)))
		for _, row := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		}
		return
	}
	fmt.Fprintf(w, "machine: %s\n", machine)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, row := range rows {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	for _, r := range rs {
		if r.note != "" {
			fmt.Fprintf(w, "  %s: %s\n", r.name, r.note)
		}
	}
}

func dur(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
	case d < 10*time.Second:
		return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

func ratio(r result) string {
	if r.ideal == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", float64(r.wall)/float64(r.ideal))
}

func verdict(r result) string {
	if r.target == 0 {
		return "-"
	}
	if r.wall <= r.target {
		return "yes"
	}
	return "NO"
}

func mb(kb int64) string {
	if kb == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f MB", float64(kb)/1024)
}

func count(n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprint(n)
}
