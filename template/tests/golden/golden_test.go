package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPathIsNamedAfterTheTest(t *testing.T) {
	t.Parallel()
	assert.Equal(t, filepath.Join("testdata", "TestPathIsNamedAfterTheTest.golden"), Path(t))
	t.Run("sub", func(t *testing.T) {
		assert.Equal(t, filepath.Join("testdata", "TestPathIsNamedAfterTheTest", "sub.golden"), Path(t))
	})
}

func TestAssertJSONMatchesTheGoldenFile(t *testing.T) {
	t.Parallel()
	AssertJSON(t, map[string]int{"answer": 42})
}

func TestUpdateWritesTheGoldenFile(t *testing.T) {
	// Not parallel: it flips the package's -update flag and changes directory.
	t.Chdir(t.TempDir())
	*update = true
	t.Cleanup(func() { *update = false })
	Assert(t, []byte("new output\n"))
	written, err := os.ReadFile(Path(t))
	require.NoError(t, err)
	assert.Equal(t, "new output\n", string(written))
}
