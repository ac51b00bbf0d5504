package dbconv

import (
	"encoding/json"
	"testing"
	"time"
)

func TestMapKeepsNilAndConvertsValues(t *testing.T) {
	if got := Map[int64](nil, Int32); got != nil {
		t.Fatalf("Map(nil) = %v, want nil", *got)
	}
	v := int64(42)
	if got := Map(&v, Int32); got == nil || *got != 42 {
		t.Fatalf("Map(42) = %v", got)
	}
	bad := "31/01/2025"
	if _, err := MapErr(&bad, Date); err == nil {
		t.Fatal("MapErr passed on a malformed date")
	}
	if got, err := MapErr[string](nil, Date); got != nil || err != nil {
		t.Fatalf("MapErr(nil) = %v, %v", got, err)
	}
}

func TestBoolRoundTrip(t *testing.T) {
	tests := []struct {
		in   bool
		want int64
	}{{true, 1}, {false, 0}}
	for _, tt := range tests {
		if got := BoolInt(tt.in); got != tt.want {
			t.Fatalf("BoolInt(%v) = %d", tt.in, got)
		}
		if got := Bool(tt.want); got != tt.in {
			t.Fatalf("Bool(%d) = %v", tt.want, got)
		}
	}
}

func TestDateRoundTrip(t *testing.T) {
	day := time.Date(2025, 1, 31, 15, 4, 5, 0, time.UTC)
	text := DateText(day)
	if text != "2025-01-31" {
		t.Fatalf("DateText = %q", text)
	}
	back, err := Date(text)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Date(%q) = %v", text, back)
	}
	if got, err := Date("2025-01-31T00:00:00Z"); err != nil || !got.Equal(back) {
		t.Fatalf("Date(RFC 3339) = %v, %v", got, err)
	}
	if _, err := Date("2025-13-01"); err == nil {
		t.Fatal("Date accepted month 13")
	}
}

func TestJSONNullRoundTrip(t *testing.T) {
	if JSONTextOrNil(nil) != nil || JSONOrNil(nil) != nil {
		t.Fatal("nil JSON did not stay NULL")
	}
	doc := json.RawMessage(`{"a":1}`)
	text := JSONTextOrNil(doc)
	if text == nil || *text != `{"a":1}` || string(JSONOrNil(text)) != `{"a":1}` {
		t.Fatalf("JSON round trip = %v", text)
	}
	if string(JSON(JSONText(doc))) != `{"a":1}` {
		t.Fatal("JSON/JSONText round trip changed the document")
	}
}
