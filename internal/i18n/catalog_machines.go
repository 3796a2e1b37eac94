package i18n

// machinesCatalog is what the status machines answer a caller who may not
// make a move: "Only <who> can <verb>." (internal/status), one whole
// sentence each, because Malayalam puts the verb last and the actor in the
// dative. machines_test.go lists every sentence the machines can build.
var machinesCatalog = map[string]Entry{
	"machine.app_endorse":       s("Only the coordinator of the student's institution can endorse this application.", "വിദ്യാർഥിയുടെ സ്ഥാപനത്തിലെ കോ-ഓർഡിനേറ്റർക്കു മാത്രമേ ഈ അപേക്ഷ ശുപാർശ ചെയ്യാനാകൂ."),
	"machine.app_reject_coord":  s("Only the coordinator of the student's institution can reject this application.", "വിദ്യാർഥിയുടെ സ്ഥാപനത്തിലെ കോ-ഓർഡിനേറ്റർക്കു മാത്രമേ ഈ അപേക്ഷ നിരസിക്കാനാകൂ."),
	"machine.app_offer":         s("Only the host organization's supervisor can make an offer on this application.", "ഹോസ്റ്റ് സ്ഥാപനത്തിലെ സൂപ്പർവൈസർക്കു മാത്രമേ ഈ അപേക്ഷയ്ക്ക് ഓഫർ നൽകാനാകൂ."),
	"machine.app_reject_host":   s("Only the host organization's supervisor can reject this application.", "ഹോസ്റ്റ് സ്ഥാപനത്തിലെ സൂപ്പർവൈസർക്കു മാത്രമേ ഈ അപേക്ഷ നിരസിക്കാനാകൂ."),
	"machine.app_shortlist":     s("Only the host organization's supervisor can shortlist this application.", "ഹോസ്റ്റ് സ്ഥാപനത്തിലെ സൂപ്പർവൈസർക്കു മാത്രമേ ഈ അപേക്ഷ ഷോർട്ട്\u200cലിസ്റ്റ് ചെയ്യാനാകൂ."),
	"machine.app_accept":        s("Only the student who applied can accept this offer.", "അപേക്ഷിച്ച വിദ്യാർഥിക്കു മാത്രമേ ഈ ഓഫർ സ്വീകരിക്കാനാകൂ."),
	"machine.app_decline":       s("Only the student who applied can decline this offer.", "അപേക്ഷിച്ച വിദ്യാർഥിക്കു മാത്രമേ ഈ ഓഫർ വേണ്ടെന്നുവെക്കാനാകൂ."),
	"machine.app_withdraw":      s("Only the student who applied can withdraw this application.", "അപേക്ഷിച്ച വിദ്യാർഥിക്കു മാത്രമേ ഈ അപേക്ഷ പിൻവലിക്കാനാകൂ."),
	"machine.cert_revoke":       s("Only the coordinator of the institution can revoke a certificate.", "സ്ഥാപനത്തിലെ കോ-ഓർഡിനേറ്റർക്കു മാത്രമേ സർട്ടിഫിക്കറ്റ് റദ്ദാക്കാനാകൂ."),
	"machine.eval_submit":       s("Only the placement's supervisor or the placement's mentor can submit this evaluation.", "ഈ പ്ലേസ്\u200cമെന്റിന്റെ സൂപ്പർവൈസർക്കോ മെന്റർക്കോ മാത്രമേ ഈ മൂല്യനിർണയം സമർപ്പിക്കാനാകൂ."),
	"machine.internship_cancel": s("Only a supervisor of the host organization can cancel this internship.", "ഹോസ്റ്റ് സ്ഥാപനത്തിലെ ഒരു സൂപ്പർവൈസർക്കു മാത്രമേ ഈ ഇന്റേൺഷിപ്പ് റദ്ദാക്കാനാകൂ."),
	"machine.internship_close":  s("Only a supervisor of the host organization can close this internship.", "ഹോസ്റ്റ് സ്ഥാപനത്തിലെ ഒരു സൂപ്പർവൈസർക്കു മാത്രമേ ഈ ഇന്റേൺഷിപ്പ് അടയ്ക്കാനാകൂ."),
	"machine.internship_open":   s("Only a supervisor of the host organization can open this internship.", "ഹോസ്റ്റ് സ്ഥാപനത്തിലെ ഒരു സൂപ്പർവൈസർക്കു മാത്രമേ ഈ ഇന്റേൺഷിപ്പ് തുറക്കാനാകൂ."),
	"machine.entry_resend":      s("Only the placement's student can send an entry back for review by editing it.", "പ്ലേസ്\u200cമെന്റിലെ വിദ്യാർഥിക്കു മാത്രമേ എൻട്രി തിരുത്തി വീണ്ടും പരിശോധനയ്ക്ക് അയയ്ക്കാനാകൂ."),
	"machine.entry_approve":     s("Only the placement's supervisor can approve an entry.", "ഈ പ്ലേസ്\u200cമെന്റിന്റെ സൂപ്പർവൈസർക്കു മാത്രമേ എൻട്രി അംഗീകരിക്കാനാകൂ."),
	"machine.entry_reject":      s("Only the placement's supervisor can reject an entry.", "ഈ പ്ലേസ്\u200cമെന്റിന്റെ സൂപ്പർവൈസർക്കു മാത്രമേ എൻട്രി നിരസിക്കാനാകൂ."),
	"machine.placement_stop":    s("Only the coordinator of the student's institution can discontinue a placement.", "വിദ്യാർഥിയുടെ സ്ഥാപനത്തിലെ കോ-ഓർഡിനേറ്റർക്കു മാത്രമേ പ്ലേസ്\u200cമെന്റ് നിർത്തിവെക്കാനാകൂ."),
	"machine.placement_complete": s("Only the placement's mentor or the coordinator of the student's institution can complete a placement.",
		"പ്ലേസ്\u200cമെന്റിന്റെ മെന്റർക്കോ വിദ്യാർഥിയുടെ സ്ഥാപനത്തിലെ കോ-ഓർഡിനേറ്റർക്കോ മാത്രമേ പ്ലേസ്\u200cമെന്റ് പൂർത്തിയാക്കാനാകൂ."),
	"machine.submission_approve": s("Only the reviewer of the task can approve a submission.", "ഈ ടാസ്\u200cക് പരിശോധിക്കേണ്ടയാൾക്കു മാത്രമേ സമർപ്പണം അംഗീകരിക്കാനാകൂ."),
	"machine.submission_revise":  s("Only the reviewer of the task can ask for a revision.", "ഈ ടാസ്\u200cക് പരിശോധിക്കേണ്ടയാൾക്കു മാത്രമേ തിരുത്തൽ ആവശ്യപ്പെടാനാകൂ."),
}

func init() {
	for k, v := range machinesCatalog {
		if _, dup := catalog[k]; dup {
			panic("i18n: duplicate catalog key " + k)
		}
		catalog[k] = v
	}
}
