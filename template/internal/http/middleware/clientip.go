package middleware

import (
	"fmt"
	"net/http"
	"net/netip"

	chimw "github.com/go-chi/chi/v5/middleware"
)

// ClientIP resolves the client's address for the logger and the rate limiter,
// which read it with chi's middleware.GetClientIP. Without trusted proxies it
// is the connection's peer and X-Forwarded-For is ignored, so a client cannot
// choose its own IP. With them, it is the right-most X-Forwarded-For entry
// not in trustedProxies; when there is none (a request straight from the
// proxy, say) the peer address stays.
//
// Entries are IPs or CIDRs; config validation has checked them, so a bad one
// panics here at startup.
func ClientIP(trustedProxies []string) func(http.Handler) http.Handler {
	if len(trustedProxies) == 0 {
		return chimw.ClientIPFromRemoteAddr
	}
	prefixes := make([]string, len(trustedProxies))
	for i, p := range trustedProxies {
		prefixes[i] = mustPrefix(p)
	}
	fromXFF := chimw.ClientIPFromXFF(prefixes...)
	return func(next http.Handler) http.Handler {
		// ClientIPFromXFF only stores an address when it finds one, so the
		// peer set first is the fallback.
		return chimw.ClientIPFromRemoteAddr(fromXFF(next))
	}
}

// mustPrefix turns a bare IP into its single-address prefix, the only form
// chi accepts.
func mustPrefix(s string) string {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.String()
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		panic(fmt.Sprintf("middleware.ClientIP: trusted proxy %q is neither an IP nor a CIDR", s))
	}
	return netip.PrefixFrom(addr, addr.BitLen()).String()
}
