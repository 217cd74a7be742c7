package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"

	"planwatch"
	"planwatch/exchange"
)

// What import says beside writing: the problems in the order of the files
// and their lines, how many rows they reject, a dry run's listing of what
// would change, and a progress bar for large files on a terminal.

// errorPlace is where an error is, for ordering: the file's place among
// the arguments, and the line (or a workbook cell's row).
func errorPlace(err error, files []string) (int, int) {
	file, line := "", 0
	var fe *planwatch.FieldError
	var nm *exchange.NeedMapping
	switch {
	case errors.As(err, &fe):
		file, line = fe.File, fe.Line
	case errors.As(err, &nm):
		file = nm.File
		if len(nm.Needs) > 0 {
			line = nm.Needs[0].Line
		}
	default:
		return -1, 0
	}
	index := -1
	for i, f := range files {
		base := baseName(f)
		if file == base || strings.HasPrefix(file, base+" ") {
			if index < 0 || len(base) > len(baseName(files[index])) {
				index = i
			}
		}
	}
	if line == 0 {
		// A workbook's cell: Sheet!D7 is row 7.
		if i := strings.LastIndexByte(file, '!'); i >= 0 {
			digits := strings.TrimLeftFunc(file[i+1:], func(r rune) bool { return r < '0' || r > '9' })
			line, _ = strconv.Atoi(digits)
		}
	}
	return index, line
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// sortErrors puts errors in the order of the files given, and within a
// file in the order of its lines; errors of one line keep their order.
func sortErrors(list planwatch.ErrorList, files []string) planwatch.ErrorList {
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b error) int {
		fa, la := errorPlace(a, files)
		fb, lb := errorPlace(b, files)
		if fa != fb {
			return fa - fb
		}
		return la - lb
	})
	return out
}

// rejected counts the rows the errors are on.
func rejected(list planwatch.ErrorList) int {
	rows := map[string]bool{}
	for _, err := range list {
		var fe *planwatch.FieldError
		var nm *exchange.NeedMapping
		switch {
		case errors.As(err, &fe):
			key := fe.File + ":" + strconv.Itoa(fe.Line)
			if fe.Line == 0 && !strings.Contains(fe.File, "!") {
				key += ":" + fe.Column + fe.Msg // a whole file's problem
			}
			rows[key] = true
		case errors.As(err, &nm):
			for _, n := range nm.Needs {
				rows[nm.File+":need:"+n.Field+"="+n.Value] = true
			}
		default:
			rows[err.Error()] = true
		}
	}
	return len(rows)
}

// failure is the error an import ends with: what it rejected, then each
// problem in file and line order.
func failure(err error, files []string) error {
	var list planwatch.ErrorList
	if !errors.As(err, &list) {
		return fmt.Errorf("nothing imported:\n%w", err)
	}
	list = sortErrors(list, files)
	more := ""
	if len(list) >= planwatch.MaxErrors {
		more = " or more"
	}
	n := rejected(list)
	rows := "rows"
	if n == 1 {
		rows = "row"
	}
	return fmt.Errorf("không nhập gì: %d%s dòng bị từ chối / nothing imported: %d%s %s rejected:\n%w", n, more, n, more, rows, list)
}

// planList collects a dry run's listing: every record of the kinds other
// than observations, the first figures (Apply stops at its limit), and
// how many of each kind it saw.
type planList struct {
	mu    sync.Mutex
	items []planwatch.Planned
}

func (p *planList) add(x planwatch.Planned) {
	p.mu.Lock()
	p.items = append(p.items, x)
	p.mu.Unlock()
}

// shownPerKind is how many records of a kind a dry run lists.
const shownPerKind = 20

// printPlan writes what a dry run would add or change, kind by kind, at
// most shownPerKind of each, and how many more.
func printPlan(w io.Writer, p *planList, sum planwatch.Summary) {
	for _, c := range sum {
		total := c.Added + c.Changed
		if total == 0 {
			continue
		}
		var items []planwatch.Planned
		for _, it := range p.items {
			if it.Kind == c.Kind {
				items = append(items, it)
			}
		}
		fmt.Fprintf(w, "%s: %d thêm, %d thay đổi / %d to add, %d to change\n", c.Kind, c.Added, c.Changed, c.Added, c.Changed)
		for i, it := range items {
			if i == shownPerKind {
				break
			}
			var change string
			switch {
			case it.Change == planwatch.Added && it.New != "":
				change = "+ " + it.New
			case it.Change == planwatch.Added:
				change = "+"
			case it.Old != "" || it.New != "":
				change = orDash(it.Old) + " -> " + it.New
			default:
				change = "~"
			}
			where := ""
			if it.Pos.File != "" {
				where = " (" + it.Pos.String() + ")"
			}
			fmt.Fprintf(w, "  %s  %s%s\n", it.Key, change, where)
		}
		if shown := min(len(items), shownPerKind); total > shown {
			fmt.Fprintf(w, "  … %d khác / %d more\n", total-shown, total-shown)
		}
	}
}

// progress shows, on a terminal, how far an import has read its files.
type progress struct {
	out   io.Writer
	total int64
	read  atomic.Int64
	stop  chan struct{}
	done  sync.WaitGroup
	label string
}

// progressFrom is 4 MiB: smaller files import before a bar would tell
// anything.
const progressFrom = 4 << 20

// newProgress starts a bar on w when it is a terminal and the files are
// large enough to wait for; nil otherwise.
func newProgress(w io.Writer, total int64) *progress {
	f, ok := w.(*os.File)
	if !ok || total < progressFrom || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return nil
	}
	return &progress{out: w, total: total, stop: make(chan struct{}), label: "đang đọc / reading"}
}

// reader counts what r gives.
func (p *progress) reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &counted{r: r, p: p}
}

type counted struct {
	r io.Reader
	p *progress
}

func (c *counted) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.read.Add(int64(n))
	return n, err
}

// start draws the bar twice a second until finish.
func (p *progress) start() {
	if p == nil {
		return
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				fmt.Fprintf(p.out, "\r%s\r", strings.Repeat(" ", 60))
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
}

func (p *progress) draw() {
	read := min(p.read.Load(), p.total)
	frac := float64(read) / float64(p.total)
	const width = 30
	bar := strings.Repeat("█", int(frac*width)) + strings.Repeat("░", width-int(frac*width))
	fmt.Fprintf(p.out, "\r%s %s %3.0f%% (%d/%d MB)", p.label, bar, frac*100, read>>20, p.total>>20)
}

func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.done.Wait()
}
