package locale

import "testing"

func TestQuantity(t *testing.T) {
	cases := []struct {
		v      float64
		mu     string
		vi, en string
	}{
		// The congress resolution's budget target and the 2025 revenue, in
		// trillions as the interview writes them ("72.497 trillion VND").
		{37400, "VND bn", "37,4 nghìn tỷ đồng", "VND 37.4 trillion"},
		{72497, "VND bn", "72,497 nghìn tỷ đồng", "VND 72.497 trillion"},
		{999.5, "VND bn", "999,5 tỷ đồng", "VND 999.5 bn"},
		{-1200, "VND bn", "-1,2 nghìn tỷ đồng", "VND -1.2 trillion"},
		{94, "USD bn", "94 tỷ USD", "USD 94 bn"},
		{5.5, "USD mn", "5,5 triệu USD", "USD 5.5 mn"},
		{8900, "USD", "8.900 USD", "USD 8,900"},
		{157.65, "VND mn", "157,65 triệu đồng", "VND 157.65 mn"},
		{74.5, "%", "74,5%", "74.5%"},
		{1337.3, "thousand persons", "1.337,3 nghìn người", "1,337.3 thousand persons"},
		{52, "count", "52", "52"},
		{13141, "ha", "13.141 ha", "13,141 ha"},
		{1, "rank", "hạng 1", "rank 1"},
		{1.16, "x", "1,16 lần", "1.16 times"},
		{26267, "VND per USD", "26.267 đồng/USD", "26,267 VND per USD"},
		{3.5, "widgets", "3,5 widgets", "3.5 widgets"},
		{3.5, "", "3,5", "3.5"},
	}
	for _, c := range cases {
		if got := Quantity(c.v, c.mu, VI); got != c.vi {
			t.Errorf("Quantity(%v, %q, vi) = %q, want %q", c.v, c.mu, got, c.vi)
		}
		if got := Quantity(c.v, c.mu, EN); got != c.en {
			t.Errorf("Quantity(%v, %q, en) = %q, want %q", c.v, c.mu, got, c.en)
		}
	}
	if got := QuantityFixed(72497, 1, "VND bn", VI); got != "72,5 nghìn tỷ đồng" {
		t.Errorf("QuantityFixed vi = %q", got)
	}
	if got := QuantityFixed(72497, 1, "VND bn", EN); got != "VND 72.5 trillion" {
		t.Errorf("QuantityFixed en = %q", got)
	}
	if got := QuantityUnscaled(37400, "VND bn", VI); got != "37.400 tỷ đồng" {
		t.Errorf("QuantityUnscaled vi = %q", got)
	}
	if got := QuantityUnscaled(37400, "VND bn", EN); got != "VND 37,400 bn" {
		t.Errorf("QuantityUnscaled en = %q", got)
	}
	if v, mu := Scaled(33227, "VND bn"); v != 33.227 || mu != "VND trillion" {
		t.Errorf("Scaled(33227) = %v %s", v, mu)
	}
}

func TestUnit(t *testing.T) {
	for mu, want := range map[string][2]string{
		"VND bn": {"tỷ đồng", "VND bn"}, "USD mn": {"triệu USD", "USD mn"}, "%": {"%", "%"},
		"persons": {"người", "persons"}, "thousand persons": {"nghìn người", "thousand persons"},
		"VND mn per worker": {"triệu đồng/lao động", "VND mn per worker"}, "furlongs": {"furlongs", "furlongs"},
	} {
		if got := Unit(mu, VI); got != want[0] {
			t.Errorf("Unit(%q, vi) = %q, want %q", mu, got, want[0])
		}
		if got := Unit(mu, EN); got != want[1] {
			t.Errorf("Unit(%q, en) = %q, want %q", mu, got, want[1])
		}
	}
}

func TestWords(t *testing.T) {
	cases := []struct {
		got, want string
	}{
		{Level("province", VI), "tỉnh"},
		{Level("province", EN), "province"},
		{Level("commune", VI), "xã"},
		{PlanKind("resolution", VI), "nghị quyết"},
		{PlanKind("five_year_plan", EN), "five-year plan"},
		{TargetKind("avg_growth", VI), "tăng bình quân/năm"},
		{Status("on_track", VI), "đúng tiến độ"},
		{Status("not_assessable", EN), "not assessable"},
		{Method("statcan", VI), "phương pháp Thống kê Canada (tốc độ thực hiện so với tốc độ cần đạt)"},
		{ObsStatus("E", VI), "ước tính"},
		{ObsStatus("B", EN), "time series break"},
		{Event("merge", VI), "hợp nhất"},
		{DimName("price", VI), "giá"},
		{DimValue("price", "constant2010", VI), "giá so sánh 2010"},
		{DimValue("price", "constant2010", EN), "constant 2010 prices"},
		{DimValue("stage", "planning_approved", VI), "được duyệt quy hoạch"},
		{DimValue("colour", "red", VI), "colour=red"},
		{Dims("price=constant2010;sector=services", VI), "giá so sánh 2010; dịch vụ"},
		{Dims("sector=industry_construction", EN), "industry and construction"},
		{Dims("", VI), ""},
		{Scope("national", VI), "cả nước"},
		{Scope("RRD", VI), "RRD"},
		{Level("planet", VI), "planet"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

// Every vocabulary has both languages, and the Vietnamese word is not the
// English one left untranslated (except where both write the same: %, ha,
// USD).
func TestVocabulariesComplete(t *testing.T) {
	same := map[string]bool{"%": true, "ha": true, "USD": true, "km2": true}
	for name, v := range map[string]vocabulary{"levels": levels, "plan kinds": planKinds, "target kinds": targetKinds, "statuses": statuses,
		"methods": methods, "observation statuses": obsStatuses, "events": events, "dimensions": dimNames, "dimension values": dimValues} {
		for code, w := range v {
			if w[0] == "" || w[1] == "" || w[0] == w[1] {
				t.Errorf("%s: %q has %q / %q", name, code, w[0], w[1])
			}
		}
	}
	for code, m := range measures {
		if m.vi == "" || m.en == "" || m.vi == m.en && !same[code] {
			t.Errorf("measure %q: %q / %q", code, m.vi, m.en)
		}
	}
}

func TestQuantityRange(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		mu     string
		vi, en string
	}{
		{37400, 40000, "VND bn", "37,4–40 nghìn tỷ đồng", "VND 37.4–40 trillion"},
		{800, 1200, "VND bn", "0,8–1,2 nghìn tỷ đồng", "VND 0.8–1.2 trillion"},
		{7, 8, "%", "7–8%", "7–8%"},
		{70, 75.5, "USD bn", "70–75,5 tỷ USD", "USD 70–75.5 bn"},
	} {
		if got := QuantityRange(c.lo, c.hi, c.mu, VI); got != c.vi {
			t.Errorf("QuantityRange(%v, %v, %q, vi) = %q, want %q", c.lo, c.hi, c.mu, got, c.vi)
		}
		if got := QuantityRange(c.lo, c.hi, c.mu, EN); got != c.en {
			t.Errorf("QuantityRange(%v, %v, %q, en) = %q, want %q", c.lo, c.hi, c.mu, got, c.en)
		}
	}
}
