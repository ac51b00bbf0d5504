// Package paging reads which page of a list a request asks for, from ?page= and ?per_page=.
// Anyone can type those numbers, so they are clamped rather than trusted: a bad number never
// fails the request, and the offset of a page never overflows.
package paging

import (
	"errors"
	"math"
	"net/url"
	"strconv"
)

// Page is one page of a list: its number, from 1, and how many rows it holds.
type Page struct {
	Number  int
	PerPage int
}

// FromQuery reads ?page= and ?per_page=. A missing, malformed or non-positive number gives the
// first page or defaultPerPage; per_page is at most maxPerPage; a number too large for an int
// counts as the largest int, so an absurd page is past the end of the list, not an error.
func FromQuery(query url.Values, defaultPerPage, maxPerPage int) Page {
	return Page{
		Number:  positive(query.Get("page"), 1),
		PerPage: min(positive(query.Get("per_page"), defaultPerPage), maxPerPage),
	}
}

// Offset is how many rows come before the page, or math.MaxInt when that does not fit in an
// int: either way past the end of any list a database holds.
func (p Page) Offset() int {
	if p.Number <= 1 || p.PerPage <= 0 {
		return 0
	}
	if p.Number-1 > math.MaxInt/p.PerPage {
		return math.MaxInt
	}
	return (p.Number - 1) * p.PerPage
}

// positive parses a whole number of at least 1, or gives fallback. Out of range, Atoi returns
// the largest int of the right sign, which is the clamped value wanted here.
func positive(s string, fallback int) int {
	n, err := strconv.Atoi(s)
	if (err != nil && !errors.Is(err, strconv.ErrRange)) || n < 1 {
		return fallback
	}
	return n
}
