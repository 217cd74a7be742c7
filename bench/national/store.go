package main

import (
	"context"

	"planwatch"
	"planwatch/postgres"
	"planwatch/sqlite"
)

func openSQLite(ctx context.Context, path string) (planwatch.Store, error) {
	return sqlite.Open(ctx, path)
}

func openPostgres(ctx context.Context, url string) (planwatch.Store, error) {
	return postgres.Open(ctx, url)
}
