package session

import (
	"testing"
	"time"
)

// A commit that only moves the expiry forward by less than the window is skipped, so the
// database keeps the earlier expiry: observable as the session ending at that earlier time.
func TestTouchWindowSkipsExpiryOnlyCommits(t *testing.T) {
	first := start.Add(20 * time.Minute)
	tests := []struct {
		name       string
		window     time.Duration
		data       string
		expiry     time.Time
		deleteMid  bool
		wantLonger bool // the second commit reached the database
	}{
		{"same data, expiry moved less than the window: skipped", time.Minute, "a", first.Add(30 * time.Second), false, false},
		{"expiry moved by the window or more: written", time.Minute, "a", first.Add(time.Minute), false, true},
		{"changed data: written", time.Minute, "b", first.Add(30 * time.Second), false, true},
		{"no window: every commit written", 0, "a", first.Add(30 * time.Second), false, true},
		{"after a delete: written", time.Minute, "a", first.Add(30 * time.Second), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c, _ := newTestStore(t)
			s.WithTouchWindow(tt.window)
			ctx := t.Context()
			if err := s.CommitCtx(ctx, "tok", []byte("a"), first); err != nil {
				t.Fatal(err)
			}
			if tt.deleteMid {
				if err := s.DeleteCtx(ctx, "tok"); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.CommitCtx(ctx, "tok", []byte(tt.data), tt.expiry); err != nil {
				t.Fatal(err)
			}
			// Between the two expiries: only a written second commit keeps the session.
			c.Set(first.Add(10 * time.Second))
			_, found, err := s.FindCtx(ctx, "tok")
			if err != nil {
				t.Fatal(err)
			}
			if found != tt.wantLonger {
				t.Errorf("found after the first expiry = %v, want %v", found, tt.wantLonger)
			}
		})
	}
}

func TestTouchesForgetEndedSessions(t *testing.T) {
	var tc touches
	tc.window = time.Minute
	tc.wrote("old", []byte("a"), start)
	tc.wrote("live", []byte("a"), start.Add(time.Hour))
	tc.expire(start)
	if _, ok := tc.last["old"]; ok {
		t.Error("an ended session is still remembered")
	}
	if _, ok := tc.last["live"]; !ok {
		t.Error("a live session was forgotten")
	}
}
