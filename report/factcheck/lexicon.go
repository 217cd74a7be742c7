package factcheck

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/review"
)

// The synonyms shipped with planwatch: phrase, language, indicator code and
// optionally dims. A row with no indicator names a dimension value
// ("current prices" is price=current) for whatever indicator the claim is
// about.
//
//go:embed synonyms.csv
var builtinSynonyms string

// indRef is an indicator a phrase names, with the dimensions it fixes.
type indRef struct {
	code string
	dims planwatch.Dims
}

// entry is what one phrase names: indicators, a dimension value, units or
// a group.
type entry struct {
	p     phrase
	inds  []indRef
	dims  planwatch.Dims // a dimension phrase
	units []planwatch.Unit
	group string
	// nation: the phrase names the country as well as an indicator
	// ("GDP", "tổng sản phẩm trong nước").
	nation bool
}

// Lexicon holds the phrases that tie a claim to indicators, dimensions,
// units and groups: the store's names in both languages and the synonyms.
type Lexicon struct {
	byFirst map[string][]*entry
	inds    map[string]planwatch.Indicator
	nation  []planwatch.Unit
}

// NewLexicon builds the lexicon of a review's store: its indicators' names
// (vi and en, with and without the parenthesised part), units' and groups'
// names, the shipped synonyms and each extra synonyms file (the same CSV
// columns), which may add phrases for any indicator of the store.
func NewLexicon(rv *review.Review, extra ...Synonyms) (*Lexicon, error) {
	lx := &Lexicon{byFirst: map[string][]*entry{}, inds: map[string]planwatch.Indicator{}}
	for _, in := range rv.Indicators() {
		lx.inds[in.Code] = in
		for _, name := range []string{in.NameVI, in.NameEN} {
			for _, p := range nameVariants(name) {
				lx.entry(p).addInd(indRef{code: in.Code})
			}
		}
	}
	for _, u := range rv.Units() {
		if u.Level != planwatch.LevelNation && u.Level != planwatch.LevelRegion && u.Level != planwatch.LevelProvince {
			continue
		}
		if u.Level == planwatch.LevelNation {
			lx.nation = append(lx.nation, u)
		}
		for _, name := range []string{u.NameVI, u.NameEN} {
			if name == "" {
				continue
			}
			e := lx.entry(name)
			if !slices.ContainsFunc(e.units, func(x planwatch.Unit) bool { return x.ID == u.ID }) {
				e.units = append(e.units, u)
			}
		}
	}
	for _, w := range []string{"the whole country", "whole country", "the country", "cả nước", "toàn quốc", "nationwide", "the nation", "nationally"} {
		e := lx.entry(w)
		e.units = append(e.units, lx.nation...)
	}
	for _, m := range rv.Members() {
		for _, name := range []string{m.NameVI, m.NameEN} {
			if name != "" {
				lx.entry(name).group = m.Group
			}
		}
	}
	files := append([]Synonyms{{Name: "synonyms.csv (shipped)", R: strings.NewReader(builtinSynonyms)}}, extra...)
	var errs []error
	for _, f := range files {
		errs = append(errs, lx.readSynonyms(f)...)
	}
	if len(errs) > 0 {
		return nil, planwatch.Errorf(planwatch.EINVALID, "%v", errors.Join(errs...))
	}
	for _, w := range []string{"GDP", "gross domestic product", "tổng sản phẩm trong nước"} {
		e := lx.entry(w)
		e.units, e.nation = append(e.units, lx.nation...), true
	}
	return lx, nil
}

// Synonyms is a synonyms file to read, with the name its errors cite.
type Synonyms struct {
	Name string
	R    io.Reader
}

