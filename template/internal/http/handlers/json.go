// Package handlers turns HTTP requests into service calls and service results into responses.
package handlers

import (
	"encoding/json"
	"net/http"
)

// writeJSON sends v as JSON with status. Encoding errors can only come from a broken
// connection at this point, so they are not reported.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
