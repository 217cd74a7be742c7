package review

import (
	"sync"
	"sync/atomic"
)

// memo keeps what a review computed (facts, rankings, aggregates,
// verdicts) for the snapshot's life, within a bound on their estimated
// bytes: a server asked for every commune's facts month after month would
// otherwise keep them all. What is dropped is computed again when asked
// for. A limit of 0 keeps everything.
type memo struct {
	m        sync.Map // cacheKey -> *memoEntry
	limit    int64
	bytes    atomic.Int64
	evicting sync.Mutex
}

type memoEntry struct {
	v    any
	cost int64
	used atomic.Bool
}

// DefaultMemoLimit bounds, in bytes, what a review opened lazily keeps of
// what it computed.
const DefaultMemoLimit = 64 << 20

func (c *memo) Load(k cacheKey) (any, bool) {
	v, ok := c.m.Load(k)
	if !ok {
		return nil, false
	}
	e := v.(*memoEntry)
	e.used.Store(true)
	return e.v, true
}

// Store keeps v, whose size is about cost bytes.
func (c *memo) Store(k cacheKey, v any, cost int64) {
	e := &memoEntry{v: v, cost: cost}
	if old, loaded := c.m.Swap(k, e); loaded {
		c.bytes.Add(-old.(*memoEntry).cost)
	}
	if c.bytes.Add(cost) > c.limit && c.limit > 0 {
		c.evict()
	}
}

// evict drops what was not looked at since the last eviction, then
// anything, until three quarters of the bound are left.
func (c *memo) evict() {
	if !c.evicting.TryLock() {
		return
	}
	defer c.evicting.Unlock()
	for pass := 0; pass < 2 && c.bytes.Load() > c.limit*3/4; pass++ {
		c.m.Range(func(k, v any) bool {
			e := v.(*memoEntry)
			if e.used.Swap(false) && pass == 0 {
				return true
			}
			if c.m.CompareAndDelete(k, e) {
				c.bytes.Add(-e.cost)
			}
			return c.bytes.Load() > c.limit*3/4
		})
	}
}
