package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "serve", "serve [--db FILE] [--db-read URL] [--addr HOST:PORT] [--unit U] [--tls-cert FILE --tls-key FILE] [--trust-proxy] [--oidc-issuer URL --oidc-client-id ID]",
		"Serve the web pages and the JSON API. A new database is created with the demo in it.\nPeople sign in at /login (accounts: planwatch user); the public sees approved figures only.")
	def := os.Getenv("PLANWATCH_ADDR")
	if def == "" {
		def = "localhost:8080"
	}
	addr := fs.String("addr", def, "address to listen on")
	unit := fs.String("unit", "24", "the unit the dashboard shows first")
	cert := fs.String("tls-cert", "", "serve HTTPS with this certificate `file` (PEM, the chain after it), with --tls-key")
	key := fs.String("tls-key", "", "the private key `file` (PEM) of --tls-cert")
	proxy := fs.Bool("trust-proxy", false, "behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto (https makes the session cookie Secure) and X-Forwarded-For (the address signing in, for the limiter and the audit)")
	dbRead := fs.String("db-read", os.Getenv("PLANWATCH_DB_READ"), "read the pages and the API from this read-only replica `URL` of the PostgreSQL --db; signing in and writes go to --db")
	sso := ssoFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	oidcConf, ssoErr := sso()
	if ssoErr != nil {
		fmt.Fprintln(e.stderr, ssoErr)
		return errUsage
	}
	// --db or $PLANWATCH_DB names a database the user means: one that is not
	// there is an error. With neither, planwatch.db in the current folder is
	// created with the demo in it the first time.
	named := os.Getenv("PLANWATCH_DB") != ""
	fs.Visit(func(f *flag.Flag) { named = named || f.Name == "db" })
	var db store
	var err error
	if *dbRead != "" {
		db, err = openReplica(ctx, e, *dbRead)
	} else {
		db, err = openServed(ctx, e, named)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	adminNote(ctx, e, db)
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	if (*cert == "") != (*key == "") {
		fmt.Fprintln(e.stderr, "--tls-cert and --tls-key go together")
		return errUsage
	}
	s, err := web.New(db, log, *unit)
	if err != nil {
		return err
	}
	// Pages read the database for reading only; signing in, entering and
	// approving figures write through a second handle.
	wdb, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer wdb.Close()
	s.Accounts, s.TrustProxy, s.SSO = account.New(wdb), *proxy, oidcConf
	if *dbRead != "" {
		s.Primary = wdb
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "planwatch: serving %s on %s://%s/\n", displayName(e.db), scheme, ln.Addr())
	if oidcConf != nil {
		redirect := oidcConf.RedirectURL
		if redirect == "" {
			redirect = scheme + "://HOST/login/oidc/callback (the host people reach this server at)"
		}
		fmt.Fprintf(e.stdout, "planwatch: đăng nhập một lần qua / single sign-on through %s; địa chỉ chuyển về / redirect URL to register there: %s\n", oidcConf.Issuer, redirect)
	}
	if c, ok := db.(checkpointer); ok {
		go checkpoints(ctx, c, log)
	}
	if *cert != "" {
		c, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			return fmt.Errorf("--tls-cert, --tls-key: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{c}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	if err := serveUntil(ctx, srv, ln, 10*time.Second); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "planwatch: stopped")
	return nil
}

// ssoFlags adds the flags of single sign-on with OpenID Connect; the
// function it returns gives the configuration they make after parsing
// (nil without --oidc-issuer). The client secret comes from
// $PLANWATCH_OIDC_CLIENT_SECRET, never a flag, which would show in ps.
func ssoFlags(fs *flag.FlagSet) func() (*web.OIDC, error) {
	issuer := fs.String("oidc-issuer", "", "sign people in through this OpenID provider too (its issuer `URL`), with --oidc-client-id and the client secret in $PLANWATCH_OIDC_CLIENT_SECRET; local accounts keep working")
	client := fs.String("oidc-client-id", "", "planwatch's client `ID` at the OpenID provider")
	redirect := fs.String("oidc-redirect", "", "the redirect `URL` registered at the provider (default: this server's /login/oidc/callback, as the request reached it)")
	claim := fs.String("oidc-claim", "preferred_username", "the ID token's `claim` holding the planwatch user's name: preferred_username or email")
	name := fs.String("oidc-name", "", "the provider's `name` on the sign-in page (default: the issuer's host)")
	return func() (*web.OIDC, error) {
		if *issuer == "" {
			if *client != "" || *redirect != "" {
				return nil, errors.New("--oidc-client-id and --oidc-redirect go with --oidc-issuer")
			}
			return nil, nil
		}
		u, err := url.Parse(*issuer)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("--oidc-issuer %q: the provider's issuer URL, https://...", *issuer)
		}
		if *client == "" {
			return nil, errors.New("--oidc-issuer needs --oidc-client-id")
		}
		if *redirect != "" {
			if r, err := url.Parse(*redirect); err != nil || (r.Scheme != "https" && r.Scheme != "http") || r.Host == "" || r.Path != "/login/oidc/callback" {
				return nil, fmt.Errorf("--oidc-redirect %q: this server's address ending in /login/oidc/callback, as registered at the provider", *redirect)
			}
		}
		if *claim == "" {
			return nil, errors.New("--oidc-claim: the name of a claim, preferred_username or email")
		}
		return &web.OIDC{Issuer: *issuer, ClientID: *client, ClientSecret: os.Getenv("PLANWATCH_OIDC_CLIENT_SECRET"), RedirectURL: *redirect, Claim: *claim, Name: *name}, nil
	}
}

// serveUntil serves on ln until ctx ends (Ctrl-C or SIGTERM, in main), then
// stops taking requests and finishes those under way, for at most grace.
func serveUntil(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openServed opens the database serve shows. One that exists is opened for
// reading only (the web writes nothing): it is served as it is, and one of
// an older schema is refused with the command that upgrades it. One that
// does not exist is created, with the demo, unless the user named it. A
// PostgreSQL URL is always named, and its database exists on the server.
func openServed(ctx context.Context, e *env, named bool) (store, error) {
	if _, err := os.Stat(e.db); isURL(e.db) || err == nil || !errors.Is(err, fs.ErrNotExist) {
		db, err := e.openExisting(ctx)
		if err != nil {
			return nil, err
		}
		units, err := db.Units(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		if len(units) == 0 {
			name := displayName(e.db)
			fmt.Fprintf(e.stderr, "planwatch serve: %s holds no units: import some (planwatch import --db %s FILE...) or load the demo (planwatch init --db %s --demo)\n", name, name, name)
		}
		return db, nil
	}
	if named {
		return nil, planwatch.Errorf(planwatch.ENOTFOUND, "%s: no such database (run planwatch init --db %s to create it, or serve without --db and $PLANWATCH_DB for the demo in planwatch.db)", e.db, e.db)
	}
	db, err := e.create(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := loadDemo(ctx, db); err != nil {
		db.Close()
		os.Remove(e.db)
		return nil, err
	}
	fmt.Fprintf(e.stdout, "%s is new: loaded the demo\n", displayName(e.db))
	// Served like any other: read only from here on.
	if err := db.Close(); err != nil {
		return nil, err
	}
	return e.openExisting(ctx)
}

// checkpointer is a store with a write-ahead log to empty: SQLite's.
type checkpointer interface {
	Checkpoint(ctx context.Context, truncate bool) error
}

// checkpoints empties the write-ahead log now and then: imports write to it
// while the server reads, and a log that readers keep busy when a writer
// finishes would otherwise only grow.
func checkpoints(ctx context.Context, db checkpointer, log *slog.Logger) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := db.Checkpoint(ctx, true); err != nil && ctx.Err() == nil {
				log.Warn("checkpoint", "err", err)
			}
		}
	}
}

// adminNote says, when no one administers the database, how to create the
// first administrator: there is no default account or password.
func adminNote(ctx context.Context, e *env, db store) {
	if ok, err := account.HasAdmin(ctx, db); err == nil && !ok {
		name := displayName(e.db)
		fmt.Fprintf(e.stderr, "planwatch serve: %s chưa có quản trị viên; tạo bằng / has no administrator yet; create one with:\n  planwatch user add NAME --admin --db %s\n(không có tài khoản hay mật khẩu mặc định / there is no default account or password)\n", name, name)
	}
}
