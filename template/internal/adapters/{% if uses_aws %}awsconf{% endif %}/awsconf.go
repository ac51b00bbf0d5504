// Package awsconf loads the AWS SDK's configuration the way every AWS adapter of the app needs
// it: region, credentials and endpoints from the SDK's own chain (AWS_REGION, AWS_PROFILE,
// AWS_ENDPOINT_URL_<SERVICE>, instance roles), and no SDK retries, because the adapters retry
// through internal/adapters/resilience (or the job queue's own backoff) instead.
package awsconf

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
)

// Load returns the SDK chain's configuration with retries off (one attempt per call).
func Load(ctx context.Context, opts ...func(*awsconfig.LoadOptions) error) (aws.Config, error) {
	opts = append([]func(*awsconfig.LoadOptions) error{awsconfig.WithRetryMaxAttempts(1)}, opts...)
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	return cfg, nil
}
