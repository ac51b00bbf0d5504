// Package golden compares test output with files under the test package's testdata/ folder.
// `go test ./... -update` (or -run for one test) rewrites them from the current output;
// review the diff before committing.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the tests' output")

// Path is the golden file of the running test: testdata/<TestName>.golden (subtests in
// folders of their parent).
func Path(t testing.TB) string {
	return filepath.Join("testdata", filepath.FromSlash(t.Name())+".golden")
}

// Assert fails t when got differs from its golden file; with -update it writes the file.
func Assert(t testing.TB, got []byte) {
	t.Helper()
	path := Path(t)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o750))
		require.NoError(t, os.WriteFile(path, got, 0o600))
		return
	}
	want, err := os.ReadFile(path) //nolint:gosec // a path under testdata/ named after the test
	require.NoError(t, err, "no golden file: run the test with -update to write it")
	assert.Equal(t, strings.TrimSpace(string(want)), strings.TrimSpace(string(got)), "output differs from %s (rerun with -update to accept it)", path)
}

// AssertJSON compares v, as indented JSON, with the golden file.
func AssertJSON(t testing.TB, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(v))
	Assert(t, buf.Bytes())
}
