// Command testreport reads `go test -json` on stdin, prints one line per package and the
// output of every failed test, keeps the raw stream in a file, and exits non-zero when a test
// or a package failed, a test was skipped, or the stream was empty. `make test-ci` pipes its
// test runs through it: in CI a skipped test means a service the app needs was missing, and
// that should fail the build rather than pass quietly.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "testreport: %v\n", err)
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json); build events name the package in
// ImportPath instead of Package.
type event struct {
	Action      string
	Package     string
	ImportPath  string
	Test        string
	Output      string
	Elapsed     float64
	FailedBuild string
}

// Report is what the stream said, in the order things finished.
type Report struct {
	Passed  int
	Failed  []string
	Skipped []string
	// Packages counts the packages seen; FailedPackages those that failed (a build error, a
	// panic, a TestMain exit, or failed tests).
	Packages       int
	FailedPackages []string
	// output holds each test's (and each package's) output until its result arrives.
	output map[string]*strings.Builder
}

func run(args []string, in io.Reader, out io.Writer) error {
	fs := flag.NewFlagSet("testreport", flag.ContinueOnError)
	fs.SetOutput(out)
	raw := fs.String("o", "", "also write the raw `go test -json` stream to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *raw != "" {
		f, err := os.Create(*raw)
		if err != nil {
			return err
		}
		defer func() { _ = f.Close() }()
		in = io.TeeReader(in, f)
	}
	report, err := Read(in, out)
	if err != nil {
		return err
	}
	return report.Verdict(out)
}

// Read consumes the stream, printing package results and failed tests' output as they come.
func Read(in io.Reader, out io.Writer) (*Report, error) {
	r := &Report{output: map[string]*strings.Builder{}}
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for scanner.Scan() {
		line := scanner.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			// Not JSON: go test itself printed it (a build error before -json took over).
			_, _ = fmt.Fprintln(out, string(line))
			continue
		}
		r.handle(e, out)
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read the test stream: %w", err)
	}
	return r, nil
}

func (r *Report) handle(e event, out io.Writer) {
	pkg := e.Package
	if pkg == "" {
		pkg = e.ImportPath
	}
	key := pkg + " " + e.Test
	switch e.Action {
	case "output", "build-output":
		b, ok := r.output[key]
		if !ok {
			b = &strings.Builder{}
			r.output[key] = b
		}
		b.WriteString(e.Output)
	case "pass":
		if e.Test != "" {
			r.Passed++
		} else {
			r.Packages++
			_, _ = fmt.Fprintf(out, "ok   %s %.1fs\n", pkg, e.Elapsed)
		}
		delete(r.output, key)
	case "skip":
		if e.Test != "" {
			r.Skipped = append(r.Skipped, key+": "+strings.TrimSpace(r.text(key)))
		} else {
			r.Packages++ // a package without tests
		}
		delete(r.output, key)
	case "fail":
		if e.Test == "" {
			r.Packages++
			r.FailedPackages = append(r.FailedPackages, pkg)
			_, _ = fmt.Fprintf(out, "FAIL %s %.1fs\n", pkg, e.Elapsed)
		} else {
			r.Failed = append(r.Failed, key)
		}
		if text := r.text(key); text != "" {
			_, _ = fmt.Fprint(out, text)
		}
		if e.FailedBuild != "" {
			_, _ = fmt.Fprint(out, r.text(e.FailedBuild+" "))
		}
		delete(r.output, key)
	}
}

func (r *Report) text(key string) string {
	if b, ok := r.output[key]; ok {
		return b.String()
	}
	return ""
}

// Verdict prints the totals and the skipped tests; an error when anything failed or skipped.
func (r *Report) Verdict(out io.Writer) error {
	_, _ = fmt.Fprintf(out, "%d tests passed, %d failed, %d skipped in %d packages\n",
		r.Passed, len(r.Failed), len(r.Skipped), r.Packages)
	sort.Strings(r.Skipped)
	for _, s := range r.Skipped {
		_, _ = fmt.Fprintf(out, "SKIP %s\n", s)
	}
	switch {
	case len(r.Failed) > 0 || len(r.FailedPackages) > 0:
		return fmt.Errorf("%d tests failed in %d packages: %s", len(r.Failed), len(r.FailedPackages),
			strings.Join(append(r.Failed, r.FailedPackages...), ", "))
	case len(r.Skipped) > 0:
		return fmt.Errorf("%d tests skipped (CI runs every test: set up what they need)", len(r.Skipped))
	case r.Packages == 0:
		return errors.New("no test results: did go test run?")
	}
	return nil
}
