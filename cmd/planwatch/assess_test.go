package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// assess --as-of 2024 judges the congress resolution on the old Bac
// Ninh's figures up to 2024: budget revenue on track, the other seven with
// the reason no figure allows them; no reason cites 2025. Without --as-of,
// each verdict at the deadline carries the one as of 2024.
func TestAssessCongressResolutionAsOf2024(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPW(t, "init", "--db", db, "--demo")
	var as []map[string]any
	out := mustPW(t, "assess", "--db", db, "--plan", "NQ-DH20-BN", "--as-of", "2024", "--format", "json")
	if err := json.Unmarshal([]byte(out), &as); err != nil || len(as) != 8 {
		t.Fatalf("%d assessments, %v:\n%s", len(as), err, out)
	}
	statuses := map[string]string{}
	for _, a := range as {
		statuses[a["indicator"].(string)+" "+a["dims"].(string)] = a["status"].(string)
		r := a["reason"].(string) + " " + a["reason_vi"].(string)
		if strings.Contains(r, "(24)") || strings.Contains(r, "boundary") || strings.Contains(r, "BUDGET_REV") {
			t.Errorf("as of 2024: %s", r)
		}
		if a["as_of"] != nil {
			t.Errorf("a second verdict as of %v", a["as_of"])
		}
	}
	if statuses["BUDGET_REV "] != "on_track" {
		t.Errorf("statuses %v", statuses)
	}
	for k, s := range statuses {
		if k != "BUDGET_REV " && s != "not_assessable" {
			t.Errorf("%s is %s as of 2024", k, s)
		}
	}
	out = mustPW(t, "assess", "--db", db, "--plan", "NQ-DH20-BN", "--format", "json")
	if err := json.Unmarshal([]byte(out), &as); err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		asOf, _ := a["as_of"].(map[string]any)
		if a["status"] != "not_assessable" || asOf == nil || asOf["period"] != "2024" || asOf["status"] != statuses[a["indicator"].(string)+" "+a["dims"].(string)] {
			t.Errorf("%v: %v as of %v", a["indicator"], a["status"], asOf)
		}
	}
}
