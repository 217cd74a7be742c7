package locale

import "testing"

func TestNumber(t *testing.T) {
	cases := []struct {
		v      float64
		vi, en string
	}{
		{72497.5, "72.497,5", "72,497.5"},
		{7425.07, "7.425,07", "7,425.07"},
		{133600, "133.600", "133,600"},
		{10.27, "10,27", "10.27"},
		{-6, "-6", "-6"},
		{0.001, "0,001", "0.001"},
	}
	for _, c := range cases {
		if got := Number(c.v, VI); got != c.vi {
			t.Errorf("Number(%v, vi) = %q, want %q", c.v, got, c.vi)
		}
		if got := Number(c.v, EN); got != c.en {
			t.Errorf("Number(%v, en) = %q, want %q", c.v, got, c.en)
		}
	}
	if got := Fixed(55.0430, 2, VI); got != "55,04" {
		t.Errorf("Fixed = %q", got)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Bắc Ninh": "bac ninh", "Đắk  Lắk": "dak lak", "Thừa Thiên Huế": "thua thien hue", "Hoà Bình": "hoa binh", "Hòa Bình": "hoa binh"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDay(t *testing.T) {
	for _, c := range []struct {
		in   string
		l    Lang
		want string
	}{
		{"2025-07-01", VI, "01/07/2025"},
		{"2025-07-01", EN, "2025-07-01"},
		{"", VI, ""},
		{"2025-7-1", VI, "2025-7-1"},
		{"abcd-ef-gh", VI, "abcd-ef-gh"},
	} {
		if got := Day(c.in, c.l); got != c.want {
			t.Errorf("Day(%q, %s) = %q, want %q", c.in, c.l, got, c.want)
		}
	}
}
