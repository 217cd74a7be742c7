// Package formula parses and evaluates the arithmetic that defines an
// indicator in terms of others: "EXPORTS - IMPORTS", "IP_LEASED / IP_LEASABLE
// * 100", "GRDP / POP". Names are indicator codes; the operators are + - * /
// with the usual precedence, unary minus and parentheses.
package formula

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"planwatch/excerpt"
)

// Expr is a parsed formula.
type Expr struct {
	src  string
	root node
}

type node struct {
	op          byte // 0 number, 'v' variable, '+', '-', '*', '/', 'n' negate
	num         float64
	name        string
	left, right *node
}

// ErrDivZero is returned by Eval when a divisor is zero.
var ErrDivZero = errors.New("division by zero")

// ErrOverflow is returned by Eval when a step's result is too large for a
// number: no figure is that large, and no page or JSON could show it.
var ErrOverflow = errors.New("the result is too large to be a figure")

// Parse reads a formula. An empty string is an error.
func Parse(src string) (*Expr, error) {
	p := &parser{src: src}
	p.next()
	if p.tok.kind == tEOF {
		return nil, fmt.Errorf("formula is empty")
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errorf("unexpected %s", excerpt.Quote(p.tok.text))
	}
	return &Expr{src: strings.TrimSpace(src), root: *n}, nil
}

// String returns the formula as written.
func (e *Expr) String() string { return e.src }

// Vars lists the names the formula uses, sorted, each once.
func (e *Expr) Vars() []string {
	var out []string
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if n.op == 'v' && !slices.Contains(out, n.name) {
			out = append(out, n.name)
		}
		walk(n.left)
		walk(n.right)
	}
	walk(&e.root)
	slices.Sort(out)
	return out
}

// Eval computes the formula; lookup gives each name's value or false when it
// has none, and Eval then names the first missing one.
func (e *Expr) Eval(lookup func(name string) (float64, bool)) (float64, error) {
	return eval(&e.root, lookup)
}

func eval(n *node, lookup func(string) (float64, bool)) (float64, error) {
	switch n.op {
	case 0:
		return n.num, nil
	case 'v':
		v, ok := lookup(n.name)
		if !ok {
			return 0, &MissingError{Name: n.name}
		}
		return v, nil
	case 'n':
		v, err := eval(n.left, lookup)
		return -v, err
	}
	a, err := eval(n.left, lookup)
	if err != nil {
		return 0, err
	}
	b, err := eval(n.right, lookup)
	if err != nil {
		return 0, err
	}
	var v float64
	switch n.op {
	case '+':
		v = a + b
	case '-':
		v = a - b
	case '*':
		v = a * b
	default:
		if b == 0 {
			return math.NaN(), ErrDivZero
		}
		v = a / b
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return math.NaN(), ErrOverflow
	}
	return v, nil
}

// MissingError says which name had no value.
type MissingError struct{ Name string }

func (e *MissingError) Error() string { return "no value for " + e.Name }

type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tName
	tOp
)

type token struct {
	kind tokKind
	text string
	pos  int
}

type parser struct {
	src string
	pos int
	tok token
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("formula %s, at character %d: %s", excerpt.Quote(p.src), p.tok.pos+1, fmt.Sprintf(format, args...))
}

func (p *parser) next() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
	start := p.pos
	if p.pos >= len(p.src) {
		p.tok = token{tEOF, "", start}
		return
	}
	c := p.src[p.pos]
	switch {
	case c >= '0' && c <= '9' || c == '.':
		for p.pos < len(p.src) && (isDigit(p.src[p.pos]) || p.src[p.pos] == '.') {
			p.pos++
		}
		p.tok = token{tNum, p.src[start:p.pos], start}
	case isNameStart(c):
		for p.pos < len(p.src) && (isNameStart(p.src[p.pos]) || isDigit(p.src[p.pos])) {
			p.pos++
		}
		p.tok = token{tName, p.src[start:p.pos], start}
	default:
		p.pos++
		p.tok = token{tOp, string(c), start}
	}
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isNameStart(c byte) bool { return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// expr := term { (+|-) term }
func (p *parser) expr() (*node, error) {
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tOp && (p.tok.text == "+" || p.tok.text == "-") {
		op := p.tok.text[0]
		p.next()
		right, err := p.term()
		if err != nil {
			return nil, err
		}
		left = &node{op: op, left: left, right: right}
	}
	return left, nil
}

// term := unary { (*|/) unary }
func (p *parser) term() (*node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tOp && (p.tok.text == "*" || p.tok.text == "/") {
		op := p.tok.text[0]
		p.next()
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &node{op: op, left: left, right: right}
	}
	return left, nil
}

// depth bounds nesting so that no input can exhaust the stack.
const maxDepth = 100

func (p *parser) unary() (*node, error) {
	depth := 0
	neg := false
	for p.tok.kind == tOp && (p.tok.text == "-" || p.tok.text == "+") {
		if p.tok.text == "-" {
			neg = !neg
		}
		p.next()
		if depth++; depth > maxDepth {
			return nil, p.errorf("too many signs")
		}
	}
	n, err := p.primary()
	if err != nil {
		return nil, err
	}
	if neg {
		n = &node{op: 'n', left: n}
	}
	return n, nil
}

func (p *parser) primary() (*node, error) {
	switch p.tok.kind {
	case tNum:
		v, err := strconv.ParseFloat(p.tok.text, 64)
		if err != nil || math.IsInf(v, 0) {
			return nil, p.errorf("%s is not a number", excerpt.Quote(p.tok.text))
		}
		p.next()
		return &node{op: 0, num: v}, nil
	case tName:
		n := &node{op: 'v', name: p.tok.text}
		p.next()
		return n, nil
	case tOp:
		if p.tok.text == "(" {
			if strings.Count(p.src[:p.tok.pos], "(") >= maxDepth {
				return nil, p.errorf("parentheses nested too deeply")
			}
			p.next()
			n, err := p.expr()
			if err != nil {
				return nil, err
			}
			if p.tok.kind != tOp || p.tok.text != ")" {
				return nil, p.errorf("missing )")
			}
			p.next()
			return n, nil
		}
		return nil, p.errorf("unexpected %s", excerpt.Quote(p.tok.text))
	}
	return nil, p.errorf("formula ends too early")
}
