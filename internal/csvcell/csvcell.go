// Package csvcell keeps the text cells of the CSV files Internbase writes
// from running as spreadsheet formulas (CSV injection, CWE-1236), and reads
// such a cell back as the value it stands for.
package csvcell

import "strings"

// formulaStart are the first characters that make a spreadsheet run a cell.
const formulaStart = "=+-@\t\r"

// Safe returns s with a leading single quote when it starts with =, +, -,
// @, a tab or a carriage return, so spreadsheets show it as text. A value
// that already starts with quotes before such a character gets one more, so
// that Unsafe gives back exactly s.
func Safe(s string) string {
	if runsAsFormula(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// Unsafe undoes Safe: a file written by Internbase and uploaded again reads
// as the values it was written from.
func Unsafe(s string) string {
	if strings.HasPrefix(s, "'") && runsAsFormula(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

func runsAsFormula(s string) bool {
	return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0
}
