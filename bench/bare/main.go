// Command bare is the benchmark's baseline: the smallest net/http server, measured in the same
// run as the generated app so the ratios are about the app, not the machine.
package main

import (
	"net/http"
	"os"
)

func main() {
	addr := os.Getenv("BARE_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8099"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("hello, world\n"))
	})
	if err := http.ListenAndServe(addr, mux); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
}
