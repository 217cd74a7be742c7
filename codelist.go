package planwatch

import "strings"

// DimensionCode names one value of a dimension, as an SDMX codelist does:
// price=constant2010 is "giá so sánh 2010" in Vietnamese and "constant 2010
// prices" in English. Indicators declare the values their figures take;
// codes give those values names for people.
type DimensionCode struct {
	Dimension string
	Value     string
	NameVI    string
	NameEN    string
}

// Name returns the name in the language, falling back to the other.
func (c DimensionCode) Name(lang string) string { return pick(lang, c.NameVI, c.NameEN) }

// Validate checks the code's own fields.
func (c DimensionCode) Validate() error {
	var errs []string
	if err := ValidCode(c.Dimension); err != nil {
		errs = append(errs, "dimension: "+err.Error())
	}
	if err := ValidCode(c.Value); err != nil {
		errs = append(errs, "value: "+err.Error())
	}
	if strings.TrimSpace(c.NameVI) == "" {
		errs = append(errs, "name_vi: a code needs its Vietnamese name")
	}
	errs = addText(errs, []string{"name_vi", c.NameVI, "name_en", c.NameEN}, nil)
	return Problems(errs).Err()
}
