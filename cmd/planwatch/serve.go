package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"planwatch/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "serve", "serve [--db FILE] [--addr HOST:PORT] [--unit U]",
		"Serve the web pages and the JSON API. A new database is created with the demo in it.")
	def := os.Getenv("PLANWATCH_ADDR")
	if def == "" {
		def = "localhost:8080"
	}
	addr := fs.String("addr", def, "address to listen on")
	unit := fs.String("unit", "24", "the unit the dashboard shows first")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	if len(units) == 0 {
		if _, err := loadDemo(ctx, db); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s was empty: loaded the demo\n", e.db)
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	s, err := web.New(db, log, *unit)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(e.stdout, "planwatch: serving %s on http://%s/\n", e.db, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Finish the requests under way, for at most ten seconds.
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stdout, "planwatch: stopped")
	return nil
}
