// Command otelcol is the OpenTelemetry Collector the e2e tests send a generated app's spans to:
// the OTLP receiver (HTTP and gRPC) and the file exporter, which writes what it receives as OTLP
// JSON, one line per batch, where tests/support/otelcol.py reads it back. Nothing else is built
// in, so the binary stays small and its only behaviour is the one the tests rely on.
//
// Every collector module is pinned at one release (go.mod): the core modules of a release only
// work with the contrib modules of the same release.
package main

import (
	"log"

	"github.com/open-telemetry/opentelemetry-collector-contrib/exporter/fileexporter"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"
)

func components() (otelcol.Factories, error) {
	receivers, err := otelcol.MakeFactoryMap[receiver.Factory](otlpreceiver.NewFactory())
	if err != nil {
		return otelcol.Factories{}, err
	}
	exporters, err := otelcol.MakeFactoryMap[exporter.Factory](fileexporter.NewFactory())
	if err != nil {
		return otelcol.Factories{}, err
	}
	return otelcol.Factories{
		Receivers: receivers,
		Exporters: exporters,
		// The service refuses to start without a telemetry factory; the tests' config turns
		// the collector's own metrics off, so it opens no port of its own (:8888).
		Telemetry: otelconftelemetry.NewFactory(),
	}, nil
}

func main() {
	settings := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{
			Command:     "otelcol",
			Description: "OpenTelemetry Collector for the Tracks e2e tests (OTLP in, JSON file out)",
			Version:     "0.161.0",
		},
		Factories: components,
		// Configuration comes from a file (--config=<path>); the env provider is there only
		// because the resolver insists on a default scheme for ${VAR} references. No network
		// providers: a test's config file is the whole story.
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				ProviderFactories: []confmap.ProviderFactory{
					fileprovider.NewFactory(),
					envprovider.NewFactory(),
				},
				DefaultScheme: "env",
			},
		},
	}
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		log.Fatal(err)
	}
}
