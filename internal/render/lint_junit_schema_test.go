package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// junitSchema is Jenkins' junit-10.xsd (jenkinsci/junit-plugin,
// src/main/resources/hudson/tasks/junit/xsd/junit-10.xsd), the JUnit
// format CI systems accept, as data: per element, its attributes (true
// when required), the type of each, and its child elements. Go has no XSD
// validator; this checks what the schema checks of terrarium's output.
var junitSchema = map[string]struct {
	attrs    map[string]bool
	children []string
}{
	"testsuites": {map[string]bool{"name": false, "time": false, "tests": false, "failures": false, "disabled": false, "errors": false}, []string{"testsuite"}},
	"testsuite": {map[string]bool{"name": true, "tests": true, "failures": false, "errors": false, "time": false, "disabled": false,
		"skipped": false, "timestamp": false, "hostname": false, "id": false, "package": false, "file": false, "log": false, "url": false, "version": false},
		[]string{"properties", "testcase", "system-out", "system-err"}},
	"testcase": {map[string]bool{"name": true, "assertions": false, "time": false, "classname": false, "status": false, "class": false, "file": false, "line": false},
		[]string{"skipped", "error", "failure", "system-out", "system-err"}},
	"failure":    {map[string]bool{"message": false, "type": false}, nil},
	"error":      {map[string]bool{"message": false, "type": false}, nil},
	"skipped":    {map[string]bool{"message": false}, nil},
	"system-out": {map[string]bool{}, nil},
	"system-err": {map[string]bool{}, nil},
}

var (
	junitInt  = regexp.MustCompile(`^[0-9]+$`)
	junitTime = regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?$`) // SUREFIRE_TIME
	junitType = map[string]*regexp.Regexp{"tests": junitInt, "failures": junitInt, "errors": junitInt, "skipped": junitInt,
		"disabled": junitInt, "line": junitInt, "time": junitTime}
)

// validateJUnit checks doc against junitSchema.
func validateJUnit(doc []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			el, ok := junitSchema[name]
			if !ok {
				return errors.New("element " + name + " is not in the schema")
			}
			if len(stack) == 0 && name != "testsuites" {
				return errors.New("root is " + name)
			}
			if len(stack) > 0 && !contains(junitSchema[stack[len(stack)-1]].children, name) {
				return errors.New(name + " may not be inside " + stack[len(stack)-1])
			}
			seen := map[string]bool{}
			for _, a := range t.Attr {
				if _, ok := el.attrs[a.Name.Local]; !ok {
					return errors.New(name + " has attribute " + a.Name.Local + ", which the schema does not allow")
				}
				if re := junitType[a.Name.Local]; re != nil && !re.MatchString(a.Value) {
					return errors.New(name + "/@" + a.Name.Local + " = " + a.Value + " is not of its type")
				}
				seen[a.Name.Local] = true
			}
			for a, required := range el.attrs {
				if required && !seen[a] {
					return errors.New(name + " lacks required attribute " + a)
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// JUnit: findings at or above fail_on are failures, those below pass (with
// their text in system-out); counts, errors and time are attributes, and
// the document is valid against junit-10.xsd.
func TestLintJUnitSchemaAndCounts(t *testing.T) {
	r := lintReport(t)
	r.Elapsed = 1234 * time.Millisecond
	var b bytes.Buffer
	if err := LintJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := validateJUnit(b.Bytes()); err != nil {
		t.Fatalf("not valid JUnit: %v\n%s", err, b.String())
	}
	var doc junitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	failing := 0
	for _, f := range r.Result.Findings {
		if r.Result.FailOn.Fails(f.Severity) {
			failing++
		}
	}
	if failing == len(r.Result.Findings) || failing == 0 {
		t.Fatalf("fixture has %d of %d findings failing; it must have both kinds", failing, len(r.Result.Findings))
	}
	if doc.Failures != failing || doc.Tests != len(r.Result.Findings) || doc.Errors != 0 || doc.Time != "1.234" {
		t.Errorf("tests=%d failures=%d errors=%d time=%s; want %d tests, %d failures, 0 errors, time 1.234",
			doc.Tests, doc.Failures, doc.Errors, doc.Time, len(r.Result.Findings), failing)
	}
	if !strings.Contains(b.String(), "<system-out>warning below fail_on error: ") {
		t.Error("a warning below fail_on does not say so")
	}
	// warnings only: no failure at all, as lint exits 0
	r.Result.Findings = r.Result.Findings[:0:0]
	for _, f := range lintReport(t).Result.Findings {
		if !r.Result.FailOn.Fails(f.Severity) {
			r.Result.Findings = append(r.Result.Findings, f)
		}
	}
	b.Reset()
	if err := LintJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := validateJUnit(b.Bytes()); err != nil || strings.Contains(b.String(), "<failure") || !strings.Contains(b.String(), `failures="0"`) {
		t.Errorf("warnings only: %v\n%s", err, b.String())
	}
	// a configuration that does not load is errors, and still valid
	b.Reset()
	if err := LintJUnit(&b, notLoadedReport(t)); err != nil {
		t.Fatal(err)
	}
	if err := validateJUnit(b.Bytes()); err != nil {
		t.Errorf("load errors: %v\n%s", err, b.String())
	}
	// the check itself fails on what the schema forbids
	if validateJUnit([]byte(`<testsuites><testsuite name="x" tests="1" bogus="1"></testsuite></testsuites>`)) == nil ||
		validateJUnit([]byte(`<testsuites><testsuite tests="1"></testsuite></testsuites>`)) == nil ||
		validateJUnit([]byte(`<testsuites skipped="0"></testsuites>`)) == nil {
		t.Error("validateJUnit accepts invalid documents")
	}
}
