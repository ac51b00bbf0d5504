package middleware

import (
	"net/http"

	chimw "github.com/go-chi/chi/v5/middleware"
)

// compressibleTypes are the text formats the app serves. Images and fonts
// are left alone: PNG, JPEG, WebP and WOFF2 are compressed already, and
// compressing them again costs CPU for nothing.
var compressibleTypes = []string{
	"text/html",
	"text/css",
	"text/plain",
	"text/javascript",
	"application/javascript",
	"application/json",
	"image/svg+xml",
}

// Compress gzips or deflates text responses for clients that accept it, at
// level (1 fastest to 9 smallest; 5 is a good trade). Compressed responses
// carry Vary: Accept-Encoding so caches keep both variants apart.
func Compress(level int) func(http.Handler) http.Handler {
	return chimw.Compress(level, compressibleTypes...)
}
