package factcheck

import (
	"fmt"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// writtenFactor converts a value claim to the indicator's measure unit:
// stated = Value x factor ("72.497 trillion" VND is 72,497 VND bn).
func writtenFactor(c Claim, in planwatch.Indicator) float64 {
	if c.Kind != KindValue {
		return 1
	}
	m := parseMeasureUnit(in.MeasureUnit)
	if m.what == "%" || m.what == "rank" {
		return 1
	}
	return c.Scale / m.scale
}

func noteFor(f review.Fact, measure string) string {
	for _, n := range f.Notes {
		if rest, ok := strings.CutPrefix(n, measure+": "); ok {
			return rest
		}
	}
	return ""
}

// measure checks a claim against one indicator and breakdown.
func (ck *checker) measure(c Claim, b binding, code string, dims planwatch.Dims) outcome {
	in := ck.lx.inds[code]
	u, p := *b.unit, b.period
	o := outcome{code: code, dims: dims, measure: measureOf(c), stated: signed(c), mu: measureUnitOf(c, in)}
	label := indicatorLabel(in, dims, p)
	none := func(t text) outcome {
		o.verdict, o.reason = Unverifiable, t
		return o
	}
	decided := func(computed float64, ok bool, desc text) outcome {
		o.computed = &computed
		if ok {
			o.verdict, o.reason = Confirmed, desc
		} else {
			o.verdict, o.reason = Differs, say("the data give %s", "số liệu cho %s", desc)
		}
		return o
	}
	show := c.Decimals + 1
	switch c.Kind {
	case KindMultiple:
		base := period.Year(c.Base)
		o.mu = "times"
		m, err := ck.rv.Multiple(u.Ref(), code, dims, base, p)
		if err != nil {
			return none(say("cannot compute the multiple: %s", "không tính được số lần: %s", err.Error()))
		}
		cur, _, _ := ck.rv.Value(u.Ref(), code, dims, p)
		bv, _, _ := ck.rv.Value(u.Ref(), code, dims, base)
		o.from = []string{fmt.Sprintf("%s %s %s", u.Ref(), code, p), fmt.Sprintf("%s %s %s", u.Ref(), code, base)}
		return decided(m, agrees(c, c.Value, c.High, m), say("%s: %s is %s times %s in %s", "%s: %s gấp %s lần %s năm %s",
			label, amount(cur, -1, in.MeasureUnit), shown(m, show+1), amount(bv, -1, in.MeasureUnit), base.String()))
	case KindAvgGrowth:
		o.mu = "%"
		if !p.IsInterval() {
			return none(say("the sentence names no span of years for the average", "câu văn không nêu giai đoạn để tính bình quân"))
		}
		g, how, err := ck.rv.AverageGrowth(u.Ref(), code, dims, p)
		if err != nil {
			return none(say("cannot compute the average growth of %s: %s", "không tính được tăng trưởng bình quân %s: %s", label, err.Error()))
		}
		o.from = []string{how}
		return decided(g, agrees(c, c.Value, c.High, g), say("%s: %s/year (%s)", "%s: %s/năm (%s)", label, shownPct(g, show), howWords(how)))
	}
	f, ok := ck.fact(u, p, code, dims)
	if !ok || f.Value == nil {
		if c.Kind == KindGrowth {
			if gi, ok := ck.lx.inds[code+"_GROWTH"]; ok && c.Unit == "%" {
				// "GDP tăng trưởng 8,02%": the rate the store holds.
				return ck.measure(c, b, gi.Code, "")
			}
		}
		why := say("no figure of %s for %s", "không có số liệu %s của %s", label, u.String())
		if _, _, err := ck.rv.Value(u.Ref(), code, dims, p); err != nil && !strings.HasPrefix(err.Error(), "no figure") {
			why = why.join(": ", reviewError(err.Error()))
		}
		return none(why)
	}
	v := *f.Value
	switch c.Kind {
	case KindValue:
		factor := writtenFactor(c, in)
		o.stated = c.Value * factor
		o.from = f.From["value"]
		ok := agrees(c, c.Value, c.High, v/factor)
		return decided(v, ok, say("%s: %s", "%s: %s", label, amount(v, c.Decimals+1, in.MeasureUnit)))
	case KindRank:
		if in.MeasureUnit == "rank" {
			o.from = f.From["value"]
			n := int(v)
			return decided(v, float64(n) == c.Value, say("%s: %s (a published rank)", "%s: %s (thứ hạng được công bố)", label, ordinal(n)))
		}
		return ck.rank(o, c, b, f, label)
	case KindGrowth:
		return ck.growth(o, c, b, f, in, label)
	case KindPctOfPlan:
		o.mu = "%"
		plans := make([]string, 0, len(f.PctOfPlan))
		for plan := range f.PctOfPlan {
			if pl, ok := ck.rv.Plan(plan); ok && (c.PlanWord == "estimate") == (pl.Kind == "budget_estimate") {
				plans = append(plans, plan)
			}
		}
		if len(plans) == 0 {
			for plan := range f.PctOfPlan {
				plans = append(plans, plan)
			}
		}
		slices.Sort(plans)
		if len(plans) == 0 {
			return none(say("no plan figure of %s for %s", "không có chỉ tiêu kế hoạch %s của %s", label, u.String()))
		}
		var first outcome
		for i, plan := range plans {
			pv := f.PctOfPlan[plan]
			fig := ck.planFigure(u, code, dims, p, plan)
			oo := o
			oo.from = append(slices.Clone(f.From["value"]), fmt.Sprintf("plan %s: %s", plan, num(fig, -1).en))
			oo = decidedWith(oo, pv, agrees(c, c.Value, c.High, pv), say("%s: %s is %s of the figure %s of %s", "%s: %s bằng %s chỉ tiêu %s của %s",
				label, amount(v, -1, in.MeasureUnit), shownPct(pv, show), num(fig, -1), plan))
			if oo.verdict == Confirmed {
				return oo
			}
			if i == 0 {
				first = oo
			}
		}
		return first
	case KindShare:
		o.mu = "%"
		var s *float64
		scope := say("of the national total", "tổng cả nước")
		if b.groupWords != "" || strings.HasPrefix(c.Scope, "group:") {
			g := b.group
			if g == "" && len(f.ShareOfGroupPct) == 1 {
				for k := range f.ShareOfGroupPct {
					g = k
				}
			}
			if g == "" {
				return none(say("no group of the store is named %q", "không có vùng nào tên %q", b.groupWords))
			}
			if x, ok := f.ShareOfGroupPct[g]; ok {
				s = &x
			}
			scope = say("of the total of %s", "tổng %s", ck.groupName(g))
			o.measure = "share_of_group_pct"
		} else {
			s = f.ShareOfParentPct
			o.from = f.From["share_of_parent_pct"]
		}
		if s == nil {
			note := noteFor(f, "share_of_parent_pct")
			return none(say("cannot compute the share: %s", "không tính được tỷ trọng: %s", note))
		}
		return decided(*s, agrees(c, c.Value, c.High, *s), say("%s: %s %s", "%s: chiếm %s %s", label, shownPct(*s, show), scope))
	case KindRatio:
		o.mu = "times"
		if c.Scope != "national" {
			return none(say("the ratio to a group's average is not computed", "chưa tính tỷ lệ so với bình quân của vùng"))
		}
		if f.RatioToParent == nil {
			return none(say("cannot compute the ratio to the national figure: %s", "không tính được tỷ lệ so với cả nước: %s", noteFor(f, "ratio_to_parent")))
		}
		r := *f.RatioToParent
		o.from = f.From["ratio_to_parent"]
		return decided(r, agrees(c, c.Value, c.High, r), say("%s: %s times the national figure", "%s: gấp %s lần cả nước", label, shown(r, show+1)))
	}
	return none(say("this kind of claim is not checked", "chưa kiểm tra loại thông tin này"))
}

func decidedWith(o outcome, computed float64, ok bool, desc text) outcome {
	o.computed = &computed
	if ok {
		o.verdict, o.reason = Confirmed, desc
	} else {
		o.verdict, o.reason = Differs, say("the data give %s", "số liệu cho %s", desc)
	}
	return o
}

// planFigure is the figure a plan sets for the unit, indicator and period.
func (ck *checker) planFigure(u planwatch.Unit, code string, dims planwatch.Dims, p period.Period, plan string) float64 {
	for _, t := range ck.rv.Targets(plan) {
		if t.Unit == u.ID && t.Indicator == code && t.Dims == dims && t.Period == p && t.Kind == planwatch.PlanFig && t.Value != nil {
			return *t.Value
		}
	}
	return 0
}

func (ck *checker) rank(o outcome, c Claim, b binding, f review.Fact, label text) outcome {
	o.mu = "rank"
	scope := "national"
	if strings.HasPrefix(c.Scope, "group:") {
		scope = b.group
		if scope == "" {
			var groups []string
			for _, r := range f.Rank {
				if r.Scope != "national" {
					groups = append(groups, r.Scope)
				}
			}
			if len(groups) != 1 || b.groupWords != "" {
				return decidedNone(o, say("no group of the store is named %q", "không có vùng nào tên %q", b.groupWords))
			}
			scope = groups[0]
		}
	}
	var r *review.Rank
	for i := range f.Rank {
		if f.Rank[i].Scope == scope {
			r = &f.Rank[i]
		}
	}
	where := scopeWords(scope, ck.groupName(scope))
	if r == nil || r.Rank == nil {
		return decidedNone(o, say("%s has no rank %s", "%s không có thứ hạng %s", label, where))
	}
	n := *r.Rank
	o.from = append(slices.Clone(f.From["value"]), fmt.Sprintf("rank %s: %d of %d, %d with a figure", scope, n, r.Of, r.WithData))
	desc := say("%s: %s of %d %s", "%s: %s/%d %s", label, ordinal(n), r.Of, where)
	if r.WithData < r.Of {
		desc = desc.join(", ", say("of the %d with a figure", "trong %d đơn vị có số liệu", r.WithData))
	}
	computed := float64(n)
	switch {
	case c.Of > 0 && c.ofWithData && c.Of != r.WithData:
		o.computed = &computed
		o.verdict, o.reason = Differs, say("the data give %s; %d have a figure, not %d", "số liệu cho %s; có %d đơn vị có số liệu, không phải %d", desc, r.WithData, c.Of)
		return o
	case c.Of > 0 && !c.ofWithData && c.Of != r.Of:
		o.computed = &computed
		o.verdict, o.reason = Differs, say("the data give %s; there are %d, not %d", "số liệu cho %s; có %d đơn vị, không phải %d", desc, r.Of, c.Of)
		return o
	case c.ofWithData && float64(n) == c.Value:
		return decidedWith(o, computed, true, desc)
	case float64(n) == c.Value:
		return decidedWith(o, computed, true, desc)
	case r.WithData < r.Of && float64(n) < c.Value:
		// Peers without a figure might rank above: the text may count them.
		return decidedNone(o, say("%s; the others may rank above it", "%s; các đơn vị khác có thể đứng trên", desc))
	}
	return decidedWith(o, computed, false, desc)
}

func decidedNone(o outcome, t text) outcome {
	o.verdict, o.reason, o.computed = Unverifiable, t, nil
	return o
}

func (ck *checker) growth(o outcome, c Claim, b binding, f review.Fact, in planwatch.Indicator, label text) outcome {
	o.mu = "%"
	u, p := *b.unit, b.period
	show := c.Decimals + 1
	stated := signed(c)
	// The growth of a growth rate indicator is its value ("GRDP tăng
	// trưởng 10,27%").
	if in.MeasureUnit == "%" && strings.HasSuffix(in.Code, "_GROWTH") && c.Unit == "%" {
		v := *f.Value
		o.measure, o.from = "value", f.From["value"]
		return decidedWith(o, v, agreesSigned(c, stated, v), say("%s: %s", "%s: %s", label, shownPct(v, show)))
	}
	if c.Unit == "pp" || in.MeasureUnit == "%" {
		o.mu = "pp"
		if c.Unit != "pp" {
			return decidedNone(o, say("%s is a percentage: say its change in percentage points", "%s là tỷ lệ %%: cần nói thay đổi bằng điểm phần trăm", in.Code))
		}
		if f.Change == nil {
			return decidedNone(o, say("no figure of %s for %s", "không có số liệu %s năm %s", in.Code, f.PreviousPeriod))
		}
		o.measure = "change"
		return decidedWith(o, *f.Change, agreesSigned(c, stated, *f.Change), say("%s: %s points on %s", "%s: %s điểm %% so với %s", label, shown(*f.Change, show), f.PreviousPeriod))
	}
	prevP, prev := f.PreviousPeriod, f.PreviousValue
	g := f.GrowthPct
	o.from = f.From["growth_pct"]
	if c.Base > 0 && period.Year(c.Base).String() != f.PreviousPeriod && p.Freq() == period.Annual {
		// Growth on another base year than the one before.
		base := period.Year(c.Base)
		bv, _, err := ck.rv.Value(u.Ref(), in.Code, o.dims, base)
		if err != nil {
			return decidedNone(o, say("no figure of %s for %s", "không có số liệu %s năm %s", in.Code, base.String()))
		}
		gg := (*f.Value/bv - 1) * 100
		g, prev, prevP = &gg, &bv, base.String()
		o.from = append(slices.Clone(f.From["value"]), fmt.Sprintf("%s %s %s", u.Ref(), in.Code, base))
	}
	if g == nil {
		// The indicator's own growth rate, when the store has one.
		if gi, ok := ck.lx.inds[in.Code+"_GROWTH"]; ok {
			if gf, ok := ck.fact(u, p, gi.Code, ""); ok && gf.Value != nil {
				o.code, o.dims, o.measure, o.from = gi.Code, "", "value", gf.From["value"]
				return decidedWith(o, *gf.Value, agreesSigned(c, stated, *gf.Value), say("%s: %s", "%s: %s", indicatorLabel(gi, "", p), shownPct(*gf.Value, show)))
			}
		}
		return decidedNone(o, say("no figure of %s for %s to measure growth from", "không có số liệu %s năm %s để tính tăng trưởng", in.Code, prevP))
	}
	return decidedWith(o, *g, agreesSigned(c, stated, *g), say("%s: %s against %s in %s, %s", "%s: %s so với %s năm %s, %s", label,
		amount(*f.Value, -1, in.MeasureUnit), amount(*prev, -1, in.MeasureUnit), prevP, signedPct(*g, show)))
}

func signedPct(g float64, decimals int) text {
	if g < 0 {
		return say("down %s", "giảm %s", pct(-g, decimals))
	}
	return say("up %s", "tăng %s", pct(g, decimals))
}

// agreesSigned compares a signed stated growth with the computed one.
func agreesSigned(c Claim, stated, computed float64) bool {
	if stated < 0 {
		return agrees(c, -stated, c.High, -computed)
	}
	return agrees(c, stated, c.High, computed)
}

// howWords says in both languages how review computed an average growth:
// "observed over 2005/2019", "chain of 5 yearly rates", "levels 2020 to
// 2025".
func howWords(how string) text {
	var a, b string
	var n int
	switch {
	case strings.HasPrefix(how, "observed over "):
		p := strings.TrimPrefix(how, "observed over ")
		return text{how, "số liệu của cả giai đoạn " + p}
	case func() bool { _, err := fmt.Sscanf(how, "chain of %d yearly rates", &n); return err == nil }():
		return text{how, fmt.Sprintf("từ %d tốc độ tăng hằng năm", n)}
	case func() bool { _, err := fmt.Sscanf(how, "levels %s to %s", &a, &b); return err == nil }():
		return text{how, fmt.Sprintf("từ mức năm %s đến năm %s", a, b)}
	}
	return text{how, how}
}

// groupName is a group's name in both languages, or its code.
func (ck *checker) groupName(code string) text {
	for _, m := range ck.rv.Members() {
		if m.Group == code {
			t := text{m.NameEN, m.NameVI}
			if t.en == "" {
				t.en = t.vi
			}
			if t.vi == "" {
				t.vi = t.en
			}
			if t.en != "" {
				return t
			}
		}
	}
	return text{code, code}
}

// measureUnitOf is the unit of what a claim states: the indicator's for a
// value, per cent, times or a rank for the measures.
func measureUnitOf(c Claim, in planwatch.Indicator) string {
	switch c.Kind {
	case KindValue:
		return in.MeasureUnit
	case KindRank:
		return "rank"
	case KindRatio, KindMultiple:
		return "times"
	}
	if c.Unit == "pp" {
		return "pp"
	}
	return "%"
}

// reviewError says in both languages why review has no figure: "not
// comparable: Bắc Giang (24) has no BUDGET_REV for 2021" for a unit whose
// figure before it began cannot be rebuilt.
func reviewError(msg string) text {
	if rest, ok := strings.CutPrefix(msg, "not comparable: "); ok {
		if who, what, ok := strings.Cut(rest, " has no "); ok {
			if code, when, ok := strings.Cut(what, " for "); ok {
				return text{msg, fmt.Sprintf("không dựng lại được trên địa giới hiện nay: %s không có số liệu %s năm %s", who, code, when)}
			}
		}
	}
	return text{msg, msg}
}

// indicatorLabel names what a figure is, in both languages: the
// indicator's name, its breakdown and the period ("Kim ngạch xuất khẩu
// hàng hóa 2025", "Gross regional domestic product (GRDP), constant 2010
// prices, 2021").
func indicatorLabel(in planwatch.Indicator, dims planwatch.Dims, p period.Period) text {
	t := text{nameOnly(in.Name("en")), nameOnly(in.Name("vi"))}
	if dims != "" {
		t = say("%s, %s", "%s, %s", t, text{locale.Dims(string(dims), locale.EN), locale.Dims(string(dims), locale.VI)})
	}
	return say("%s, %s", "%s, %s", t, p.String())
}

// nameOnly is an indicator's name without what its definition adds after a
// semicolon ("GRDP growth (constant 2010 prices); over an interval: average
// per year" is named "GRDP growth (constant 2010 prices)").
func nameOnly(name string) string {
	if i := strings.Index(name, ";"); i > 0 {
		return strings.TrimSpace(name[:i])
	}
	return name
}
