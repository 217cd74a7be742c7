package storetest

import (
	"testing"

	"planwatch"
)

// The memory store passes the suite the database stores pass.
func TestMemory(t *testing.T) {
	Run(t, func(t *testing.T) planwatch.Store { return NewMemory() })
}
