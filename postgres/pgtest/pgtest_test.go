package pgtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"planwatch/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestDatabase gets two databases: each is empty, usable, and not the other.
func TestDatabase(t *testing.T) {
	ctx := context.Background()
	var names []string
	for i := range 2 {
		start := time.Now()
		url := pgtest.Database(t)
		t.Logf("database %d in %v", i, time.Since(start))
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		var name string
		var tables int
		if err := c.QueryRow(ctx, `SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')`).Scan(&name, &tables); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("new database %s has %d tables", name, tables)
		}
		if _, err := c.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if names[0] == names[1] {
		t.Errorf("two databases named %s", names[0])
	}
}
