package digilocker

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/internbase/internbase/internal/certificates"
	"github.com/internbase/internbase/internal/clock"
	"github.com/internbase/internbase/internal/institutions"
)

// Response status values of the specification.
const (
	statusSuccess = "1"
	statusError   = "0"
)

type responseStatus struct {
	Status string `xml:"Status,attr"`
	TS     string `xml:"ts,attr"`
	Txn    string `xml:"txn,attr"`
	Text   string `xml:",chardata"`
}

type person struct {
	Name string `xml:"name,attr"`
}

// issuedTo is a separate element so that omitempty can leave it out:
// encoding/xml writes the parents of an "a>b>c,omitempty" path even when
// the slice is empty.
type issuedTo struct {
	Persons []person `xml:"Persons>Person"`
}

type responseDetails struct {
	DocType      string    `xml:"DocType,omitempty"`
	DigiLockerID string    `xml:"DigiLockerId,omitempty"`
	UID          string    `xml:"UID,omitempty"`
	FullName     string    `xml:"FullName,omitempty"`
	DOB          string    `xml:"DOB,omitempty"`
	UDF1         string    `xml:"UDF1,omitempty"`
	UDF2         string    `xml:"UDF2,omitempty"`
	IssuedTo     *issuedTo `xml:"IssuedTo,omitempty"`
	URI          string    `xml:"URI,omitempty"`
	DocContent   string    `xml:"DocContent,omitempty"`
	DataContent  string    `xml:"DataContent,omitempty"`
}

type response struct {
	XMLName        xml.Name
	NS             string           `xml:"xmlns:ns2,attr"`
	ResponseStatus responseStatus   `xml:"ResponseStatus"`
	DocDetails     *responseDetails `xml:"DocDetails,omitempty"`
}

func pullURI(e *core.RequestEvent) error {
	return serve(e, PullURIRequest, "PullURIResponse", findByParameters)
}

func pullDoc(e *core.RequestEvent) error {
	return serve(e, PullDocRequest, "PullDocResponse", findByURI)
}

// finder finds the certificate a request asks for, or nil; details are
// the response's document details so far.
type finder func(app core.App, c Config, r *Request, details *responseDetails) (*core.Record, error)

// serve answers one request: 404 unconfigured, 401 without a valid
// x-digilocker-hmac or with a stale timestamp, 400 for anything but the
// specification's XML; otherwise 200 with Status 1 and the document, or
// Status 0 when there is no valid certificate to serve.
func serve(e *core.RequestEvent, root, answer string, find finder) error {
	cfg := ConfigOf(e.App)
	if !cfg.Enabled() {
		return apis.NewNotFoundError("", nil)
	}
	refuse := func(status int, ts, txn string, err error) error {
		return write(e, status, &response{XMLName: xml.Name{Local: answer},
			ResponseStatus: responseStatus{Status: statusError, TS: ts, Txn: txn, Text: sentence(err)}})
	}
	body, err := io.ReadAll(io.LimitReader(e.Request.Body, MaxBody+1))
	if err != nil {
		return refuse(http.StatusBadRequest, "", "", ErrMalformed)
	}
	if len(body) > MaxBody {
		return refuse(http.StatusRequestEntityTooLarge, "", "", errors.New("the request body is too large"))
	}
	if err := CheckHMAC(cfg.APIKey, body, e.Request.Header.Get(HMACHeader)); err != nil {
		return refuse(http.StatusUnauthorized, "", "", err)
	}
	req, err := ParseRequest(body, root)
	if err != nil {
		return refuse(http.StatusBadRequest, "", "", ErrMalformed)
	}
	if err := CheckTimestamp(req.TS, clock.Now(e.App)); err != nil {
		return refuse(http.StatusUnauthorized, req.TS, req.Txn, err)
	}
	d := req.DocDetails
	details := &responseDetails{DocType: d.DocType, DigiLockerID: d.DigiLockerID, UID: d.UID, FullName: d.FullName,
		DOB: d.DOB, UDF1: d.UDF1, UDF2: d.UDF2}
	res := &response{XMLName: xml.Name{Local: answer},
		ResponseStatus: responseStatus{Status: statusError, TS: req.TS, Txn: req.Txn, Text: statusError}, DocDetails: details}
	c, err := find(e.App, cfg, req, details)
	if err != nil {
		return err
	}
	if c == nil || !certificates.IsValid(c) {
		return write(e, http.StatusOK, res)
	}
	data, err := DataContent(c)
	if err != nil {
		return err
	}
	details.URI = URI(cfg, c.GetString("number"))
	details.DataContent = base64.StdEncoding.EncodeToString(data)
	if req.WantsPDF() {
		pdf, err := certificates.PDF(e.App, c)
		if err != nil {
			return err
		}
		details.DocContent = base64.StdEncoding.EncodeToString(pdf)
	}
	res.ResponseStatus.Status, res.ResponseStatus.Text = statusSuccess, statusSuccess
	return write(e, http.StatusOK, res)
}

