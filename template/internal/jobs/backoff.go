package jobs

import "time"

// Backoff is the wait after failed attempt n (1 first): min(maxDelay, base·2^(n−1)), jittered to
// between half and all of it so that jobs failing together do not retry together. rnd returns
// a number in [0, 1); tests pass a seeded source.
func Backoff(attempt int, base, maxDelay time.Duration, rnd func() float64) time.Duration {
	if base <= 0 {
		return 0
	}
	d := base
	// Doubling stops at the cap, so a large attempt number cannot overflow.
	for i := 1; i < attempt && d < maxDelay; i++ {
		d *= 2
	}
	if maxDelay > 0 {
		d = min(d, maxDelay)
	}
	half := d / 2
	return half + time.Duration(rnd()*float64(d-half))
}
