package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stream builds `go test -json` lines for the cases below.
func stream(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

const (
	passing = `{"Action":"run","Package":"app/a","Test":"TestOK"}
{"Action":"output","Package":"app/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}
{"Action":"pass","Package":"app/a","Test":"TestOK","Elapsed":0.01}
{"Action":"pass","Package":"app/a","Elapsed":0.2}`
	failing = `{"Action":"output","Package":"app/b","Test":"TestBad","Output":"    b_test.go:9: want 2, got 3\n"}
{"Action":"fail","Package":"app/b","Test":"TestBad","Elapsed":0}
{"Action":"fail","Package":"app/b","Elapsed":0.1}`
	skipping = `{"Action":"output","Package":"app/c","Test":"TestDB","Output":"    c_test.go:5: no database\n"}
{"Action":"skip","Package":"app/c","Test":"TestDB","Elapsed":0}
{"Action":"pass","Package":"app/c","Elapsed":0.1}`
	noTests = `{"Action":"skip","Package":"app/d","Elapsed":0}`
	broken  = `{"ImportPath":"app/e [app/e.test]","Action":"build-output","Output":"e.go:3:1: syntax error\n"}
{"ImportPath":"app/e [app/e.test]","Action":"build-fail"}
{"Action":"fail","Package":"app/e","Elapsed":0,"FailedBuild":"app/e [app/e.test]"}`
)

func TestVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantErr string
		wantOut []string
	}{
		{"passing tests and packages without tests pass", stream(passing, noTests), "", []string{"ok   app/a 0.2s", "1 tests passed, 0 failed, 0 skipped in 2 packages"}},
		{"a failed test fails and shows its output", stream(passing, failing), "1 tests failed in 1 packages", []string{"want 2, got 3", "FAIL app/b"}},
		{"a skipped test fails and shows why", stream(passing, skipping), "1 tests skipped", []string{"SKIP app/c TestDB: c_test.go:5: no database"}},
		{"a build failure fails and shows the compiler", stream(broken), "0 tests failed in 1 packages", []string{"syntax error"}},
		{"an empty stream fails", "", "no test results", nil},
		{"lines that are not JSON are printed", stream("# app/f", passing), "", []string{"# app/f"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			report, err := Read(strings.NewReader(tt.in), &out)
			require.NoError(t, err)
			err = report.Verdict(&out)
			if tt.wantErr == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.wantErr)
			}
			for _, want := range tt.wantOut {
				assert.Contains(t, out.String(), want)
			}
		})
	}
}

func TestRunKeepsTheRawStream(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "test.json")
	var out bytes.Buffer
	require.NoError(t, run([]string{"-o", path}, strings.NewReader(stream(passing)), &out))
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, stream(passing), string(raw))
}

func TestRunRejectsUnknownFlags(t *testing.T) {
	t.Parallel()
	assert.Error(t, run([]string{"-nope"}, strings.NewReader(""), &bytes.Buffer{}))
}
