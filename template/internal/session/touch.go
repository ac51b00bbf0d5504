package session

import (
	"crypto/sha256"
	"sync"
	"time"
)

// WithTouchWindow lets Commit skip a write that only moves a session's expiry forward by less
// than window, with data this instance wrote itself. scs commits the session on every request
// when an idle timeout is set, just to move the expiry; without this, every signed-in page
// view would be a database write (and on SQLite, a wait for the one write lock). The stored
// expiry then lags by less than window, so an idle session can end that much early, never
// late. 0 (the default) writes every commit.
func (s *Store) WithTouchWindow(window time.Duration) *Store {
	s.touches.window = window
	return s
}

// touches remembers, per (hashed) token, the data and expiry this instance last wrote.
type touches struct {
	window time.Duration
	mu     sync.Mutex
	last   map[string]written
}

type written struct {
	sum    [sha256.Size]byte
	expiry time.Time
}

// skip reports whether writing (data, expiry) for token may be left out.
func (t *touches) skip(token string, data []byte, expiry time.Time) bool {
	if t.window <= 0 {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	prev, ok := t.last[token]
	return ok && prev.sum == sha256.Sum256(data) && !expiry.Before(prev.expiry) && expiry.Sub(prev.expiry) < t.window
}

// wrote records a write that reached the database.
func (t *touches) wrote(token string, data []byte, expiry time.Time) {
	if t.window <= 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == nil {
		t.last = make(map[string]written)
	}
	t.last[token] = written{sum: sha256.Sum256(data), expiry: expiry}
}

// forget drops token, after a delete or a failed write.
func (t *touches) forget(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.last, token)
}

// expire drops every session that has ended by now, so the map holds only live sessions.
func (t *touches) expire(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for token, w := range t.last {
		if !w.expiry.After(now) {
			delete(t.last, token)
		}
	}
}