func (lx *Lexicon) readSynonyms(f Synonyms) []error {
	r := csv.NewReader(f.R)
	r.FieldsPerRecord = -1
	var errs []error
	line := 0
	for {
		rec, err := r.Read()
		line++
		if err == io.EOF {
			break
		}
		if err != nil {
			return append(errs, fmt.Errorf("%s: %v", f.Name, err))
		}
		if line == 1 && len(rec) > 0 && strings.TrimPrefix(strings.TrimSpace(rec[0]), "\ufeff") == "phrase" {
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s line %d: %s", f.Name, line, fmt.Sprintf(format, args...)))
		}
		if len(rec) < 3 || len(rec) > 4 {
			bad("write phrase,language,indicator[,dims]")
			continue
		}
		phr, lang, code := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])
		dims := ""
		if len(rec) == 4 {
			dims = rec[3]
		}
		if len(keys(phr)) == 0 {
			bad("the phrase is empty")
			continue
		}
		if lang != "vi" && lang != "en" {
			bad("language %q: write vi or en", lang)
			continue
		}
		d, err := planwatch.ParseDims(dims)
		if err != nil {
			bad("%v", err)
			continue
		}
		if code == "" {
			if d == "" {
				bad("a row without an indicator names a dimension value: give dims")
				continue
			}
			lx.entry(phr).dims = d
			continue
		}
		in, ok := lx.inds[code]
		if !ok {
			bad("indicator %q is not in the store", code)
			continue
		}
		if err := in.CheckDims(d); err != nil {
			bad("%v", err)
			continue
		}
		lx.entry(phr).addInd(indRef{code: code, dims: d})
	}
	return errs
}

func (lx *Lexicon) entry(s string) *entry {
	p := keys(s)
	if len(p) == 0 {
		return &entry{}
	}
	for _, e := range lx.byFirst[p[0]] {
		if slices.Equal(e.p, p) {
			return e
		}
	}
	e := &entry{p: p}
	lx.byFirst[p[0]] = append(lx.byFirst[p[0]], e)
	return e
}

func (e *entry) addInd(r indRef) {
	if !slices.Contains(e.inds, r) {
		e.inds = append(e.inds, r)
	}
}

// nameVariants are the phrases an indicator's name gives: the whole name,
// the part before a parenthesis or semicolon, and an acronym in
// parentheses ("Tổng sản phẩm trên địa bàn (GRDP)" gives "GRDP").
func nameVariants(name string) []string {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	out := []string{name}
	head := name
	if i := strings.IndexAny(head, "(;"); i > 0 {
		head = strings.TrimSpace(head[:i])
		out = append(out, head)
	}
	if a, b := strings.IndexByte(name, '('), strings.IndexByte(name, ')'); a >= 0 && b > a {
		if in := strings.TrimSpace(name[a+1 : b]); in != "" && strings.ToUpper(in) == in && !strings.Contains(in, " ") && !isCurrencyAt(tokenize(in), 0) {
			out = append(out, in)
		}
	}
	return out
}

// mention is a phrase of the lexicon found in a sentence.
type mention struct {
	sent, lo, hi int
	e            *entry
	claim        int // the claim whose words hold it, or -1
}

// mentionIndex holds the mentions of each sentence.
type mentionIndex [][]mention

func (ix mentionIndex) of(sent int) []mention {
	if sent < 0 || sent >= len(ix) {
		return nil
	}
	return ix[sent]
}

// mentions finds, in each sentence, the longest phrase of the lexicon at
// each place.
func (lx *Lexicon) mentions(d *doc) mentionIndex {
	owner := d.owner
	out := make(mentionIndex, len(d.sents))
	for si, s := range d.sents {
		for i := s.first; i < s.last; i++ {
			var best *entry
			for _, e := range lx.byFirst[d.toks[i].key] {
				if (best == nil || len(e.p) > len(best.p)) && matchAt(d.toks, i, s.last, e.p) {
					best = e
				}
			}
			if best == nil {
				continue
			}
			out[si] = append(out[si], mention{sent: si, lo: i, hi: i + len(best.p), e: best, claim: owner[i]})
			i += len(best.p) - 1
		}
	}
	return out
}
