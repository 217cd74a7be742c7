//go:build race

package planwatch_test

// raceEnabled: the race detector is on, and SQLite many times slower.
const raceEnabled = true
