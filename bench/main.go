// Command bench measures terrarium against the limit the API sets: a plan
// cannot beat (list pages × latency), an apply cannot beat (changes /
// parallelism × latency). It builds the terrarium binary, starts the
// emulator with a set latency, generates each workload, runs terrarium as a
// user would, and prints one table: for each row the median wall time with
// min and max over several runs, the same for a bare baseline (the least
// work any client must do: parsing the files, listing the pages, making the
// creates) run in turn with it, their ratio pair by pair, the network floor,
// peak RSS, API requests, fsyncs per create and the load average.
//
//	go run ./bench                 # quick scale, about a minute
//	go run ./bench -scale full     # the scale, a few minutes
//	go run ./bench -only 'plan|apply' -latency 20ms -markdown
//	go run ./bench -workload 1000 -dir /tmp/w   # write the workload only
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"time"
)

func main() {
	os.Exit(benchMain())
}

func benchMain() int {
	if len(os.Args) > 1 && os.Args[1] == "-bare" {
		return bareMain(os.Args[2:])
	}
	scale := flag.String("scale", "quick", "workload scale: quick (about a minute) or full (the targets' sizes)")
	latency := flag.Duration("latency", 20*time.Millisecond, "emulator latency per request")
	only := flag.String("only", "", "run only scenarios whose name matches this `REGEXP`")
	markdown := flag.Bool("markdown", false, "print the table as markdown (for BENCHMARKS.md)")
	keep := flag.Bool("keep", false, "keep the work directory")
	workload := flag.Int("workload", 0, "only write the configuration of `N` environments into -dir (to time commands by hand) and exit")
	dir := flag.String("dir", ".", "the directory -workload writes into")
	flag.Parse()
	if *workload > 0 {
		if err := writeConfig(*dir, *workload, 10); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %v\n", err)
			return 1
		}
		return 0
	}

	sz, ok := scales[*scale]
	if !ok {
		fmt.Fprintf(os.Stderr, "bench: unknown -scale %q (quick or full)\n", *scale)
		return 1
	}
	var filter *regexp.Regexp
	if *only != "" {
		var err error
		if filter, err = regexp.Compile(*only); err != nil {
			fmt.Fprintf(os.Stderr, "bench: -only: %v\n", err)
			return 1
		}
	}
	h, err := newHarness(*latency, *keep)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		return 1
	}
	defer h.close()

	var results []result
	failed := false
	for _, sc := range scenarios(sz) {
		if filter != nil && !filter.MatchString(sc.name) {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %s ...\n", sc.name)
		rs, err := sc.run(h)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", sc.name, err)
			failed = true
			continue
		}
		results = append(results, rs...)
	}
	writeTable(os.Stdout, results, *markdown, h.machine())
	if failed {
		return 1
	}
	return 0
}
