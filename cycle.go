package planwatch

import (
	"slices"
	"strings"

	"planwatch/formula"
)

// FormulaDeps lists, for each indicator with a formula, the indicators its
// formula uses, sorted. An indicator whose formula does not parse has none.
func FormulaDeps(inds map[string]Indicator) map[string][]string {
	deps := make(map[string][]string, len(inds))
	for code, in := range inds {
		if in.Formula == "" {
			continue
		}
		if e, err := formula.Parse(in.Formula); err == nil {
			deps[code] = e.Vars()
		}
	}
	return deps
}

// FormulaCycle returns the shortest chain of formulas that leads from code
// back to it (["CYA", "CYB", "CYA"]: CYA's formula uses CYB, whose formula
// uses CYA), or nil when there is none. deps is what FormulaDeps gives.
//
// Weights of mean:WEIGHT aggregation close no cycle: a weighted mean reads
// the weight as each member's figure, stored or derived by the weight's
// formula, never by aggregating the weight, so only formulas can lead an
// evaluation back to where it started.
func FormulaCycle(deps map[string][]string, code string) []string {
	// Breadth first from code's operands, remembering how each was reached.
	from := map[string]string{}
	queue := []string{}
	for _, v := range deps[code] {
		if _, seen := from[v]; !seen {
			from[v] = code
			queue = append(queue, v)
		}
	}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == code {
			chain := []string{code}
			for at := from[code]; at != code; at = from[at] {
				chain = append(chain, at)
			}
			chain = append(chain, code)
			slices.Reverse(chain)
			return chain
		}
		for _, v := range deps[cur] {
			if _, seen := from[v]; !seen {
				from[v] = cur
				queue = append(queue, v)
			}
		}
	}
	return nil
}

// ChainString writes a chain of formulas as "CYA -> CYB -> CYA".
func ChainString(chain []string) string { return strings.Join(chain, " -> ") }
