package planwatch_test

import (
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
)

func fv(v float64) *float64 { return &v }

// valid is a batch of one record of each kind that imports.
func valid() *planwatch.Batch {
	pos := func(file string) planwatch.Pos { return planwatch.Pos{File: file, Line: 2} }
	return &planwatch.Batch{
		Units:  []planwatch.UnitRecord{{Pos: pos("units.csv"), Unit: planwatch.Unit{Code: "27", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince}}},
		Groups: []planwatch.GroupRecord{{Pos: pos("groups.csv"), Member: planwatch.GroupMember{Group: "RRD", NameVI: "Đồng bằng sông Hồng", NameEN: "Red River Delta"}, Unit: "27"}},
		Indicators: []planwatch.IndicatorRecord{{Pos: pos("indicators.csv"), Indicator: planwatch.Indicator{Code: "GRDP", NameVI: "Tổng sản phẩm", NameEN: "GRDP", MeasureUnit: "tỷ đồng",
			Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: planwatch.AggSum}, Direction: planwatch.DirUp}}},
		Plans: []planwatch.PlanRecord{{Pos: pos("plans.csv"), Plan: planwatch.Plan{Code: "NQ", Kind: "resolution", TitleVI: "Nghị quyết", TitleEN: "Resolution", IssuerVI: "Tỉnh ủy", IssuerEN: "Provincial Party Committee",
			Horizon: period.MustParse("2021/2025"), VisionVI: "Đến năm 2030:\n\tthành phố trực thuộc Trung ương", VisionEN: "By 2030:\n\ta centrally governed city"}, Unit: "27"}},
		Codes: []planwatch.CodeRecord{{Pos: pos("codes.csv"), Code: planwatch.DimensionCode{Dimension: "price", Value: "current", NameVI: "giá hiện hành", NameEN: "current prices"}}},
		Sources: []planwatch.SourceRecord{{Pos: pos("sources.csv"), Source: planwatch.Source{Code: "BC-2024", TitleVI: "Báo cáo năm 2024", TitleEN: "Report for 2024",
			PublisherVI: "UBND tỉnh", PublisherEN: "Provincial People's Committee", Issued: "2024-12-01", URL: "https://bacninh.gov.vn/bao-cao"}}},
		Targets: []planwatch.TargetRecord{{Pos: pos("targets.csv"), Target: planwatch.Target{Plan: "NQ", Indicator: "GRDP", Period: period.MustParse("2025"), Kind: planwatch.AtLeast,
			Value: fv(100), BaselinePeriod: period.MustParse("2020"), BaselineValue: fv(50), Wording: "GRDP đạt\n100 tỷ đồng",
			WordingLang: "vi", WordingTranslation: "GRDP reaches\nVND 100 bn"}, Unit: "27"}},
		Observations: []planwatch.ObservationRecord{{Pos: pos("observations.csv"), Observation: planwatch.Observation{Indicator: "GRDP", Period: period.MustParse("2024"), Value: 90,
			Status: "E", Source: "BC-2024: trang\t3", Note: "ước tính\nsơ bộ"}, Unit: "27"}},
	}
}

func TestValidBatchImports(t *testing.T) {
	s := newSQLite(t)
	sum, err := planwatch.Apply(ctx, s, valid(), planwatch.ApplyOptions{RecordedBy: "cán bộ"})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range planwatch.Kinds {
		if k != "lineage" && sum.Get(k).Added != 1 {
			t.Errorf("%s: %+v", k, sum.Get(k))
		}
	}
	obs, _ := s.Observations(ctx, planwatch.ObservationFilter{})
	if len(obs) != 1 || obs[0].Note != "ước tính\nsơ bộ" || obs[0].Source != "BC-2024: trang\t3" {
		t.Errorf("long texts lost their newline and tab: %+v", obs)
	}
}

