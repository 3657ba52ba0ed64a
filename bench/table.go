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
	head := []string{"scenario", "terrarium wall, median (min–max)", "bare wall", "wall ratio", "target", "ok", "terrarium CPU", "bare CPU", "CPU ratio", "network floor", "peak RSS", "requests", "fsyncs/create", "load"}
	rows := [][]string{}
	for _, r := range rs {
		rows = append(rows, []string{
			r.name, durStat(walls(r.runs)), durStat(walls(r.bare)), ratioStat(r.ratios()), target(r), r.ok(),
			durStat(cpus(r.runs)), durStat(cpus(r.bare)), ratioStat(r.cpuRatios()), dur(r.ideal), mb(int64(rss(r.runs).med)), count(r.requests), perCreate(r), r.load,
		})
	}
	if markdown {
		fmt.Fprintf(w, "Machine: %s\n\n", machine)
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---|", len(head)))
		for _, row := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		}
		fmt.Fprintln(w)
		for _, r := range rs {
			if r.cmd != "" {
				fmt.Fprintf(w, "- %s: `%s`", r.name, r.cmd)
				if r.note != "" {
					fmt.Fprintf(w, " (%s)", r.note)
				}
				fmt.Fprintln(w)
			}
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

func durStat(s stat) string {
	if s.med == 0 {
		return "-"
	}
	return fmt.Sprintf("%s (%s–%s)", dur(time.Duration(s.med)), dur(time.Duration(s.min)), dur(time.Duration(s.max)))
}

func ratioStat(s stat) string {
	if s.med == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", s.med, s.min, s.max)
}

func target(r result) string {
	var t []string
	if r.targetRatio > 0 {
		t = append(t, fmt.Sprintf("≤ %.2f×", r.targetRatio))
	}
	if r.targetWall > 0 {
		t = append(t, "≤ "+dur(r.targetWall))
	}
	if r.targetRSSKB > 0 {
		t = append(t, "≤ "+mb(r.targetRSSKB))
	}
	if len(t) == 0 {
		return "-"
	}
	return strings.Join(t, ", ")
}

func perCreate(r result) string {
	if r.perCreate == 0 || r.fsyncs == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f (%d)", float64(r.fsyncs)/float64(r.perCreate), r.fsyncs)
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
