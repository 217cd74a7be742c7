//go:build race

package main

// raceEnabled: the race detector is on, and SQLite many times slower.
const raceEnabled = true
