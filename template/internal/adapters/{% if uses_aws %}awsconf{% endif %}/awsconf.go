// Package awsconf loads the AWS SDK's configuration the way every AWS adapter of the app needs
// it: region, credentials and endpoints from the SDK's own chain (AWS_REGION, AWS_PROFILE,
// AWS_ENDPOINT_URL_<SERVICE>, instance roles), and no SDK retries, because the adapters retry
// through internal/adapters/resilience (or the job queue's own backoff) instead. Every call
// made inside a traced operation gets a client span and carries its traceparent.
package awsconf

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	// otelaws is marked deprecated upstream (the SDK's own tracing hooks are the way forward);
	// it stays, pinned, because it also sends each call's traceparent header.
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws" //nolint:staticcheck // see above
)

// Load returns the SDK chain's configuration with retries off (one attempt per call) and
// tracing on.
func Load(ctx context.Context, opts ...func(*awsconfig.LoadOptions) error) (aws.Config, error) {
	opts = append([]func(*awsconfig.LoadOptions) error{awsconfig.WithRetryMaxAttempts(1)}, opts...)
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	Instrument(&cfg)
	return cfg, nil
}

// Instrument adds OpenTelemetry's AWS middleware to cfg: a client span per call made inside
// a traced operation (a request, a job), with the traceparent header sent along.
func Instrument(cfg *aws.Config) {
	otelaws.AppendMiddlewares(&cfg.APIOptions, otelaws.WithTracerProvider(inTraceOnly{}))
}
