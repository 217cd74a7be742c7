package review_test

import (
	"testing"

	"planwatch/storetest/teststore"
)

// The tests run on SQLite, or on PostgreSQL under PLANWATCH_TEST_STORE=postgres.
func TestMain(m *testing.M) { teststore.Main(m) }
