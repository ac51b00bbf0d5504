package storage

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// URLOrigin is the scheme://host[:port] the storage's signed URLs point at: the app itself for
// local storage, the bucket's endpoint for S3 and R2. The server lets pages load images from it
// (the CSP's img-src). Signing is local work: nothing is sent to the provider.
func URLOrigin(ctx context.Context, s Storage) (string, error) {
	raw, err := s.SignedURL(ctx, "uploads/origin-probe.png", URLOptions{Method: http.MethodGet, TTL: time.Minute})
	if err != nil {
		return "", fmt.Errorf("storage: sign a probe URL: %w", err)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("storage: signed URL %q has no origin", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}
