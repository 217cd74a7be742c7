//go:build !race

package planwatch_test

const raceEnabled = false
