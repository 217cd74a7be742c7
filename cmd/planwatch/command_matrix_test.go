package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch"
	"planwatch/account"
	"planwatch/period"
	"planwatch/sqlite"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/")

// cmdMatrixUnits are the units each command is tried on: the nation, the
// new Bac Ninh and a commune of it, Ha Noi and a commune of it.
var cmdMatrixUnits = []string{"VN", "24", "9256", "01", "00004"}

// cmdMatrixPeople are the columns: no such user, a disabled approver,
// then one person of each role.
var cmdMatrixPeople = []struct{ name, grant string }{
	{"nobody", ""},
	{"off", "approver@24"},
	{"xem", "viewer@24"},
	{"xa", "reporter@9256"},
	{"hn", "reporter@00004"},
	{"hoa", "approver@24"},
	{"kh", "planner@24"},
	{"root", "admin@*"},
}

// cmdMatrixDB is the demo with two communes, a draft of BUDGET_REV for
// January 2026 in each of cmdMatrixUnits, and the people, closed so that
// each cell runs on a copy of the file.
func cmdMatrixDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "base.db")
	mustPW(t, "init", "--db", path, "--demo")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	extra := &planwatch.Batch{Units: []planwatch.UnitRecord{
		{Unit: planwatch.Unit{Code: "9256", NameVI: "Phường Đông Ngàn", NameEN: "Dong Ngan", Level: planwatch.LevelCommune, ValidFrom: "2025-07-01"}, Parent: "24@2025-07-01"},
		{Unit: planwatch.Unit{Code: "00004", NameVI: "Phường Ba Đình", NameEN: "Ba Dinh", Level: planwatch.LevelCommune, ValidFrom: "2025-07-01"}, Parent: "01"},
	}}
	if _, err := planwatch.Apply(ctx, db, extra, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	drafts := &planwatch.Batch{}
	for i, u := range cmdMatrixUnits {
		drafts.Observations = append(drafts.Observations, planwatch.ObservationRecord{Unit: u, Observation: planwatch.Observation{
			Indicator: "BUDGET_REV", Period: period.MustParse("2026-01"), Value: float64(100 + i), Status: "A", Source: "Báo cáo tháng 1"}})
	}
	if _, err := planwatch.Apply(planwatch.WithActor(ctx, planwatch.Actor{User: "setup", Via: "test"}), db, drafts, planwatch.ApplyOptions{RecordedBy: "setup"}); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	x := planwatch.NewUnitIndex(units)
	hash, err := account.HashPassword("mật khẩu thử nghiệm", account.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(planwatch.WithActor(ctx, planwatch.Actor{User: "setup", Via: "test"}), func(tx planwatch.Tx) error {
		for _, p := range append(cmdMatrixPeople[1:], struct{ name, grant string }{"zz", ""}) {
			if _, err := tx.PutUser(ctx, planwatch.User{Name: p.name, Lang: "vi", PasswordHash: hash, Disabled: p.name == "off"}); err != nil {
				return err
			}
			if p.grant == "" {
				continue
			}
			spec, err := account.ParseGrantSpec(p.grant)
			if err != nil {
				return err
			}
			g, err := spec.Grant(p.name, x)
			if err != nil {
				return err
			}
			if err := tx.AddGrant(ctx, &g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCommandMatrix runs each command that acts for a user (--by) as each
// person, on each unit, each on a copy of one database holding a draft
// in every unit, prints who may do what, and checks it against
// testdata/command-matrix.txt (go test ./cmd/planwatch -run CommandMatrix -update rewrites it).
func TestCommandMatrix(t *testing.T) {
	base := cmdMatrixDB(t)
	dir := t.TempDir()
	obsFile := func(unit string) string {
		p := filepath.Join(dir, "obs-"+unit+".csv")
		os.WriteFile(p, []byte("unit,indicator,period,value,dims,status,source\n"+unit+",BUDGET_REV,2026-02,98.5,,A,Báo cáo tháng 2\n"), 0o644)
		return p
	}
	// Each command, with U for the unit (none: one row) and P for the
	// person; refused is what its refusal says.
	commands := []struct {
		args    string
		unit    bool
		refused string
	}{
		{"approve --unit U --period 2026-01 --by P", true, ""},
		{"approve --unit U --period 2026-01 --return --comment Chưa_khớp --by P", true, ""},
		{"approve --unit U --period 2026-01 --below --by P", true, ""},
		{"import --approved --by P FILE", true, ""},
		{"import --by P FILE", true, ""},
		{"user grant zz viewer@U --by P", true, ""},
		{"user token zz --by P", false, ""},
		{"user disable zz --by P", false, ""},
	}
	var b strings.Builder
	b.WriteString("Who may run each command that acts for a user (--by P), on each unit U.\n")
	b.WriteString("Columns: nobody no such user; off a disabled approver@24; xem viewer@24; xa reporter@9256\n")
	b.WriteString("(a commune of Bac Ninh); hn reporter@00004 (a commune of Ha Noi); hoa approver@24;\n")
	b.WriteString("kh planner@24; root admin@*. ok done; no refused. FILE holds a figure of U. The command\n")
	b.WriteString("line trusts whoever holds the database file: the --by of import (drafts) and user is\n")
	b.WriteString("recorded in the audit, not checked; approve and import --approved check it.\n\n")
	fmt.Fprintf(&b, "%-68s %-6s", "command", "unit")
	for _, p := range cmdMatrixPeople {
		fmt.Fprintf(&b, " %-6s", p.name)
	}
	b.WriteString("\n")
	n := 0
	for _, c := range commands {
		units := []string{"-"}
		if c.unit {
			units = cmdMatrixUnits
		}
		for _, unit := range units {
			fmt.Fprintf(&b, "%-68s %-6s", strings.ReplaceAll(c.args, "Chưa_khớp", "X"), unit)
			for _, p := range cmdMatrixPeople {
				n++
				db := filepath.Join(dir, fmt.Sprintf("cell%d.db", n))
				copyFile(t, base, db)
				var args []string
				for _, a := range strings.Fields(c.args) {
					switch a {
					case "U":
						a = unit
					case "viewer@U":
						a = "viewer@" + unit
					case "P":
						a = p.name
					case "FILE":
						a = obsFile(unit)
					case "Chưa_khớp":
						a = "Chưa khớp"
					}
					args = append(args, a)
				}
				at := 1 // flags before the files
				if args[0] == "user" {
					at = 2 // after the subcommand
				}
				args = append(args[:at], append([]string{"--db", db}, args[at:]...)...)
				out, errs, code := pw(t, args...)
				if code == 0 && strings.Contains(out, "no drafts to decide on") {
					t.Errorf("planwatch %s found no draft: the cell checks nothing", strings.Join(args, " "))
				}
				cell := "ok"
				switch {
				case code == 0:
				case code == 1 && refusal(errs):
					cell = "no"
				default:
					cell = fmt.Sprintf("exit%d", code)
					t.Errorf("planwatch %s: exit %d\n%s", strings.Join(args, " "), code, errs)
				}
				fmt.Fprintf(&b, " %-6s", cell)
				os.Remove(db)
			}
			b.WriteString("\n")
		}
	}
	var lines []string
	for _, line := range strings.Split(b.String(), "\n") {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	got := strings.Join(lines, "\n")
	t.Logf("the command matrix:\n%s", got)
	golden := filepath.Join("testdata", "command-matrix.txt")
	if *updateGolden {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the command matrix differs from %s (go test ./cmd/planwatch -run CommandMatrix -update rewrites it; then read the diff):\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

// refusal tells a refusal of the person from any other failure.
func refusal(stderr string) bool {
	for _, s := range []string{"is not an approver", "is not an administrator", "--by nobody: no such user", "--by off: the user is disabled"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}
