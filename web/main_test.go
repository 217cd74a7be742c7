package web_test

import (
	"testing"

	"planwatch/storetest/teststore"
)

// The tests run on SQLite, or on PostgreSQL under PLANWATCH_TEST_STORE=postgres.
// The browser tests' shared Chromium, when one started, stops after them.
func TestMain(m *testing.M) { teststore.Main(afterTests{m, stopChromium}) }

// afterTests runs the tests, then its cleanup.
type afterTests struct {
	m     *testing.M
	after func()
}

func (a afterTests) Run() int {
	defer a.after()
	return a.m.Run()
}
