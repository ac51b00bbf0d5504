package paging

import (
	"math"
	"net/url"
	"testing"
)

func TestFromQuery(t *testing.T) {
	tests := []struct {
		name        string
		query       string
		wantNumber  int
		wantPerPage int
	}{
		{"nothing asked", "", 1, 20},
		{"a page and a size", "page=3&per_page=5", 3, 5},
		{"negative page is the first", "page=-1", 1, 20},
		{"page zero is the first", "page=0", 1, 20},
		{"a word is the first page", "page=abc", 1, 20},
		{"a page past int32", "page=2147483648", min(2147483648, math.MaxInt), 20}, // min: 32-bit ints saturate
		{"a page past any int is the largest", "page=99999999999999999999", math.MaxInt, 20},
		{"a hugely negative page is the first", "page=-99999999999999999999", 1, 20},
		{"per_page above the maximum is the maximum", "per_page=100000", 1, 100},
		{"per_page past any int is the maximum", "per_page=99999999999999999999", 1, 100},
		{"per_page zero is the default", "per_page=0", 1, 20},
		{"negative per_page is the default", "per_page=-1", 1, 20},
		{"per_page as a word is the default", "per_page=abc", 1, 20},
		{"a fraction is not a number", "page=1.5&per_page=2.5", 1, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got := FromQuery(query, 20, 100)
			if got.Number != tt.wantNumber || got.PerPage != tt.wantPerPage {
				t.Fatalf("FromQuery(%q) = %+v, want page %d of %d", tt.query, got, tt.wantNumber, tt.wantPerPage)
			}
		})
	}
}

func TestOffsetNeverOverflows(t *testing.T) {
	tests := []struct {
		name string
		page Page
		want int
	}{
		{"first page", Page{Number: 1, PerPage: 20}, 0},
		{"third page", Page{Number: 3, PerPage: 20}, 40},
		{"the page that narrowed to int32 went negative", Page{Number: 107374184, PerPage: 20}, min(2147483660, math.MaxInt)},
		{"the last page an int holds", Page{Number: math.MaxInt/100 + 1, PerPage: 100}, math.MaxInt / 100 * 100},
		{"one page further saturates", Page{Number: math.MaxInt/100 + 2, PerPage: 100}, math.MaxInt},
		{"the largest page saturates", Page{Number: math.MaxInt, PerPage: 100}, math.MaxInt},
		{"an unset page is the first", Page{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.page.Offset(); got != tt.want {
				t.Fatalf("%+v.Offset() = %d, want %d", tt.page, got, tt.want)
			}
		})
	}
}
