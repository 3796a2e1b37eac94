package i18n

// workCatalog holds the messages of the work domains — internships,
// placements, evaluations, certificates, courses, regulations,
// organizations, notifications, the audit trail, the live feed — and of
// the request checks of hooks/input.go, in the style of catalog.go.
var workCatalog = map[string]Entry{
	// The audit trail (internal/audit).
	"audit.server_writes": s("Audit events are written by the server.", "ഓഡിറ്റ് രേഖകൾ സെർവർ തനിയെ എഴുതുന്നതാണ്; അവ നേരിട്ട് ചേർക്കാനാവില്ല."),
	"audit.no_delete":     s("Audit events are append-only and are never deleted.", "ഓഡിറ്റ് രേഖകളിൽ പുതിയവ ചേർക്കാൻ മാത്രമേ കഴിയൂ; അവ ഒരിക്കലും നീക്കം ചെയ്യാനാവില്ല."),
	"audit.no_change":     s("Audit events are append-only and are never changed.", "ഓഡിറ്റ് രേഖകളിൽ പുതിയവ ചേർക്കാൻ മാത്രമേ കഴിയൂ; എഴുതിയവ ഒരിക്കലും മാറ്റാനാവില്ല."),

	// Certificates (internal/certificates).
	"certificates.superseded":     s("A certificate is superseded only when it is reissued.", "സർട്ടിഫിക്കറ്റ് വീണ്ടും നൽകുമ്പോൾ മാത്രമേ പഴയത് ‘പുതിയതുകൊണ്ട് മാറ്റിയത്’ എന്ന നിലയിലാകൂ."),
	"certificates.server_issues":  s("Certificates are issued by the server when a placement is completed.", "പ്ലേസ്\u200cമെന്റ് പൂർത്തിയാകുമ്പോൾ സെർവർ തനിയെയാണ് സർട്ടിഫിക്കറ്റ് നൽകുന്നത്."),
	"certificates.no_delete":      s("Certificates are never deleted; revoke it instead.", "സർട്ടിഫിക്കറ്റ് ഒരിക്കലും നീക്കം ചെയ്യാനാവില്ല; പകരം അത് റദ്ദാക്കുക."),
	"certificates.only_revoke":    s("A certificate can only be revoked: set status to revoked with a reason.", "സർട്ടിഫിക്കറ്റ് റദ്ദാക്കാൻ മാത്രമേ കഴിയൂ: നില ‘റദ്ദാക്കിയത്’ (revoked) ആക്കി കാരണം എഴുതുക."),
	"certificates.set_revoked":    s("Set status to revoked to revoke the certificate.", "സർട്ടിഫിക്കറ്റ് റദ്ദാക്കാൻ അതിന്റെ നില ‘റദ്ദാക്കിയത്’ (revoked) ആക്കുക."),
	"certificates.revoke_reason":  s("Give the reason for revoking the certificate.", "സർട്ടിഫിക്കറ്റ് റദ്ദാക്കുന്നതിന്റെ കാരണം എഴുതുക."),
	"certificates.not_found":      s("Certificate not found.", "സർട്ടിഫിക്കറ്റ് കണ്ടെത്താനായില്ല."),
	"certificates.no_font":        s("There is no such font.", "ഇങ്ങനെയൊരു ഫോണ്ട് ഇല്ല."),
	"certificates.alg":            s("Unknown alg: ask for EdDSA (the default) or RS256.", "ഈ alg അറിയില്ല: EdDSA (ഡിഫോൾട്ട്) അല്ലെങ്കിൽ RS256 ആവശ്യപ്പെടുക."),
	"certificates.no_issuer":      s("Issuer not found: no institution has this id; take the issuer id from a credential.", "സർട്ടിഫിക്കറ്റ് നൽകിയ സ്ഥാപനത്തെ (issuer) കണ്ടെത്താനായില്ല: ഈ id ഉള്ള സ്ഥാപനമില്ല; issuer id ഒരു ക്രെഡൻഷ്യലിൽനിന്ന് എടുക്കുക."),
	"certificates.reissue_who":    s("Only the coordinator of the student's institution can reissue a certificate.", "വിദ്യാർഥിയുടെ സ്ഥാപനത്തിലെ കോ-ഓർഡിനേറ്റർക്കു മാത്രമേ സർട്ടിഫിക്കറ്റ് വീണ്ടും നൽകാനാകൂ."),
	"certificates.reissue_valid":  s("Only a valid certificate can be reissued; this one is {status}.", "സാധുവായ സർട്ടിഫിക്കറ്റ് മാത്രമേ വീണ്ടും നൽകാനാകൂ; ഇത് ‘{status}’ എന്ന നിലയിലാണ്."),
	"certificates.list_name":      s("Status list not found: a list is named by its institution's id and its number, as in /api/ib/status/{institution}-1.", "സ്റ്റാറ്റസ് ലിസ്റ്റ് കണ്ടെത്താനായില്ല: സ്ഥാപനത്തിന്റെ id-യും ലിസ്റ്റിന്റെ നമ്പറും ചേർന്നതാണ് ലിസ്റ്റിന്റെ പേര്, ഉദാഹരണത്തിന് /api/ib/status/{institution}-1."),
	"certificates.list_not_found": s("Status list not found.", "സ്റ്റാറ്റസ് ലിസ്റ്റ് കണ്ടെത്താനായില്ല."),

	// Courses (internal/courses).
	"courses.server_completes": s("Course completions are recorded by the server when the last lesson is done.", "അവസാന പാഠം പൂർത്തിയാക്കുമ്പോൾ കോഴ്\u200cസ് പൂർത്തിയാക്കിയത് സെർവർ തനിയെ രേഖപ്പെടുത്തും."),
	"courses.own_institution":  s("You can create courses for your own institution only.", "നിങ്ങളുടെ സ്വന്തം സ്ഥാപനത്തിനുവേണ്ടി മാത്രമേ കോഴ്\u200cസുകൾ സൃഷ്ടിക്കാനാകൂ."),
	"courses.choose_lesson":    s("Choose an existing lesson.", "നിലവിലുള്ള ഒരു പാഠം തിരഞ്ഞെടുക്കുക."),
	"courses.lesson_done":      s("You have already marked this lesson done.", "ഈ പാഠം പൂർത്തിയാക്കിയതായി നിങ്ങൾ നേരത്തേ രേഖപ്പെടുത്തിയിട്ടുണ്ട്."),
	"courses.keep_record":      s("Students have worked through this course, so it stays on their record; unpublish it instead of deleting it.", "വിദ്യാർഥികൾ ഈ കോഴ്\u200cസ് പഠിച്ചിട്ടുള്ളതിനാൽ അത് അവരുടെ രേഖകളിൽ നിലനിൽക്കണം; നീക്കം ചെയ്യുന്നതിനു പകരം അതിന്റെ പ്രസിദ്ധീകരണം പിൻവലിക്കുക (unpublish)."),
	// Phrases of the list of courses a student must still complete.
	"courses.hidden_one":  s("a course your institution has not published for you yet (ask your coordinator)", "നിങ്ങളുടെ സ്ഥാപനം ഇതുവരെ നിങ്ങൾക്കായി പ്രസിദ്ധീകരിച്ചിട്ടില്ലാത്ത ഒരു കോഴ്\u200cസ് (കോ-ഓർഡിനേറ്ററോട് ചോദിക്കുക)"),
	"courses.hidden_many": s("{hidden} courses your institution has not published for you yet (ask your coordinator)", "നിങ്ങളുടെ സ്ഥാപനം ഇതുവരെ നിങ്ങൾക്കായി പ്രസിദ്ധീകരിച്ചിട്ടില്ലാത്ത {hidden} കോഴ്\u200cസുകൾ (കോ-ഓർഡിനേറ്ററോട് ചോദിക്കുക)"),

	// Evaluations (internal/evaluations).
	"evaluations.submitted_locked": s("This evaluation was submitted and can no longer change.", "ഈ മൂല്യനിർണയം സമർപ്പിച്ചു കഴിഞ്ഞു; ഇനി മാറ്റാനാവില്ല."),
	"evaluations.bad_regulation":   s("The evaluation criteria of the student's regulation are malformed; ask the platform team to correct the regulation.", "വിദ്യാർഥിയുടെ ഇന്റേൺഷിപ്പ് ചട്ടങ്ങളിലെ മൂല്യനിർണയ മാനദണ്ഡങ്ങളിൽ പിശകുണ്ട്; ചട്ടങ്ങൾ തിരുത്താൻ പ്ലാറ്റ്\u200cഫോം ടീമിനോട് ആവശ്യപ്പെടുക."),
	"evaluations.choose_kind":      s("Choose a supervisor or a mentor evaluation.", "സൂപ്പർവൈസറുടെ മൂല്യനിർണയമോ മെന്ററുടെ മൂല്യനിർണയമോ തിരഞ്ഞെടുക്കുക."),
	"evaluations.own_kind":         s("You can write only the {role} evaluation of a placement.", "പ്ലേസ്\u200cമെന്റിന്റെ {role} മൂല്യനിർണയം മാത്രമേ നിങ്ങൾക്ക് എഴുതാനാകൂ."),
	"evaluations.own_placement":    s("Only the placement's {role} writes its {role} evaluation.", "ഈ പ്ലേസ്\u200cമെന്റിന്റെ {role} മൂല്യനിർണയം എഴുതാൻ അതിന് നിയോഗിക്കപ്പെട്ടയാൾക്കു മാത്രമേ കഴിയൂ."),
	"evaluations.duplicate":        s("This placement already has a {kind} evaluation; edit that one instead.", "ഈ പ്ലേസ്\u200cമെന്റിന് ഇതിനകം ഒരു {kind} മൂല്യനിർണയമുണ്ട്; പുതിയതിനു പകരം അത് തിരുത്തുക."),
	"evaluations.scores_object":    s(`Give the scores as an object of criterion keys and numbers, like {"{key}": 8}.`, `ഓരോ മാനദണ്ഡത്തിന്റെയും key-യും മാർക്കും ചേർന്ന ഒരു object ആയി മാർക്കുകൾ നൽകുക, ഉദാഹരണത്തിന് {"{key}": 8}.`),
	"evaluations.score_twice":      s("The score for {key} is given twice; give it once.", "{key} എന്നതിന്റെ മാർക്ക് രണ്ടു തവണ നൽകിയിരിക്കുന്നു; ഒരു തവണ മാത്രം നൽകുക."),
	"evaluations.unknown_key":      s("Remove {key}: it is not a criterion of this evaluation.", "{key} ഒഴിവാക്കുക: അത് ഈ മൂല്യനിർണയത്തിന്റെ മാനദണ്ഡങ്ങളിൽ ഇല്ല."),
	"evaluations.score_range":      s("Give {criterion} a score from 0 to {max}.", "{criterion}: 0 മുതൽ {max} വരെയുള്ള മാർക്ക് നൽകുക."),
	"evaluations.score_missing":    s("Give {criterion} a score from 0 to {max}; it is missing.", "{criterion}: 0 മുതൽ {max} വരെയുള്ള മാർക്ക് നൽകുക; ഇതിന് മാർക്ക് നൽകിയിട്ടില്ല."),
	"evaluations.the_student":      s("the student", "വിദ്യാർഥി"),

	// Postings (internal/internships).
	"internships.own_organization":  s("You can post internships for your own organization only.", "നിങ്ങളുടെ സ്വന്തം സ്ഥാപനത്തിനുവേണ്ടി മാത്രമേ ഇന്റേൺഷിപ്പുകൾ പോസ്റ്റ് ചെയ്യാനാകൂ."),
	"internships.new_draft":         s("A new internship starts as a draft; open it once it is ready.", "പുതിയ ഇന്റേൺഷിപ്പ് ഡ്രാഫ്റ്റ് ആയാണ് തുടങ്ങുക; തയ്യാറായിക്കഴിഞ്ഞ് അപേക്ഷകൾക്കായി തുറക്കുക."),
	"internships.dates_locked":      s("The dates of an internship change only while it is a draft; ask a platform administrator to correct them.", "ഇന്റേൺഷിപ്പ് ഡ്രാഫ്റ്റ് ആയിരിക്കുമ്പോൾ മാത്രമേ അതിന്റെ തീയതികൾ മാറ്റാനാകൂ; തിരുത്താൻ പ്ലാറ്റ്\u200cഫോം അഡ്മിനിസ്ട്രേറ്ററോട് ആവശ്യപ്പെടുക."),
	"internships.delete_draft":      s("Only a draft can be deleted; cancel the internship instead.", "ഡ്രാഫ്റ്റ് മാത്രമേ നീക്കം ചെയ്യാനാകൂ; പകരം ഇന്റേൺഷിപ്പ് റദ്ദാക്കുക."),
	"internships.has_applications":  s("This internship has applications; cancel it instead.", "ഈ ഇന്റേൺഷിപ്പിന് അപേക്ഷകൾ ലഭിച്ചിട്ടുണ്ട്; നീക്കം ചെയ്യുന്നതിനു പകരം അത് റദ്ദാക്കുക."),
	"internships.supervisor_of_org": s("Choose a supervisor of the posting's organization.", "ഈ ഇന്റേൺഷിപ്പ് നൽകുന്ന സ്ഥാപനത്തിലെ ഒരു സൂപ്പർവൈസറെ തിരഞ്ഞെടുക്കുക."),
	"internships.end_after_start":   s("The internship must end on or after its start date.", "ഇന്റേൺഷിപ്പ് അവസാനിക്കുന്നത് തുടങ്ങുന്ന ദിവസമോ അതിനു ശേഷമോ ആയിരിക്കണം."),
	"internships.skills_text":       s(`List the skills as text, for example ["Go", "SQL"].`, `സ്കില്ലുകൾ ടെക്സ്റ്റ് ആയി പട്ടികപ്പെടുത്തുക, ഉദാഹരണത്തിന് ["Go", "SQL"].`),
	"internships.skills_max":        s("List at most {max} skills.", "പരമാവധി {max} സ്കില്ലുകൾ മാത്രം ചേർക്കുക."),
	"internships.skill_empty":       s("Remove the empty skill from the list.", "പട്ടികയിലെ ശൂന്യമായ സ്കിൽ ഒഴിവാക്കുക."),
	"internships.skill_length":      s("Keep each skill to at most {max} characters.", "ഓരോ സ്കില്ലും പരമാവധി {max} അക്ഷരങ്ങളിൽ ഒതുക്കുക."),
	"internships.fee_after_draft":   s("A posting that has left draft never takes a fee; set the fee to 0.", "ഡ്രാഫ്റ്റ് ഘട്ടം കഴിഞ്ഞ ഇന്റേൺഷിപ്പിന് ഒരിക്കലും ഫീസ് പാടില്ല; ഫീസ് 0 ആക്കുക."),
	"internships.fee_open":          s("Internships that charge students a fee cannot be opened; set the fee to 0.", "വിദ്യാർഥികളിൽനിന്ന് ഫീസ് വാങ്ങുന്ന ഇന്റേൺഷിപ്പുകൾ തുറക്കാനാവില്ല; ഫീസ് 0 ആക്കുക."),
	"internships.cancel_reason":     s("Give the reason for cancelling the internship.", "ഇന്റേൺഷിപ്പ് റദ്ദാക്കുന്നതിന്റെ കാരണം എഴുതുക."),
	"internships.has_placements":    s("This internship already has placements and cannot be cancelled.", "ഈ ഇന്റേൺഷിപ്പിൽ ഇതിനകം പ്ലേസ്\u200cമെന്റുകൾ ഉള്ളതിനാൽ റദ്ദാക്കാനാവില്ല."),
	"internships.unverified":        s("Your organization is not verified yet, so its postings cannot open; a college coordinator verifies new hosts (save this one as a draft until then).", "നിങ്ങളുടെ സ്ഥാപനം ഇതുവരെ വെരിഫൈ ചെയ്തിട്ടില്ലാത്തതിനാൽ അതിന്റെ ഇന്റേൺഷിപ്പുകൾ തുറക്കാനാവില്ല; പുതിയ സ്ഥാപനങ്ങളെ കോളേജ് കോ-ഓർഡിനേറ്ററാണ് വെരിഫൈ ചെയ്യുന്നത് (അതുവരെ ഇത് ഡ്രാഫ്റ്റ് ആയി സേവ് ചെയ്യുക)."),
	"internships.deadline_passed":   s("The application deadline has passed; choose a date from today on.", "അപേക്ഷിക്കാനുള്ള അവസാന തീയതി കഴിഞ്ഞു; ഇന്നോ അതിനു ശേഷമോ ഉള്ള ഒരു തീയതി തിരഞ്ഞെടുക്കുക."),
	"internships.deadline_start":    s("The application deadline must be on or before the start date.", "അപേക്ഷിക്കാനുള്ള അവസാന തീയതി ഇന്റേൺഷിപ്പ് തുടങ്ങുന്ന ദിവസമോ അതിനു മുമ്പോ ആയിരിക്കണം."),
	"internships.required_course":   s("This course is a required course of the internship “{title}”; remove it there before deleting the course.", "ഈ കോഴ്\u200cസ് “{title}” ഇന്റേൺഷിപ്പിന് നിർബന്ധമുള്ളതാണ്; കോഴ്\u200cസ് നീക്കം ചെയ്യുന്നതിനു മുമ്പ് ആ ഇന്റേൺഷിപ്പിൽനിന്ന് അത് ഒഴിവാക്കുക."),
	"internships.course_admissible": s("Require only published courses every student of the posting can take: courses for all institutions, or, when the posting is limited to one institution, that institution's courses ({id} is not one).", "ഈ ഇന്റേൺഷിപ്പിന് അപേക്ഷിക്കാവുന്ന എല്ലാ വിദ്യാർഥികൾക്കും എടുക്കാവുന്ന, പ്രസിദ്ധീകരിച്ച കോഴ്\u200cസുകൾ മാത്രം നിർബന്ധമാക്കുക: എല്ലാ സ്ഥാപനങ്ങൾക്കുമുള്ള കോഴ്\u200cസുകൾ, അല്ലെങ്കിൽ ഇന്റേൺഷിപ്പ് ഒരു സ്ഥാപനത്തിനു മാത്രമുള്ളതാണെങ്കിൽ ആ സ്ഥാപനത്തിന്റെ കോഴ്\u200cസുകൾ ({id} അങ്ങനെയുള്ളതല്ല)."),

	// The live feed (internal/livefeed), as PocketBase's realtime says it.
	"livefeed.sse_failed":     s("Failed to initialize SSE connection.", "തത്സമയ അപ്\u200cഡേറ്റുകൾക്കുള്ള (SSE) കണക്ഷൻ തുടങ്ങാനായില്ല."),
	"livefeed.client_id":      s("Missing or invalid client id.", "client id നൽകിയിട്ടില്ല, അല്ലെങ്കിൽ അത് ശരിയല്ല."),
	"livefeed.invalid_client": s("Invalid realtime client.", "ഈ realtime ക്ലയന്റ് സാധുവല്ല."),
	"livefeed.auth_mismatch":  s("The current and the previous request authorization don't match.", "ഇപ്പോഴത്തെയും മുമ്പത്തെയും അഭ്യർഥനകളിലെ സൈൻ ഇൻ വിവരങ്ങൾ പൊരുത്തപ്പെടുന്നില്ല."),

	// Notifications (internal/notifications).
	"notifications.server_creates": s("Notifications are created by the server.", "അറിയിപ്പുകൾ സെർവർ തനിയെ സൃഷ്ടിക്കുന്നതാണ്; അവ നേരിട്ട് ചേർക്കാനാവില്ല."),

	// Host organizations (internal/organizations).
	"organizations.gstin_format": s("Enter the 15-character GSTIN in capitals, as on the GST certificate (for example 32ABCDE1234F1Z5).", "GST സർട്ടിഫിക്കറ്റിലുള്ളതുപോലെ 15 അക്ഷരങ്ങളുള്ള GSTIN ക്യാപിറ്റൽ അക്ഷരങ്ങളിൽ നൽകുക (ഉദാഹരണത്തിന് 32ABCDE1234F1Z5)."),
	"organizations.gstin_check":  s("This GSTIN's last character does not match the rest; check it for a typing mistake.", "ഈ GSTIN-ന്റെ അവസാന അക്ഷരം ബാക്കിയുള്ളവയുമായി പൊരുത്തപ്പെടുന്നില്ല; ടൈപ്പ് ചെയ്തതിൽ തെറ്റുണ്ടോ എന്ന് പരിശോധിക്കുക."),
	"organizations.cin_format":   s("Enter the 21-character CIN in capitals, as on the certificate of incorporation (for example U72200KL2019PTC012345).", "സർട്ടിഫിക്കറ്റ് ഓഫ് ഇൻകോർപ്പറേഷനിലുള്ളതുപോലെ 21 അക്ഷരങ്ങളുള്ള CIN ക്യാപിറ്റൽ അക്ഷരങ്ങളിൽ നൽകുക (ഉദാഹരണത്തിന് U72200KL2019PTC012345)."),

	// Placements (internal/placements).
	"placements.issue_failed":   s("The certificate could not be issued, so the placement was not completed; try again later.", "സർട്ടിഫിക്കറ്റ് നൽകാനാകാത്തതിനാൽ പ്ലേസ്\u200cമെന്റ് പൂർത്തിയാക്കിയില്ല; അൽപസമയം കഴിഞ്ഞ് വീണ്ടും ശ്രമിക്കുക."),
	"placements.server_creates": s("Placements are created by the server when a student accepts an offer.", "വിദ്യാർഥി ഓഫർ സ്വീകരിക്കുമ്പോൾ സെർവർ തനിയെയാണ് പ്ലേസ്\u200cമെന്റ് സൃഷ്ടിക്കുന്നത്."),
	"placements.can_complete":   s("The placement can be completed.", "ഈ പ്ലേസ്\u200cമെന്റ് പൂർത്തിയാക്കാം."),
	"placements.the_student":    s("The student", "വിദ്യാർഥി"),
	// Phrases of what a placement still lacks ("Still missing: …").
	"placements.missing_hours":      s("{approved} of {min} approved hours", "അംഗീകരിച്ച മണിക്കൂർ ({min}-ൽ {approved} മാത്രം)"),
	"placements.missing_task":       s(`an approved submission for task "{task}"`, "\"{task}\" ടാസ്\u200cകിന് അംഗീകരിച്ച ഒരു സമർപ്പണം"),
	"placements.missing_supervisor": s("the supervisor's evaluation", "സൂപ്പർവൈസറുടെ മൂല്യനിർണയം"),
	"placements.missing_mentor":     s("the mentor's evaluation", "മെന്ററുടെ മൂല്യനിർണയം"),

	// Regulations (internal/regulations).
	"regulations.correct":          s("Correct this value.", "ഈ മൂല്യം തിരുത്തുക."),
	"regulations.one_criterion":    s("Add at least one evaluation criterion.", "കുറഞ്ഞത് ഒരു മൂല്യനിർണയ മാനദണ്ഡമെങ്കിലും ചേർക്കുക."),
	"regulations.criterion_key":    s("Give criterion {row} a key of lowercase letters, digits and underscores.", "{row}-ാം മാനദണ്ഡത്തിന് ചെറിയ ഇംഗ്ലീഷ് അക്ഷരങ്ങളും അക്കങ്ങളും അണ്ടർസ്കോറും (_) മാത്രമുള്ള ഒരു key നൽകുക."),
	"regulations.criterion_repeat": s("Criterion {row} repeats the key {key}; give each criterion its own key.", "{row}-ാം മാനദണ്ഡത്തിൽ {key} എന്ന key ആവർത്തിക്കുന്നു; ഓരോ മാനദണ്ഡത്തിനും വേറിട്ട key നൽകുക."),
	"regulations.criterion_max":    s("Give criterion {key} a maximum score above 0.", "{key} എന്ന മാനദണ്ഡത്തിന് 0-നു മുകളിലുള്ള പരമാവധി മാർക്ക് നൽകുക."),
	"regulations.one_grade":        s("Add at least one grade to the grade scale.", "ഗ്രേഡ് സ്കെയിലിൽ കുറഞ്ഞത് ഒരു ഗ്രേഡെങ്കിലും ചേർക്കുക."),
	"regulations.row_grade":        s("Give row {row} of the grade scale a grade.", "ഗ്രേഡ് സ്കെയിലിലെ {row}-ാം വരിക്ക് ഒരു ഗ്രേഡ് നൽകുക."),
	"regulations.row_repeat":       s("Row {row} of the grade scale repeats the grade {grade}; give each row its own grade.", "ഗ്രേഡ് സ്കെയിലിലെ {row}-ാം വരിയിൽ {grade} എന്ന ഗ്രേഡ് ആവർത്തിക്കുന്നു; ഓരോ വരിക്കും വേറിട്ട ഗ്രേഡ് നൽകുക."),
	"regulations.grade_min":        s("Give grade {grade} a minimum percent from 0 to 100.", "{grade} ഗ്രേഡിന് 0 മുതൽ 100 വരെയുള്ള ഒരു കുറഞ്ഞ ശതമാനം നൽകുക."),
	"regulations.grade_point":      s("Give grade {grade} a grade point of 0 or more.", "{grade} ഗ്രേഡിന് 0 അല്ലെങ്കിൽ അതിൽ കൂടുതലുള്ള ഗ്രേഡ് പോയിന്റ് നൽകുക."),
	"regulations.scale_order":      s("List the grade scale highest minimum first, each grade with a different minimum.", "കുറഞ്ഞ ശതമാനം ഏറ്റവും ഉയർന്ന ഗ്രേഡ് ആദ്യം വരുന്ന ക്രമത്തിൽ ഗ്രേഡ് സ്കെയിൽ നൽകുക; ഓരോ ഗ്രേഡിന്റെയും കുറഞ്ഞ ശതമാനം വ്യത്യസ്തമായിരിക്കണം."),
	"regulations.scale_zero":       s("End the grade scale with a grade whose minimum is 0, so that every percent has a grade.", "ഏതു ശതമാനത്തിനും ഒരു ഗ്രേഡ് ഉണ്ടാകാൻ, കുറഞ്ഞ ശതമാനം 0 ആയ ഒരു ഗ്രേഡിൽ ഗ്രേഡ് സ്കെയിൽ അവസാനിപ്പിക്കുക."),
	"regulations.semesters":        s("Give a last semester no earlier than the first semester (semester_min).", "അവസാന സെമസ്റ്റർ ആദ്യ സെമസ്റ്ററോ (semester_min) അതിനു ശേഷമുള്ളതോ ആയിരിക്കണം."),
	"regulations.criteria_json":    s(`Give the criteria as a list of {"key", "label", "max"} objects.`, `മാനദണ്ഡങ്ങൾ {"key", "label", "max"} എന്ന രൂപത്തിലുള്ള objects-ന്റെ ഒരു പട്ടികയായി നൽകുക.`),
	"regulations.scale_json":       s(`Give the grade scale as a list of {"min", "grade", "point"} objects.`, `ഗ്രേഡ് സ്കെയിൽ {"min", "grade", "point"} എന്ന രൂപത്തിലുള്ള objects-ന്റെ ഒരു പട്ടികയായി നൽകുക.`),
	"regulations.hours_per_credit": s("Give the hours per credit a value above 0.", "ഒരു ക്രെഡിറ്റിനുള്ള മണിക്കൂർ 0-നു മുകളിലുള്ള ഒരു സംഖ്യയായി നൽകുക."),
	"regulations.credits":          s("Give the credits a value above 0.", "ക്രെഡിറ്റ് 0-നു മുകളിലുള്ള ഒരു സംഖ്യയായി നൽകുക."),
	"regulations.min_hours":        s("Give the minimum hours a value above 0.", "കുറഞ്ഞ മണിക്കൂർ 0-നു മുകളിലുള്ള ഒരു സംഖ്യയായി നൽകുക."),
	"regulations.max_marks":        s("Give the maximum marks a value above 0.", "പരമാവധി മാർക്ക് 0-നു മുകളിലുള്ള ഒരു സംഖ്യയായി നൽകുക."),
	"regulations.pass_percent":     s("Give the pass percent a value from 0 to 100.", "പാസ് ശതമാനം 0 മുതൽ 100 വരെയുള്ള ഒരു സംഖ്യയായി നൽകുക."),
	"regulations.supervisor_share": s("Give the supervisor's weight a value from 0 to 100.", "സൂപ്പർവൈസറുടെ മൂല്യനിർണയത്തിന്റെ വെയ്റ്റേജ് 0 മുതൽ 100 വരെയുള്ള ഒരു സംഖ്യയായി നൽകുക."),

	// The request checks of hooks/input.go.
	"request.unreadable":     s("Failed to read the request body.", "അഭ്യർഥനയുടെ ഉള്ളടക്കം (request body) വായിക്കാനായില്ല."),
	"request.key_twice":      s("The request body gives a key twice; give each key once.", "അഭ്യർഥനയിൽ ഒരു key രണ്ടു തവണ നൽകിയിരിക്കുന്നു; ഓരോ key-യും ഒരു തവണ മാത്രം നൽകുക."),
	"request.named_twice":    s("The request body gives {key} twice; give each key once.", "അഭ്യർഥനയിൽ {key} രണ്ടു തവണ നൽകിയിരിക്കുന്നു; ഓരോ key-യും ഒരു തവണ മാത്രം നൽകുക."),
	"request.named_twice_in": s("The request body gives {key} twice in {path}; give each key once.", "അഭ്യർഥനയിൽ {path}-നുള്ളിൽ {key} രണ്ടു തവണ നൽകിയിരിക്കുന്നു; ഓരോ key-യും ഒരു തവണ മാത്രം നൽകുക."),
	"request.not_utf8":       s("The request body is not valid UTF-8 text; send JSON encoded as UTF-8, without lone surrogates.", "അഭ്യർഥനയിലെ ടെക്സ്റ്റ് സാധുവായ UTF-8 അല്ല; lone surrogates ഇല്ലാതെ, UTF-8 ആയി എൻകോഡ് ചെയ്ത JSON അയയ്ക്കുക."),
	"request.not_utf8_in":    s("The request body is not valid UTF-8 text (in {path}); send JSON encoded as UTF-8, without lone surrogates.", "അഭ്യർഥനയിലെ ടെക്സ്റ്റ് ({path}-ൽ) സാധുവായ UTF-8 അല്ല; lone surrogates ഇല്ലാതെ, UTF-8 ആയി എൻകോഡ് ചെയ്ത JSON അയയ്ക്കുക."),
	"request.form_value":     s("The value of {field} is not valid UTF-8 text; send the form encoded as UTF-8.", "{field} എന്ന ഫീൽഡിലെ മൂല്യം സാധുവായ UTF-8 ടെക്സ്റ്റ് അല്ല; ഫോം UTF-8 ആയി എൻകോഡ് ചെയ്ത് അയയ്ക്കുക."),
	"request.form_value_any": s("The value of a field is not valid UTF-8 text; send the form encoded as UTF-8.", "ഒരു ഫീൽഡിലെ മൂല്യം സാധുവായ UTF-8 ടെക്സ്റ്റ് അല്ല; ഫോം UTF-8 ആയി എൻകോഡ് ചെയ്ത് അയയ്ക്കുക."),
	"request.file_name":      s("The name of the file uploaded as {field} is not valid UTF-8 text; rename the file and upload it again.", "{field} എന്ന ഫീൽഡിൽ അപ്\u200cലോഡ് ചെയ്ത ഫയലിന്റെ പേര് സാധുവായ UTF-8 ടെക്സ്റ്റ് അല്ല; ഫയലിന്റെ പേര് മാറ്റി വീണ്ടും അപ്\u200cലോഡ് ചെയ്യുക."),
	"request.file_name_any":  s("The name of the file uploaded as a field is not valid UTF-8 text; rename the file and upload it again.", "ഒരു ഫീൽഡിൽ അപ്\u200cലോഡ് ചെയ്ത ഫയലിന്റെ പേര് സാധുവായ UTF-8 ടെക്സ്റ്റ് അല്ല; ഫയലിന്റെ പേര് മാറ്റി വീണ്ടും അപ്\u200cലോഡ് ചെയ്യുക."),
}

func init() {
	for k, v := range workCatalog {
		if _, dup := catalog[k]; dup {
			panic("i18n: duplicate catalog key " + k)
		}
		catalog[k] = v
	}
}
