package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"terrarium/internal/render/escape"
)

// The JUnit XML shape CI systems read (Jenkins' junit-10.xsd, which
// GitLab and the GitHub test-report actions follow): failures are
// assertions that failed, errors are tests that could not run, skipped
// are tests not run; time is in seconds.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"` // junit-10.xsd has no skipped here
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// junitSeconds is d in seconds, as JUnit's time attribute.
func junitSeconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

// LintJUnit writes findings as JUnit XML: a test suite per file and a test
// case per finding. A finding at or above the fail_on threshold (--fail-on)
// is a failure; one below it is a passing case whose text is in
// system-out, so that a run lint exits 0 on reads as passed. A
// configuration that could not be loaded is an error (the test could not
// run); a clean run is one passing case. The run's time is the lint's.
func LintJUnit(w io.Writer, r LintReport) error {
	out := junitSuites{Name: "terrarium lint", Suites: junitDiagnostics(r)}
	names, groups := byFile(r.Result.Findings)
	for _, name := range names {
		path := r.repoPath(name)
		suite := junitSuite{Name: path}
		for _, f := range groups[name] {
			text := fmt.Sprintf("%s:%d:%d: %s\n%s\nRule: %s (terrarium lint --explain %s)", path, f.Subject.Start.Line, f.Subject.Start.Column, f.Summary, f.Detail, f.Rule, f.Rule)
			label := f.Rule
			if f.Address != "" {
				label += " " + f.Address
				if f.Path != "" {
					label += "." + f.Path
				}
			}
			c := junitCase{Name: label, Classname: path, File: path, Line: f.Subject.Start.Line}
			if r.Result.FailOn.Fails(f.Severity) {
				c.Failure = &junitFailure{Message: f.Summary, Type: f.Severity.String(), Text: text}
				suite.Failures++
			} else {
				c.SystemOut = f.Severity.String() + " below fail_on " + r.Result.FailOn.String() + ": " + text
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		out.Suites = append(out.Suites, suite)
	}
	if len(out.Suites) == 0 {
		out.Suites = []junitSuite{{Name: "terrarium lint", Tests: 1, Cases: []junitCase{{Name: "no findings", Classname: "terrarium lint"}}}}
	}
	out.Time = junitSeconds(r.Elapsed)
	for i := range out.Suites {
		s := &out.Suites[i]
		s.Time = "0.000" // lint runs every file at once; the run's time is on testsuites
		for j := range s.Cases {
			s.Cases[j].Time = "0.000"
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(escape.NewXMLWriter(w))
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
