package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"planwatch"
	"planwatch/sqlite"
	"planwatch/storetest"
)

func open(t *testing.T) planwatch.Store {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "planwatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, open)
}

func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != 1 {
			t.Errorf("schema version %d, %v", v, err)
		}
		db.Close()
	}
}
