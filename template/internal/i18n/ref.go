package i18n

import (
	"context"
	"net/url"
	"regexp"
	"strings"
)

// Code below the HTTP layer (domain validation, services) has no request context, so it cannot
// translate. It returns a message reference instead: a key with its values, such as
// "validation.max_chars?max=100", made by Ref; the view translates it with Text when it shows
// the message.

// refPattern is a key ("validation.required") with an optional query of values.
var refPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+(\?[^\s]*)?$`)

// Ref returns the message reference of key with values given as name, value pairs:
// Ref("validation.max_chars", "max", "100").
func Ref(key string, pairs ...string) string {
	if len(pairs) < 2 {
		return key
	}
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	return key + "?" + q.Encode()
}

// IsRef reports whether s has the shape of a message reference.
func IsRef(s string) bool {
	return refPattern.MatchString(s)
}

// Text translates a message reference into ctx's language. Anything else, such as a message
// already translated by the handler, comes back unchanged.
func Text(ctx context.Context, s string) string {
	if !IsRef(s) {
		return s
	}
	key, query, _ := strings.Cut(s, "?")
	values, err := url.ParseQuery(query)
	if err != nil || len(values) == 0 {
		return T(ctx, key)
	}
	data := make(map[string]any, len(values))
	for name := range values {
		data[name] = values.Get(name)
	}
	return T(ctx, key, data)
}

// Texts translates every message of a field-error map (see Text).
func Texts(ctx context.Context, messages map[string]string) map[string]string {
	if messages == nil {
		return nil
	}
	out := make(map[string]string, len(messages))
	for field, msg := range messages {
		out[field] = Text(ctx, msg)
	}
	return out
}
