package i18n

import (
	"strconv"
	"strings"
	"time"
)

// DayLayout is how an English message writes a calendar day (16 November 2026).
const DayLayout = "2 January 2006"

// TimeLayout is how an English message writes a moment, in the platform
// time zone and naming it: 6 Dec 2026, 8:17 pm IST.
const TimeLayout = "2 Jan 2006, 3:04 pm MST"

var mlMonths = [...]string{"ജനുവരി", "ഫെബ്രുവരി", "മാർച്ച്", "ഏപ്രിൽ", "മേയ്", "ജൂൺ", "ജൂലൈ", "ഓഗസ്റ്റ്",
	"സെപ്റ്റംബർ", "ഒക്ടോബർ", "നവംബർ", "ഡിസംബർ"}

// FormatDay writes a calendar day for people: 16 November 2026 /
// 16 നവംബർ 2026.
func FormatDay(lang string, day time.Time) string {
	if lang == ML {
		return strconv.Itoa(day.Day()) + " " + mlMonths[day.Month()-1] + " " + strconv.Itoa(day.Year())
	}
	return day.Format(DayLayout)
}

// FormatTime writes a moment for people in loc (the platform time zone,
// clock.Location), naming the zone: "6 Dec 2026, 8:17 pm IST" /
// "6 ഡിസംബർ 2026, രാത്രി 8:17 IST".
func FormatTime(lang string, t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return formatIn(lang, t)
}

func formatIn(lang string, t time.Time) string {
	if lang != ML {
		return t.Format(TimeLayout)
	}
	name, _ := t.Zone()
	return FormatDay(ML, t) + ", " + dayPart(t.Hour()) + " " + t.Format("3:04") + " " + name
}

// dayPart is the Malayalam part of the day a clock time is read in
// (രാവിലെ 9:30, ഉച്ചയ്ക്ക് 1:15, വൈകിട്ട് 5:00, രാത്രി 8:17, പുലർച്ചെ 4:00).
func dayPart(hour int) string {
	switch {
	case hour < 5:
		return "പുലർച്ചെ"
	case hour < 12:
		return "രാവിലെ"
	case hour < 15:
		return "ഉച്ചയ്ക്ക്"
	case hour < 19:
		return "വൈകിട്ട്"
	}
	return "രാത്രി"
}

// parseTime reads a moment written with TimeLayout and writes it in
// Malayalam, keeping its wall clock and zone name.
func parseTime(v string) (string, bool) {
	if !strings.Contains(v, ":") || !(strings.Contains(v, " am ") || strings.Contains(v, " pm ")) {
		return "", false
	}
	t, err := time.Parse(TimeLayout, v)
	if err != nil {
		return "", false
	}
	return formatIn(ML, t), true
}
