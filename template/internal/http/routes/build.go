package routes

import (
	"net/url"
	"strings"
)

// Build fills a route pattern's {name} parameters from name/value pairs, escaping each value
// with url.PathEscape so a value containing "/" or spaces still matches the one segment chi
// expects: Build("/posts/{postID}", ParamPostID, id). A pattern parameter without a value is
// left as is, which no route matches, so the mistake shows as a 404 in tests.
func Build(pattern string, pairs ...string) string {
	out := pattern
	for i := 0; i+1 < len(pairs); i += 2 {
		out = strings.ReplaceAll(out, "{"+pairs[i]+"}", url.PathEscape(pairs[i+1]))
	}
	return out
}
