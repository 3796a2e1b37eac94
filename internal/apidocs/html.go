package apidocs

import (
	"html/template"
	"strings"
)

var page = template.Must(template.New("docs").Funcs(template.FuncMap{
	"lower": strings.ToLower,
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} API reference</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7fa;color:#111;line-height:1.45}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
h1{margin-top:0}h2{border-bottom:2px solid #d6dae3;padding-bottom:.25rem;margin-top:2.5rem}h3{margin-top:2rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1rem}
th,td{border:1px solid #d6dae3;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef0f5}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;word-break:break-word}
.m{font-weight:700;font-family:ui-monospace,Menlo,Consolas,monospace}
.get{color:#0b5d1e}.post{color:#0b3f8a}.patch{color:#7a4b00}.delete{color:#9b1111}.put{color:#5a2d91}
nav ul{columns:16rem;padding-left:1.2rem}td.p{white-space:nowrap}td.p code{word-break:normal}
pre{background:#fff;border:1px solid #d6dae3;padding:.75rem;overflow-x:auto}.req{font-weight:600}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style></head><body><main>
<h1>{{.Title}} API reference</h1>
<p>Generated from the live schema of this server. The machine-readable OpenAPI 3.1 document is at
<a href="/api/ib/openapi.json"><code>/api/ib/openapi.json</code></a>{{if .ServerURL}}; the server is <code>{{.ServerURL}}</code>{{end}}.
Everything not listed here is PocketBase's superuser-only administration API.</p>

<nav aria-label="Contents"><h2 id="contents">Contents</h2><ul>
<li><a href="#auth">Authentication</a></li><li><a href="#errors">Errors</a></li><li><a href="#lists">Lists, sorting and filters</a></li>
{{range .Collections}}<li><a href="#collection-{{.Name}}">Collection {{.Name}}</a></li>{{end}}
{{range .OtherGroups}}<li><a href="#routes-{{.Name}}">Routes: {{.Name}}</a></li>{{end}}
</ul></nav>

<h2 id="auth">Authentication</h2>
<p>Sign in with <code>POST /api/collections/users/auth-with-password</code> (<code>{"identity": email, "password": …}</code>);
the answer is <code>{"token": …, "record": {…}}</code>. Send the token on every request as
<code>Authorization: Bearer &lt;token&gt;</code> (the <code>Bearer</code> prefix is optional). Refresh it with
<code>POST /api/collections/users/auth-refresh</code>. Superusers sign in the same way on <code>_superusers</code>.</p>

<h2 id="errors">Errors</h2>
<p>Every error has this shape; <code>data</code> names the fields at fault (empty when none):</p>
<pre>{"status": 400, "message": "Applications for this internship are closed.",
 "data": {"internship": {"code": "ib_closed", "message": "Applications for this internship are closed."}}}</pre>
<p>The collections' API rules decide who may list, view, create, update and delete; beyond them, Internbase's workflow
rules refuse a move the caller's role may not make with 403, and bad or out-of-workflow input with 400 and an ib_ code.
A record the caller may not see answers 404 (and is absent from lists). Internbase's own codes:</p>
<table><thead><tr><th scope="col">code</th><th scope="col">when</th></tr></thead><tbody>
{{range .ErrorCodes}}<tr><td><code>{{.Code}}</code></td><td>{{.When}}</td></tr>
{{end}}</tbody></table>
<p>Other codes come from PocketBase's validation, e.g. <code>validation_required</code>.</p>

<h2 id="lists">Lists, sorting and filters</h2>
<p>List endpoints take <code>page</code> (from 1), <code>perPage</code> (default 30, at most 1000), <code>sort</code>
(<code>-created,title</code>), <code>filter</code> (<code>status = 'open' &amp;&amp; apply_by &gt;= @now</code>),
<code>expand</code> (<code>internship.organization</code>), <code>fields</code> and <code>skipTotal</code>, and answer
<code>{"page", "perPage", "totalItems", "totalPages", "items": […]}</code>. Dates are strings like
<code>"2026-07-01 09:30:00.000Z"</code> (UTC); an unset optional text, date, select or relation is <code>""</code>,
an unset number 0. Collections with file fields also accept <code>multipart/form-data</code>.</p>

{{range .Collections}}
<h2 id="collection-{{.Name}}">Collection <code>{{.Name}}</code> <small>({{.Type}})</small></h2>
<table><caption class="visually-hidden">Fields of {{.Name}}</caption>
<thead><tr><th scope="col">field</th><th scope="col">type</th><th scope="col">required</th><th scope="col">values</th></tr></thead><tbody>
{{range .Fields}}<tr><td><code>{{.Name}}</code></td><td>{{.Type}}</td><td>{{if .Required}}<span class="req">yes</span>{{else}}no{{end}}</td><td>{{.Summary}}</td></tr>
{{end}}<tr><td><code>collectionId</code>, <code>collectionName</code></td><td>text</td><td>always</td><td>in every record</td></tr>
</tbody></table>
<h3 id="routes-{{.Name}}">Routes of {{.Name}}</h3>
{{template "routes" .Routes}}
{{end}}

{{range .OtherGroups}}
<h2 id="routes-{{.Name}}">Routes: {{.Name}}</h2>
<p>{{.Description}}</p>
{{template "routes" .Operations}}
{{end}}
</main></body></html>
{{define "routes"}}<table><thead><tr><th scope="col">method</th><th scope="col">path</th><th scope="col">what</th><th scope="col">who</th></tr></thead><tbody>
{{range .}}<tr><td class="m {{lower .Method}}">{{.Method}}</td><td class="p"><code>{{.Path}}</code></td><td>{{.Summary}}</td><td>{{.Access}}</td></tr>
{{end}}</tbody></table>{{end}}`))

// Page renders the HTML reference of r.
func Page(r *Reference) (string, error) {
	var sb strings.Builder
	if err := page.Execute(&sb, r); err != nil {
		return "", err
	}
	return sb.String(), nil
}
