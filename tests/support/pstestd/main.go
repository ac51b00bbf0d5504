// Command pstestd serves pstest, the Pub/Sub fake of cloud.google.com/go/pubsub/v2 (a real
// gRPC Pub/Sub API kept in memory), on a loopback port, for tests that run a Pub/Sub app as a
// separate process. It prints the address (host:port, what PUBSUB_EMULATOR_HOST takes) as its
// first line on stdout, then serves until SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/v2/pstest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback host:port to listen on (port 0 picks a free one)")
	flag.Parse()

	srv := pstest.NewServerWithAddress(*addr)
	if _, err := fmt.Println(srv.Addr); err != nil {
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	if err := srv.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "pstestd: close: %v\n", err)
		os.Exit(1)
	}
}
