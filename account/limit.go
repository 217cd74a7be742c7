package account

import (
	"sync"
	"time"
)

// Limiter slows down guessing: exponential backoff per key, kept in
// memory. A key (an account's name, or an address) may fail Free times;
// each failure after that closes it for Base, then twice as long, up to
// Max. A success opens the key again and forgets its failures. A key
// whose last failure is older than Forget starts afresh. Login checks the
// account and the address, so that one address cannot try many accounts
// and many addresses cannot try one account fast.
type Limiter struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration

	mu   sync.Mutex
	keys map[string]*backoff
}

type backoff struct {
	fails int
	until time.Time // closed until then
	last  time.Time
}

// NewLimiter returns a limiter of 5 free failures, then 1 s doubling to
// 15 minutes, forgotten after a day.
func NewLimiter() *Limiter {
	return &Limiter{Free: 5, Base: time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour}
}

// Wait is how long the key stays closed at now (0: open).
func (l *Limiter) Wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.keys[key]
	if b == nil || !now.Before(b.until) {
		return 0
	}
	return b.until.Sub(now)
}

// Fail records a failure of the key at now.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.keys == nil {
		l.keys = map[string]*backoff{}
	}
	if len(l.keys) > 100000 {
		l.sweep(now)
	}
	b := l.keys[key]
	if b == nil || now.Sub(b.last) > l.Forget {
		b = &backoff{}
		l.keys[key] = b
	}
	b.fails++
	b.last = now
	if over := b.fails - l.Free; over > 0 {
		d := l.Base
		for i := 1; i < over && d < l.Max; i++ {
			d *= 2
		}
		b.until = now.Add(min(d, l.Max))
	}
}

// Succeed forgets the key's failures.
func (l *Limiter) Succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

// sweep forgets keys whose failures are old, so that addresses that came
// once do not fill memory.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.keys {
		if now.Sub(b.last) > l.Forget || now.After(b.until) && b.fails <= l.Free {
			delete(l.keys, k)
		}
	}
}
