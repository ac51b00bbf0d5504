package middleware

import (
	"net/http"
	"testing"
)

func TestValidURL(t *testing.T) {
	tests := []struct {
		name       string
		target     string
		wantStatus int
	}{
		{"plain path", "/posts/0190a5e4", http.StatusOK},
		{"escaped text in the path", "/posts/caf%C3%A9", http.StatusOK},
		{"a search", "/posts?q=caf%C3%A9+au+lait&page=2", http.StatusOK},
		{"raw UTF-8 in the query", "/posts?q=café", http.StatusOK},
		{"a pair that does not decode is left to the handler", "/posts?q=%zz", http.StatusOK},
		{"NUL in the path", "/posts/%00", http.StatusBadRequest},
		{"invalid UTF-8 in the path", "/posts/%ff%fe", http.StatusBadRequest},
		{"a truncated character in the path", "/posts/caf%C3", http.StatusBadRequest},
		{"NUL in a query value", "/posts?q=a%00b", http.StatusBadRequest},
		{"invalid UTF-8 in a query value", "/posts?q=%ff%fe", http.StatusBadRequest},
		{"invalid UTF-8 in a second value", "/posts?q=ok&q=%ff", http.StatusBadRequest},
		{"NUL in a query name", "/posts?a%00=1", http.StatusBadRequest},
		{"raw invalid UTF-8 in the query", "/posts?q=\xff\xfe", http.StatusBadRequest},
	}
	h := ValidURL(renderError)(okHandler)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(h, get(t, tt.target))
			if rec.Code != tt.wantStatus {
				t.Fatalf("GET %q = %d, want %d", tt.target, rec.Code, tt.wantStatus)
			}
			if tt.wantStatus != http.StatusOK && rec.Body.String() != renderedBody(tt.wantStatus) {
				t.Fatalf("body %q: the app's error page was not rendered", rec.Body.String())
			}
		})
	}
}