// findByParameters is the Pull URI search: UDF1 the register number, UDF2
// the institution code, FullName the name DigiLocker holds for its user,
// which must be the name on the certificate (the specification's name
// matching; Internbase keeps no date of birth to match too).
func findByParameters(app core.App, cfg Config, r *Request, details *responseDetails) (*core.Record, error) {
	d := r.DocDetails
	regNo, code := strings.TrimSpace(d.UDF1), strings.TrimSpace(d.UDF2)
	if strings.TrimSpace(d.DocType) != cfg.DocType || regNo == "" || code == "" || strings.TrimSpace(d.FullName) == "" {
		return nil, nil
	}
	inst, err := institutions.FindByCode(app, code)
	if err != nil {
		return nil, nil
	}
	certs, err := certificates.ValidOf(app, inst.Id, regNo)
	if err != nil || len(certs) == 0 {
		return nil, err
	}
	c := certs[0]
	p, err := certificates.PayloadOf(c)
	if err != nil {
		return nil, err
	}
	if !SameName(d.FullName, p.StudentName) {
		return nil, nil
	}
	details.IssuedTo = &issuedTo{Persons: []person{{Name: p.StudentName}}}
	return c, nil
}

// findByURI is the Pull Doc lookup.
func findByURI(app core.App, cfg Config, r *Request, details *responseDetails) (*core.Record, error) {
	details.URI = r.DocDetails.URI
	number, ok := NumberOf(cfg, r.DocDetails.URI)
	if !ok {
		return nil, nil
	}
	c, err := certificates.ByNumber(app, number)
	if err != nil {
		return nil, nil
	}
	return c, nil
}

func write(e *core.RequestEvent, status int, r *response) error {
	r.NS = "http://tempuri.org/"
	b, err := xml.Marshal(r)
	if err != nil {
		return err
	}
	return e.Blob(status, "application/xml; charset=utf-8",
		append([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"), b...))
}

// Certificate is the DataContent of a document: the certificate's facts as
// XML, as schema/datacontent.xsd describes them.
type Certificate struct {
	XMLName  xml.Name `xml:"Certificate"`
	Number   string   `xml:"number,attr"`
	IssuedAt string   `xml:"issuedAt,attr"`
	IssuedBy struct {
		Organization struct {
			Name string `xml:"name,attr"`
		} `xml:"Organization"`
	} `xml:"IssuedBy"`
	IssuedTo struct {
		Person struct {
			Name       string `xml:"name,attr"`
			RegisterNo string `xml:"registerNo,attr"`
		} `xml:"Person"`
	} `xml:"IssuedTo"`
	Internship Internship `xml:"CertificateData>Internship"`
}

// Internship is what a certificate certifies.
type Internship struct {
	Organization string `xml:"organization,attr"`
	Title        string `xml:"title,attr"`
	StartsOn     string `xml:"startsOn,attr"`
	EndsOn       string `xml:"endsOn,attr"`
	Hours        string `xml:"hours,attr"`
	Credits      string `xml:"credits,attr"`
	Marks        string `xml:"marks,attr"`
	MaxMarks     string `xml:"maxMarks,attr"`
	Grade        string `xml:"grade,attr"`
}

// DataContent is the XML of a certificate's facts.
func DataContent(c *core.Record) ([]byte, error) {
	p, err := certificates.PayloadOf(c)
	if err != nil {
		return nil, err
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	x := Certificate{Number: p.Number, IssuedAt: p.IssuedAt.UTC().Format(time.RFC3339),
		Internship: Internship{Organization: p.OrganizationName, Title: p.Title, StartsOn: p.StartsOn.Format(time.DateOnly),
			EndsOn: p.EndsOn.Format(time.DateOnly), Hours: num(p.Hours), Credits: num(p.Credits), Marks: num(p.Marks),
			MaxMarks: num(p.MaxMarks), Grade: p.Grade}}
	x.IssuedBy.Organization.Name = p.InstitutionName
	x.IssuedTo.Person.Name, x.IssuedTo.Person.RegisterNo = p.StudentName, p.RegisterNo
	b, err := xml.Marshal(x)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), b...), nil
}

// sentence is an error as the sentence a refusal carries: capital first,
// full stop at the end ("The x-digilocker-hmac header is missing.").
func sentence(err error) string {
	msg := err.Error()
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