// Each way a record can be wrong that the checks once let through is
// refused, naming the file, line and column, and nothing is written.
func TestValidationGaps(t *testing.T) {
	long := strings.Repeat("x", 10000)
	for _, tc := range []struct {
		name  string
		spoil func(b *planwatch.Batch)
		want  string
	}{
		{"unit without a Vietnamese name", func(b *planwatch.Batch) { b.Units[0].Unit.NameVI = " " },
			"units.csv line 2, column name_vi: a unit needs its Vietnamese name"},
		{"baseline after the deadline", func(b *planwatch.Batch) { b.Targets[0].Target.BaselinePeriod = period.MustParse("2026") },
			"targets.csv line 2, column baseline_period: 2026 ends after the deadline 2025"},
		{"baseline interval ending after the deadline", func(b *planwatch.Batch) { b.Targets[0].Target.BaselinePeriod = period.MustParse("2024/2026") },
			"column baseline_period: 2024/2026 ends after the deadline 2025"},
		{"NUL in a unit's name", func(b *planwatch.Batch) { b.Units[0].Unit.NameVI = "Bắc\x00Ninh" },
			`units.csv line 2, column name_vi: "Bắc\x00Ninh" has a control character (U+0000, character 4): a name is one line of text`},
		{"newline in a unit's English name", func(b *planwatch.Batch) { b.Units[0].Unit.NameEN = "Bac\nNinh" },
			`column name_en: "Bac\nNinh" has a control character (U+000A, character 4)`},
		{"escape in a unit code", func(b *planwatch.Batch) { b.Units[0].Unit.Code = "2\x1b[7" },
			`units.csv line 2, column code: "2\x1b[7" has a control character (U+001B, character 2)`},
		{"bytes that are not UTF-8 in a name", func(b *planwatch.Batch) { b.Units[0].Unit.NameVI = "B\xe1c" },
			`column name_vi: "B\xe1c" is not valid UTF-8`},
		{"control character in a group's name", func(b *planwatch.Batch) { b.Groups[0].Member.NameEN = "Red\x07River" },
			"groups.csv line 2, column name_en: "},
		{"control character in a group code", func(b *planwatch.Batch) { b.Groups[0].Member.Group = "R\x00D" },
			"groups.csv line 2, column group: "},
		{"control character in an indicator's name", func(b *planwatch.Batch) { b.Indicators[0].Indicator.NameVI = "Tổng\x00" },
			"indicators.csv line 2, column name_vi: "},
		{"tab in a measure unit", func(b *planwatch.Batch) { b.Indicators[0].Indicator.MeasureUnit = "tỷ\tđồng" },
			"indicators.csv line 2, column measure_unit: "},
		{"control character in a dimension value", func(b *planwatch.Batch) {
			b.Indicators[0].Indicator.Dimensions = []planwatch.Dimension{{Name: "price", Values: []string{"cur\x00rent"}}}
		}, "indicators.csv line 2, column dimensions: "},
		{"control character in a plan's title", func(b *planwatch.Batch) { b.Plans[0].Plan.TitleEN = "Reso\rlution" },
			"plans.csv line 2, column title_en: "},
		{"control character in an issuer", func(b *planwatch.Batch) { b.Plans[0].Plan.IssuerVI = "Tỉnh\x7fủy" },
			"plans.csv line 2, column issuer_vi: "},
		{"newline in an English issuer", func(b *planwatch.Batch) { b.Plans[0].Plan.IssuerEN = "Provincial\nCommittee" },
			"plans.csv line 2, column issuer_en: "},
		{"NUL in a vision", func(b *planwatch.Batch) { b.Plans[0].Plan.VisionVI = "2030\x00" },
			`plans.csv line 2, column vision_vi: "2030\x00" has a control character (U+0000, character 5): only newline and tab may break a text`},
		{"NUL in an English vision", func(b *planwatch.Batch) { b.Plans[0].Plan.VisionEN = "2030\x00" },
			"plans.csv line 2, column vision_en: "},
		{"control character in a translation", func(b *planwatch.Batch) { b.Targets[0].Target.WordingTranslation = "GRDP\x1b[2J" },
			"targets.csv line 2, column wording_translation: "},
		{"a wording in a language planwatch does not know", func(b *planwatch.Batch) { b.Targets[0].Target.WordingLang = "fr" },
			`targets.csv line 2, column wording_lang: "fr" is not one of vi | en`},
		{"a translation without the wording", func(b *planwatch.Batch) { b.Targets[0].Target.Wording = "" },
			"targets.csv line 2, column wording_translation: a translation needs the wording it translates"},
		{"a wording's language without the wording", func(b *planwatch.Batch) {
			b.Targets[0].Target.Wording, b.Targets[0].Target.WordingTranslation = "", ""
		}, "targets.csv line 2, column wording_lang: gives the language of the wording, which is empty"},
		{"a source code with a space", func(b *planwatch.Batch) { b.Sources[0].Source.Code = "BC 2024" },
			`sources.csv line 2, column code: "BC 2024" has a space`},
		{"a source code with a colon", func(b *planwatch.Batch) { b.Sources[0].Source.Code = "BC:2024" },
			`sources.csv line 2, column code: "BC:2024" has a colon: a source is cited as CODE: detail`},
		{"a source without a Vietnamese title", func(b *planwatch.Batch) { b.Sources[0].Source.TitleVI = "" },
			"sources.csv line 2, column title_vi: a source needs its Vietnamese title"},
		{"a newline in a source's title", func(b *planwatch.Batch) { b.Sources[0].Source.TitleEN = "Report\nfor 2024" },
			"sources.csv line 2, column title_en: "},
		{"a control character in a publisher", func(b *planwatch.Batch) { b.Sources[0].Source.PublisherVI = "UBND\x00" },
			"sources.csv line 2, column publisher_vi: "},
		{"a link that is not a web address", func(b *planwatch.Batch) { b.Sources[0].Source.URL = "javascript:alert(1)" },
			`sources.csv line 2, column url: "javascript:alert(1)" is not a web address`},
		{"a code of a dimension value with a bar", func(b *planwatch.Batch) { b.Codes[0].Code.Value = "cur|rent" },
			`codes.csv line 2, column value: "cur|rent" has a space or one of`},
		{"a code without a Vietnamese name", func(b *planwatch.Batch) { b.Codes[0].Code.NameVI = " " },
			"codes.csv line 2, column name_vi: a code needs its Vietnamese name"},
		{"a tab in a code's name", func(b *planwatch.Batch) { b.Codes[0].Code.NameEN = "current\tprices" },
			"codes.csv line 2, column name_en: "},
		{"control character in a wording", func(b *planwatch.Batch) { b.Targets[0].Target.Wording = "GRDP\x0b100" },
			"targets.csv line 2, column wording: "},
		{"control character in a source", func(b *planwatch.Batch) { b.Observations[0].Observation.Source = "\x00" },
			"observations.csv line 2, column source: "},
		{"C1 control character in a note", func(b *planwatch.Batch) { b.Observations[0].Observation.Note = "note\u0085" },
			"observations.csv line 2, column note: "},
		{"a unit's day that is not a date", func(b *planwatch.Batch) { b.Units[0].Unit.ValidFrom = "2025-02-30" },
			`units.csv line 2, column valid_from: "2025-02-30" is not a date (YYYY-MM-DD)`},
		{"a group's day that is not a date", func(b *planwatch.Batch) { b.Groups[0].Member.ValidTo = "soon" },
			`groups.csv line 2, column valid_to: "soon" is not a date`},
		{"a plan's day that is not a date", func(b *planwatch.Batch) { b.Plans[0].Plan.Issued = "2025-1-5" },
			`plans.csv line 2, column issued: "2025-1-5" is not a date`},
		{"a lineage day that is not a date", func(b *planwatch.Batch) {
			b.Lineage = []planwatch.LineageRecord{{Pos: planwatch.Pos{File: "lineage.csv", Line: 2}, Event: planwatch.LineageEvent{Date: "2025-07-01T00:00", Event: planwatch.EventRename}, From: "27", To: "27"}}
		}, `lineage.csv line 2, column date: "2025-07-01T00:00" is not a date`},
		{"a long bad value is quoted in part", func(b *planwatch.Batch) { b.Units[0].Unit.Level = planwatch.Level(long) },
			`column level: "` + strings.Repeat("x", 80) + `"… (10000 bytes) is not one of`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			b := valid()
			tc.spoil(b)
			msg := applyErr(t, s, b)
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error lacks %q:\n%s", tc.want, msg)
			}
			if len(msg) > 1000 {
				t.Errorf("the error is %d bytes long", len(msg))
			}
			if units, _ := s.Units(ctx); len(units) != 0 {
				t.Errorf("%d units written", len(units))
			}
		})
	}
	// Who records the figures is a name too.
	_, err := planwatch.Apply(ctx, newStore(t), valid(), planwatch.ApplyOptions{RecordedBy: "root\x00"})
	if err == nil || !strings.Contains(err.Error(), "recorded_by: ") {
		t.Errorf("recorded by a NUL: %v", err)
	}
}
