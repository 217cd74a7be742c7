// Command planwatch tracks what governments promise against what the
// statistics say. Run "planwatch help" for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"planwatch"
	"planwatch/excerpt"
)

const usage = `planwatch tracks plans and their targets against official statistics.

Usage: planwatch COMMAND [flags]

Commands:
  serve    serve the web pages and the JSON API on the database (a new one gets the demo)
  init     create or migrate the database (--demo loads the demo)
  import   read canonical CSV and other systems' files into the database, all or nothing
  template write the entry workbook (XLSX) of a plan's figures for a unit and period
  inspect  report what a data file holds, without a database
  export   write one kind of record as canonical CSV, or the figures as SDMX or DHIS2
  show     print a unit's figures as a table
  units    list units by level and date, search them by name, show their history
  facts    every indicator of a unit at a period with growth, shares, ranks, % of plan
  assess   judge each target and project it to its deadline
  check    check the numbers of a draft (text, Markdown, DOCX) against the database
  report   write the year-end report or the term review, in Markdown, HTML or DOCX
  user     accounts: add, list, disable, passwd, grant and revoke roles over units, API tokens
  approve  approve a unit's draft figures at a period, or return them with a comment
  audit    list every change: who, when, from where, before and after
  backup   write a consistent copy of the database, while it is served and imported into
  restore  replace the database with a backup, after checking it
  migrate  copy a whole SQLite store into a PostgreSQL database, and check the copy

Every command takes --db FILE (default planwatch.db in the current folder,
or $PLANWATCH_DB) and --help. --db postgres://USER:PASSWORD@HOST:PORT/DB
uses a PostgreSQL database instead; planwatch init makes its tables.
`

// stopSignals end a command as Ctrl-C does: SIGTERM is how service
// managers (systemd, Docker, Kubernetes) ask a server to stop, and serve
// then finishes the requests under way before it exits.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	stopProfile := startProfile(os.Getenv("PLANWATCH_CPUPROFILE"))
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the whole command to the file named
// by $PLANWATCH_CPUPROFILE, for go tool pprof (see BENCHMARKS.md); without
// it, nothing.
func startProfile(name string) (stop func()) {
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "planwatch: PLANWATCH_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

var commands = []command{
	{"serve", "serve [--addr HOST:PORT]: serve the web pages and the API (a new database gets the demo)", runServe},
	{"backup", "backup --out FILE [--force]: write a consistent copy of the database", runBackup},
	{"restore", "restore FILE [--force]: replace the database with a checked backup", runRestore},
	{"migrate", "migrate --from FILE --to postgres://...: copy a whole SQLite store into PostgreSQL, checked", runMigrate},
	{"init", "init [--demo]: create or migrate the database; --demo loads the embedded demo", runInit},
	{"import", "import [--dry-run] [--format F] [--map FILE] FILE...: read canonical CSV and other systems' files, all or nothing", runImport},
	{"template", "template --plan P --unit U --period P [--out FILE] [--lang vi|en]: the entry workbook an officer fills in", runTemplate},
	{"inspect", "inspect FILE [--format json]: what a data file holds", runInspect},
	{"export", "export [--format F] --kind KIND [--unit U] [--indicator I] [--period P] [--out FILE]: write canonical CSV, SDMX or DHIS2", runExport},
	{"show", "show --unit U [--period P] [--lang vi|en]: print a unit's figures", runShow},
	{"facts", "facts (--unit U | --level L) --period P [--format table|json|csv]: every indicator with its measures", runFacts},
	{"units", "units [--level L] [--date D] [--search TEXT]: list units and their history", runUnits},
	{"assess", "assess [--plan P] [--unit U] [--as-of P] [--format table|json|csv]: judge each target", runAssess},
	{"report", "report --unit U --period P [--plan PLAN] [--kind year-end|term-review] [--format md|html|docx] [--out FILE] [--known-on DATE [--compare DATE]]: write a report", runReport},
	{"user", "user add|list|disable|enable|passwd|grant|revoke|token ...: accounts, their roles over units, API tokens", runUser},
	{"approve", "approve --unit U --period P [--indicator I]... [--below] [--return --comment TEXT] --by USER: approve drafts or return them", runApprove},
	{"audit", "audit [--unit U] [--user NAME] [--kind K] [--from D] [--to D] [--format table|csv|json]: list every change", runAudit},
	{"check", "check FILE --unit U --period P [--lang vi|en] [--format table|json] [--synonyms FILE]: check a draft's numbers", runCheck},
}

// env is what a command needs from the outside.
type env struct {
	stdout, stderr io.Writer
	db             string
	// approvedOnly: reviews read approved figures only (--approved-only).
	approvedOnly bool
}

// create opens the database, creating it if need be, and brings its schema
// up to date: init does, and nothing else creates a database unless asked.
func (e *env) create(ctx context.Context) (store, error) {
	return openStore(ctx, e.db, create)
}

// open opens a database that exists for writing (import), bringing its
// schema up to date; a mistyped name is an error, not a new empty file.
func (e *env) open(ctx context.Context) (store, error) {
	return openStore(ctx, e.db, existing)
}

// openExisting opens a database that exists for reading: it writes
// nothing, waits for no writer, and says which command to run when the
// file is missing or its schema is older than this planwatch's.
func (e *env) openExisting(ctx context.Context) (store, error) {
	return openStore(ctx, e.db, readOnly)
}

// errUsage means the flags were wrong; the flag package has said why.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		e := &env{stdout: stdout, stderr: stderr}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		}
		fmt.Fprintf(stderr, "planwatch %s: %v\n", c.name, indent(err.Error()))
		return 1
	}
	fmt.Fprintf(stderr, "planwatch: unknown command %s\n\n%s", excerpt.Quote(args[0]), usage)
	return 2
}

func indent(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	return "\n  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// flags makes a flag set with --db and a usage line.
func flags(e *env, name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := os.Getenv("PLANWATCH_DB")
	if def == "" {
		def = "planwatch.db"
	}
	fs.StringVar(&e.db, "db", def, "database: a SQLite `file`, or a PostgreSQL URL postgres://USER:PASSWORD@HOST:PORT/DB")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: planwatch %s\n\n%s\n\nFlags:\n", synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stdout)
			return err
		}
		return errUsage
	}
	return nil
}

func printSummary(w io.Writer, sum planwatch.Summary, dry bool) {
	verb := "imported"
	if dry {
		verb = "dry run, nothing written"
	}
	fmt.Fprintf(w, "%s:\n", verb)
	fmt.Fprintf(w, "  %-13s %8s %8s %10s %9s\n", "kind", "added", "changed", "unchanged", "rejected")
	for _, c := range sum {
		if c.Added+c.Changed+c.Unchanged == 0 {
			continue
		}
		// All or nothing: an import that writes rejected nothing.
		fmt.Fprintf(w, "  %-13s %8d %8d %10d %9d\n", c.Kind, c.Added, c.Changed, c.Unchanged, 0)
	}
}

func recorder() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "planwatch"
}
