package render

import (
	"encoding/xml"
	"fmt"
	"io"

	"terrarium/internal/render/escape"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// LintJUnit writes findings as JUnit XML: a test suite per file and a
// failed test case per finding; a clean run is one passing case.
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
			suite.Cases = append(suite.Cases, junitCase{
				Name: label, Classname: path, File: path, Line: f.Subject.Start.Line,
				Failure: &junitFailure{Message: f.Summary, Type: f.Severity.String(), Text: text},
			})
		}
		suite.Tests, suite.Failures = len(suite.Cases), len(suite.Cases)
		out.Suites = append(out.Suites, suite)
	}
	if len(out.Suites) == 0 {
		out.Suites = []junitSuite{{Name: "terrarium lint", Tests: 1, Cases: []junitCase{{Name: "no findings", Classname: "terrarium lint"}}}}
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
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
