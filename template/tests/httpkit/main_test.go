package httpkit_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when the app leaves a goroutine running after its tests: a
// request, a background loop or a connection that outlives the server. scs starts a cleanup
// goroutine for its default in-memory store before the app swaps in the database store; that
// one is expected.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/alexedwards/scs/v2/memstore.(*MemStore).startCleanup"), goleak.IgnoreTopFunction("go.opencensus.io/stats/view.(*worker).start"))
}
