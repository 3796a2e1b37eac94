package i18n

// accountsCatalog is the messages of accounts and onboarding
// (internal/users: sign-up, staff accounts, the roster import, host
// registration), of the reports (internal/reports) and of PocketBase's
// batch API, in the style of catalog: a Kerala college's Malayalam that
// keeps the English words a coordinator uses (റോസ്റ്റർ, CSV, ഹെഡർ).
// "Institution" is കോളേജ് where it stands beside a host organisation
// (ഹോസ്റ്റ് സ്ഥാപനം), so the two are never confused.
var accountsCatalog = map[string]Entry{
	// Names of the roster's columns, as its messages carry them ("The
	// semester is missing.", "Updated: name, phone.").
	"roster.col_register_no": s("register number", "രജിസ്റ്റർ നമ്പർ"),
	"roster.col_name":        s("name", "പേര്"),
	"roster.col_email":       s("email address", "ഇമെയിൽ വിലാസം"),
	"roster.col_program":     s("program", "പ്രോഗ്രാം"),
	"roster.col_semester":    s("semester", "സെമസ്റ്റർ"),
	"roster.col_apaar_id":    s("APAAR id", "APAAR ഐഡി"),
	"roster.col_phone":       s("phone", "ഫോൺ നമ്പർ"),
	"roster.col_enrolled":    s("enrolled", "എൻറോൾമെന്റ്"),

	// A roster file refused whole (internal/users/roster.go).
	"roster.file_too_large": s("The file is larger than {size} MB; split it into smaller files.", "ഫയൽ {size} MB-യിൽ കൂടുതലാണ്; ചെറിയ ഫയലുകളായി വിഭജിച്ച് അപ്\u200cലോഡ് ചെയ്യുക."),
	"roster.not_utf8":       s("The file is not UTF-8 text; save it as \"CSV UTF-8\" and upload it again.", "ഫയൽ UTF-8 ടെക്സ്റ്റ് അല്ല; \"CSV UTF-8\" ആയി സേവ് ചെയ്ത് വീണ്ടും അപ്\u200cലോഡ് ചെയ്യുക."),
	"roster.not_text":       s("The file is not a CSV text file; save it as \"CSV UTF-8\" and upload it again.", "ഇതൊരു CSV ടെക്സ്റ്റ് ഫയൽ അല്ല; \"CSV UTF-8\" ആയി സേവ് ചെയ്ത് വീണ്ടും അപ്\u200cലോഡ് ചെയ്യുക."),
	"roster.empty":          s("The file is empty; it needs a header row ({columns}) and one row per student.", "ഫയൽ ശൂന്യമാണ്; ആദ്യം ഒരു ഹെഡർ വരിയും ({columns}) പിന്നെ ഓരോ വിദ്യാർഥിക്കും ഓരോ വരിയും വേണം."),
	"roster.too_many_rows":  s("The file has more than {max} students; split it into smaller files.", "ഫയലിൽ {max}-ൽ കൂടുതൽ വിദ്യാർഥികളുണ്ട്; ചെറിയ ഫയലുകളായി വിഭജിച്ച് അപ്\u200cലോഡ് ചെയ്യുക."),
	"roster.extra_cells":    s("Row {row} has {cells} cells but the header names {columns} columns; check for a stray comma.", "{row}-ാം വരിയിൽ {cells} സെല്ലുകളുണ്ട്, പക്ഷേ ഹെഡറിൽ {columns} കോളങ്ങളേയുള്ളൂ; എവിടെയെങ്കിലും ഒരു കോമ അധികം വന്നിട്ടുണ്ടോ എന്ന് നോക്കുക."),
	"roster.bad_csv":        s("The file is not valid CSV: row {row}, column {column}: {problem}. Save it as \"CSV UTF-8\" and upload it again.", "ഫയൽ ശരിയായ CSV അല്ല: {row}-ാം വരി, {column}-ാം അക്ഷരം: {problem}. \"CSV UTF-8\" ആയി സേവ് ചെയ്ത് വീണ്ടും അപ്\u200cലോഡ് ചെയ്യുക."),
	"roster.unreadable_csv": s("The file could not be read as CSV: {problem}.", "ഫയൽ CSV ആയി വായിക്കാനായില്ല: {problem}."),
	// The syntax errors of encoding/csv, as roster.bad_csv carries them.
	"roster.csv_bare_quote": s("bare \" in non-quoted-field", "ഉദ്ധരണിയിലല്ലാത്ത ഒരു സെല്ലിൽ \" ചിഹ്നം ഉണ്ട്"),
	"roster.csv_quote":      s("extraneous or missing \" in quoted-field", "ഉദ്ധരണിയിലുള്ള ഒരു സെല്ലിൽ \" ചിഹ്നം അധികമോ കുറവോ ആണ്"),
	"roster.unknown_column": s("The header has an unknown column {column}; the columns are {columns}.", "ഹെഡറിൽ അറിയാത്ത ഒരു കോളം ഉണ്ട്: {column}; ഉപയോഗിക്കാവുന്ന കോളങ്ങൾ ഇവയാണ്: {columns}."),
	"roster.column_twice":   s("The header names the column {column} twice.", "ഹെഡറിൽ {column} എന്ന കോളം രണ്ടു തവണയുണ്ട്."),
	// {missing} may come out as the Malayalam names of the columns; the
	// sentence then asks for the English names, which it lists.
	"roster.missing_columns": s("The header row lacks the column(s) {missing}; the first row must name the columns ({columns}).", "ഹെഡർ വരിയിൽ ഈ കോളങ്ങൾ ഇല്ല: {missing}; ആദ്യ വരിയിൽ കോളങ്ങളുടെ പേരുകൾ ({columns}) ഇംഗ്ലീഷിൽത്തന്നെ എഴുതണം."),

	// A roster row the import reports on (one line of the report each).
	"roster.cell_missing":  s("The {column} is missing.", "{column} നൽകിയിട്ടില്ല."),
	"roster.cell_too_long": s("The {column} is longer than {max} characters.", "{column} {max} അക്ഷരങ്ങളിൽ കൂടുതലാണ്."),
	"roster.cell_control":  s("The {column} holds a control character.", "{column} കോളത്തിൽ കണ്ണിൽപ്പെടാത്ത ഒരു കൺട്രോൾ ക്യാരക്ടർ ഉണ്ട്; അത് നീക്കം ചെയ്യുക."),
	"roster.cell_formula":  s("The {column} starts with {char}; remove it (a spreadsheet would run it as a formula).", "{column} തുടങ്ങുന്നത് {char} എന്ന ചിഹ്നത്തിലാണ്; അത് ഒഴിവാക്കുക (സ്പ്രെഡ്\u200cഷീറ്റ് അതിനെ ഫോർമുലയായി പ്രവർത്തിപ്പിക്കും)."),
	"roster.bad_email":     s("The email address is not valid.", "ഇമെയിൽ വിലാസം ശരിയല്ല."),
	"roster.bad_semester":  s("The semester must be a whole number from 1 to 8.", "സെമസ്റ്റർ 1 മുതൽ 8 വരെയുള്ള ഒരു പൂർണസംഖ്യയായിരിക്കണം."),
	"roster.bad_apaar":     s("The APAAR id must be 12 digits.", "APAAR ഐഡിയിൽ 12 അക്കങ്ങൾ വേണം."),
	"roster.bad_phone":     s("The phone number must be digits, spaces or hyphens, with an optional leading +.", "ഫോൺ നമ്പറിൽ അക്കങ്ങളും സ്\u200cപേസും ഹൈഫനും മാത്രം മതി; തുടക്കത്തിൽ + ചേർക്കാം."),
	"roster.dup_register":  s("The register number {register_no} is also on row {row}; keep one row per student.", "{register_no} എന്ന രജിസ്റ്റർ നമ്പർ {row}-ാം വരിയിലുമുണ്ട്; ഒരു വിദ്യാർഥിക്ക് ഒരു വരി മതി."),
	"roster.dup_email":     s("The email address is also on row {row}; every student needs their own.", "ഇതേ ഇമെയിൽ വിലാസം {row}-ാം വരിയിലുമുണ്ട്; ഓരോ വിദ്യാർഥിക്കും സ്വന്തം ഇമെയിൽ വിലാസം വേണം."),
	"roster.email_in_use":  s("This student already uses their account with another email address; they change it themselves in their profile.", "ഈ വിദ്യാർഥി മറ്റൊരു ഇമെയിൽ വിലാസത്തിൽ അക്കൗണ്ട് ഉപയോഗിച്ചുതുടങ്ങി; അത് മാറ്റേണ്ടത് വിദ്യാർഥി തന്നെ പ്രൊഫൈലിലാണ്."),
	"roster.email_taken":   s("This email address belongs to another account; use the student's own address.", "ഈ ഇമെയിൽ വിലാസം മറ്റൊരു അക്കൗണ്ടിന്റേതാണ്; വിദ്യാർഥിയുടെ സ്വന്തം വിലാസം നൽകുക."),
	"roster.created":       s("Created and enrolled; the student signs in with a code mailed to {email}.", "അക്കൗണ്ട് സൃഷ്ടിച്ച് എൻറോൾ ചെയ്തു; {email} എന്ന വിലാസത്തിലേക്ക് മെയിൽ ചെയ്യുന്ന കോഡ് ഉപയോഗിച്ച് വിദ്യാർഥിക്ക് സൈൻ ഇൻ ചെയ്യാം."),
	"roster.updated":       s("Updated: {fields}.", "പുതുക്കിയത്: {fields}."),
	"roster.unchanged":     s("Already on the roster as given.", "ഇതേ വിവരങ്ങളോടെ റോസ്റ്ററിൽ ഇതിനകമുണ്ട്; മാറ്റമൊന്നുമില്ല."),
	"roster.row_refused":   s("The row was refused ({reasons}).", "ഈ വരി സ്വീകരിച്ചില്ല ({reasons})."),
	"roster.row_not_saved": s("The row could not be saved; import the file again.", "ഈ വരി സേവ് ചെയ്യാനായില്ല; ഫയൽ വീണ്ടും ഇംപോർട്ട് ചെയ്യുക."),

	// The roster route (internal/users/routes.go).
	"roster.only_coordinator": s("Only the coordinator of this institution can import its roster.", "ഈ കോളേജിന്റെ കോ-ഓർഡിനേറ്റർക്കു മാത്രമേ അതിന്റെ റോസ്റ്റർ ഇംപോർട്ട് ചെയ്യാനാകൂ."),
	"roster.institution":      s("Institution not found.", "കോളേജ് കണ്ടെത്താനായില്ല."),
	"roster.attach":           s("Attach the roster as the form field \"file\".", "റോസ്റ്റർ ഫയൽ \"file\" എന്ന ഫോം ഫീൽഡിൽ ചേർത്ത് അയയ്ക്കുക."),
	"roster.send_csv":         s("Send the roster as a CSV file: the multipart form field \"file\", or a text/csv body.", "റോസ്റ്റർ ഒരു CSV ഫയലായി അയയ്ക്കുക: multipart ഫോമിലെ \"file\" ഫീൽഡിൽ, അല്ലെങ്കിൽ text/csv ബോഡിയായി."),
	"roster.unreadable":       s("The roster could not be read; upload it again.", "റോസ്റ്റർ വായിക്കാനായില്ല; വീണ്ടും അപ്\u200cലോഡ് ചെയ്യുക."),
	"roster.too_large":        s("The roster is larger than 16 MB; split it into smaller files.", "റോസ്റ്റർ 16 MB-യിൽ കൂടുതലാണ്; ചെറിയ ഫയലുകളായി വിഭജിച്ച് അപ്\u200cലോഡ് ചെയ്യുക."),

	// Accounts made by others and the rules of each role (internal/users).
	"users.mentor_own_institution": s("You can create mentors for your own institution only.", "നിങ്ങളുടെ സ്വന്തം കോളേജിലെ മെന്റർമാരെ മാത്രമേ നിങ്ങൾക്ക് ചേർക്കാനാകൂ."),
	"users.org_has_supervisor":     s("This organization already has a supervisor; they add their colleagues themselves.", "ഈ സ്ഥാപനത്തിന് ഇതിനകം ഒരു സൂപ്പർവൈസർ ഉണ്ട്; സഹപ്രവർത്തകരെ അവർ തന്നെ ചേർക്കും."),
	"users.coordinator_creates":    s("Coordinators create mentor and supervisor accounts only.", "കോ-ഓർഡിനേറ്റർമാർക്ക് മെന്റർ, സൂപ്പർവൈസർ അക്കൗണ്ടുകൾ മാത്രമേ സൃഷ്ടിക്കാനാകൂ."),
	"users.supervisor_adds":        s("Supervisors add supervisor accounts of their own organization only.", "സൂപ്പർവൈസർമാർക്ക് സ്വന്തം സ്ഥാപനത്തിലെ സൂപ്പർവൈസർ അക്കൗണ്ടുകൾ മാത്രമേ ചേർക്കാനാകൂ."),
	"users.supervisor_own_org":     s("You can add supervisors of your own organization only.", "നിങ്ങളുടെ സ്വന്തം സ്ഥാപനത്തിലെ സൂപ്പർവൈസർമാരെ മാത്രമേ നിങ്ങൾക്ക് ചേർക്കാനാകൂ."),
	"users.only_staff_create":      s("Only coordinators and supervisors create accounts for others.", "മറ്റുള്ളവർക്കായി അക്കൗണ്ട് സൃഷ്ടിക്കാൻ കോ-ഓർഡിനേറ്റർമാർക്കും സൂപ്പർവൈസർമാർക്കും മാത്രമേ കഴിയൂ."),
	"users.choose_institution":     s("Choose your institution.", "നിങ്ങളുടെ കോളേജ് തിരഞ്ഞെടുക്കുക."),
	"users.enter_register_no":      s("Enter your register number.", "നിങ്ങളുടെ രജിസ്റ്റർ നമ്പർ നൽകുക."),
	"users.enter_semester":         s("Enter your current semester (1 to 8).", "ഇപ്പോൾ പഠിക്കുന്ന സെമസ്റ്റർ നൽകുക (1 മുതൽ 8 വരെ)."),
	"users.student_no_org":         s("Students do not belong to a host organization.", "വിദ്യാർഥികൾ ഒരു ഹോസ്റ്റ് സ്ഥാപനത്തിന്റെയും ഭാഗമല്ല."),
	"users.only_students_enrolled": s("Only students are enrolled.", "വിദ്യാർഥികളെ മാത്രമേ എൻറോൾ ചെയ്യാറുള്ളൂ."),
	"users.mentor_institution":     s("A mentor belongs to an institution; choose it.", "മെന്റർ ഒരു കോളേജിന്റെ ഭാഗമാണ്; ആ കോളേജ് തിരഞ്ഞെടുക്കുക."),
	"users.mentor_no_org":          s("A mentor does not belong to a host organization.", "മെന്റർ ഒരു ഹോസ്റ്റ് സ്ഥാപനത്തിന്റെയും ഭാഗമല്ല."),
	"users.coordinator_institution": s("A coordinator belongs to an institution; choose it.",
		"കോ-ഓർഡിനേറ്റർ ഒരു കോളേജിന്റെ ഭാഗമാണ്; ആ കോളേജ് തിരഞ്ഞെടുക്കുക."),
	"users.coordinator_no_org":   s("A coordinator does not belong to a host organization.", "കോ-ഓർഡിനേറ്റർ ഒരു ഹോസ്റ്റ് സ്ഥാപനത്തിന്റെയും ഭാഗമല്ല."),
	"users.supervisor_org":       s("A supervisor belongs to a host organization; choose it.", "സൂപ്പർവൈസർ ഒരു ഹോസ്റ്റ് സ്ഥാപനത്തിന്റെ ഭാഗമാണ്; ആ സ്ഥാപനം തിരഞ്ഞെടുക്കുക."),
	"users.supervisor_no_inst":   s("A supervisor does not belong to an institution.", "സൂപ്പർവൈസർ ഒരു കോളേജിന്റെയും ഭാഗമല്ല."),
	"hosts.signed_in":            s("You are signed in; host registration is for a new host organisation. Sign out first.", "നിങ്ങൾ ഇപ്പോൾ സൈൻ ഇൻ ചെയ്തിരിക്കുകയാണ്; ഈ രജിസ്ട്രേഷൻ പുതിയ ഹോസ്റ്റ് സ്ഥാപനങ്ങൾക്കുള്ളതാണ്. ആദ്യം സൈൻ ഔട്ട് ചെയ്യുക."),
	"hosts.send_json":            s("Send the registration as JSON: {\"organization\":{name, kind, district, website, gstin, cin}, \"supervisor\":{name, email, password}}.", "രജിസ്ട്രേഷൻ വിവരങ്ങൾ JSON ആയി അയയ്ക്കുക: {\"organization\":{name, kind, district, website, gstin, cin}, \"supervisor\":{name, email, password}}."),
	"hosts.check_organization":   s("Check the organization details: {problem} ({field}).", "സ്ഥാപനത്തിന്റെ വിവരങ്ങൾ പരിശോധിക്കുക: {problem} ({field})."),
	"hosts.check_supervisor":     s("Check the supervisor details: {problem} ({field}).", "സൂപ്പർവൈസറുടെ വിവരങ്ങൾ പരിശോധിക്കുക: {problem} ({field})."),
	"reports.choose_institution": s("Choose the institution: give its id as the institution parameter.", "കോളേജ് തിരഞ്ഞെടുക്കുക: അതിന്റെ id, institution എന്ന പാരാമീറ്ററായി നൽകുക."),
	"reports.unknown_format":     s("Unknown format {format}: choose csv, json or nad.", "{format} എന്ന ഫോർമാറ്റ് അറിയില്ല: csv, json, nad എന്നിവയിൽ ഒന്ന് തിരഞ്ഞെടുക്കുക."),
	"reports.bad_date":           s("Give {field} as a calendar date in the form YYYY-MM-DD, e.g. 2026-06-30.", "{field} ഒരു കലണ്ടർ തീയതിയായി YYYY-MM-DD രൂപത്തിൽ നൽകുക, ഉദാ. 2026-06-30."),
	"reports.range":              s("The to date ({to}) is before the from date ({from}); choose a to date on or after from.", "to തീയതി ({to}) from തീയതിക്ക് ({from}) മുമ്പാണ്; from തീയതിയോ അതിനു ശേഷമുള്ളതോ to ആയി തിരഞ്ഞെടുക്കുക."),
	"reports.only_coordinator":   s("Only the coordinator of an institution can download its credits report.", "കോളേജിന്റെ കോ-ഓർഡിനേറ്റർക്കു മാത്രമേ അതിന്റെ ക്രെഡിറ്റ് റിപ്പോർട്ട് ഡൗൺലോഡ് ചെയ്യാനാകൂ."),
	"reports.own_institution":    s("You can download the credits report of your own institution only.", "നിങ്ങളുടെ സ്വന്തം കോളേജിന്റെ ക്രെഡിറ്റ് റിപ്പോർട്ട് മാത്രമേ ഡൗൺലോഡ് ചെയ്യാനാകൂ."),

	// PocketBase's batch API (POST /api/batch): the failed request's own
	// error is nested in the answer and rendered too (routes.go).
	"batch.failed":         s("Batch transaction failed.", "ബാച്ചിലെ അഭ്യർഥനകൾ പൂർത്തിയാക്കാനായില്ല; ഒന്നും മാറ്റിയിട്ടില്ല."),
	"batch.request_failed": s("Batch request failed.", "ബാച്ചിലെ ഈ അഭ്യർഥന നിരസിച്ചു."),
	"batch.invalid":        s("Invalid batch request data.", "ബാച്ച് അഭ്യർഥനയിലെ വിവരങ്ങൾ ശരിയല്ല."),
	"batch.unreadable":     s("Failed to read the submitted batch data.", "അയച്ച ബാച്ച് വിവരങ്ങൾ വായിക്കാനായില്ല."),
	"batch.not_allowed":    s("Batch requests are not allowed.", "ബാച്ച് അഭ്യർഥനകൾ അനുവദിച്ചിട്ടില്ല."),
}

func init() {
	for k, v := range accountsCatalog {
		if _, dup := catalog[k]; dup {
			panic("i18n: duplicate catalog key " + k)
		}
		catalog[k] = v
	}
}
