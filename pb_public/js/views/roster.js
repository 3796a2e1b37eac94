// The coordinator's roster import (DESIGN.md §11): a CSV of the college's
// students, checked first (dry run) and then imported, with the server's
// per-row report as totals, a table (errors first, filterable) and a CSV to
// fix and upload again.
import { pb, me, onSubmit, downloadURL, ClientResponseError } from '../api.js';
import { h, field, alertBox, replace, nextId } from '../dom.js';
import { t } from '../i18n.js';

const COLUMNS = 'register_no, name, email, program, semester, apaar_id, phone';
const RESULTS = ['error', 'created', 'updated', 'unchanged'];
// A big roster (10,000 rows) is summed up in full but not drawn in full:
// the downloaded report has every row.
const SHOWN_MAX = 200;

/** The roster route of the signed-in coordinator's institution. */
function rosterPath(query) {
  const qs = new URLSearchParams(query);
  const s = qs.toString();
  return `/api/ib/institutions/${encodeURIComponent(me().institution)}/roster${s ? `?${s}` : ''}`;
}

/** The file as multipart form data, field `file`. */
function formOf(file) {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return fd;
}

/** Errors first, then in file order. */
function ordered(rows) {
  const rank = (r) => (r.result === 'error' ? 0 : 1);
  return [...rows].sort((a, b) => rank(a) - rank(b) || Number(a.row) - Number(b.row));
}

/** "students.csv" → "students-report.csv" (or "-check-report" for a dry run). */
function reportName(file, dryRun) {
  const base = String(file.name || 'roster').replace(/\.[^.]*$/, '') || 'roster';
  return `${base}-${dryRun ? 'check-report' : 'report'}.csv`;
}

export async function rosterView(ctx) {
  const inst = me().expand?.institution;
  const alert = alertBox();
  const result = h('div', { 'data-testid': 'roster-result' });
  const busy = h('p', { class: 'summary', role: 'status', 'data-testid': 'roster-busy' });
  const fileField = field({ label: t('roster.csvFile'), name: 'file', type: 'file', required: true, testid: 'roster-file',
    hint: t('roster.csvHint', { columns: COLUMNS }),
    attrs: { accept: '.csv,text/csv' } });
  const form = h('form', { class: 'card form', 'data-testid': 'roster-form', 'aria-labelledby': 'roster-form-h' },
    h('h2', { id: 'roster-form-h' }, t('roster.upload')),
    alert, fileField,
    h('p', { class: 'hint' }, t('roster.howItWorks')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn', value: 'check', 'data-testid': 'roster-check' }, t('roster.check')),
      h('button', { type: 'submit', class: 'btn btn-primary', value: 'import', 'data-testid': 'roster-import' }, t('roster.import'))));

  onSubmit(form, async (data, submitter) => {
    const file = data.get('file');
    if (!(file instanceof File) || !file.size) {
      throw new ClientResponseError({ status: 400, response: { message: t('roster.chooseFile'),
        data: { file: { code: 'validation_required', message: t('roster.chooseFileField') } } } });
    }
    const dryRun = submitter?.value !== 'import';
    busy.textContent = dryRun ? t('roster.checking', { file: file.name }) : t('roster.importing', { file: file.name });
    replace(result);
    let report;
    try {
      report = await pb.send(rosterPath(dryRun ? { dry_run: '1' } : {}), { method: 'POST', body: formOf(file) });
    } catch (err) {
      busy.textContent = '';
      if (err?.status === 404) throw new Error(t('roster.notAvailable'));
      throw err;
    }
    busy.textContent = '';
    replace(result, reportSection(ctx, report, file, dryRun));
    const n = totals(report);
    ctx.announce(dryRun ? t('roster.checkDone', n) : t('roster.importDone', n));
    result.querySelector('h2')?.focus();
  });

  ctx.mount(
    h('h1', {}, t('roster.title')),
    h('p', {}, t('roster.lead', { college: inst?.name || t('roster.yourCollege') })),
    h('p', {}, h('code', {}, COLUMNS)),
    h('p', { class: 'hint' }, t('roster.needed')),
    form, busy, result,
  );
}

/** The caption of the report's table, for the rows shown. */
function caption(which, file) {
  if (which === 'error') return t('roster.captionError', { file });
  if (which === 'created') return t('roster.captionCreated', { file });
  if (which === 'updated') return t('roster.captionUpdated', { file });
  if (which === 'unchanged') return t('roster.captionUnchanged', { file });
  return t('roster.captionAll', { file });
}

/** A row's result as people read it ("to create" in a check). */
function resultLabel(result, dryRun) {
  if (result === 'created') return dryRun ? t('roster.toCreate') : t('roster.created');
  if (result === 'updated') return dryRun ? t('roster.toUpdate') : t('roster.updated');
  if (result === 'unchanged') return t('roster.unchanged');
  if (result === 'error') return t('roster.resultError');
  return result;
}

function onlyLabel(result) {
  return { error: t('roster.errorsOnly'), created: t('roster.createdOnly'), updated: t('roster.updatedOnly'),
    unchanged: t('roster.unchangedOnly') }[result] || result;
}

function totals(report) {
  const n = (k) => Number(report?.[k] || 0);
  return { created: n('created'), updated: n('updated'), unchanged: n('unchanged'), errors: n('errors') };
}

function reportSection(ctx, report, file, dryRun) {
  const n = totals(report);
  const rows = ordered(Array.isArray(report?.rows) ? report.rows : []);
  const hid = nextId('roster-report');
  const dAlert = alertBox();

  const counts = h('ul', { class: 'totals', 'data-testid': 'roster-totals' },
    [[dryRun ? t('roster.toCreate') : t('roster.created'), n.created, 'created'],
      [dryRun ? t('roster.toUpdate') : t('roster.updated'), n.updated, 'updated'],
      [t('roster.unchanged'), n.unchanged, 'unchanged'], [t('roster.errors', { count: n.errors }), n.errors, 'errors']]
      .map(([label, k, key]) => h('li', { class: key === 'errors' && k ? 'total total-bad' : 'total' },
        h('strong', { 'data-testid': `roster-${key}` }, String(k)), ` ${label}`)));

  const download = h('button', { type: 'button', class: 'btn', 'data-testid': 'roster-download' }, t('roster.downloadReport'));
  download.addEventListener('click', async () => {
    if (download.getAttribute('aria-disabled') === 'true') return;
    download.setAttribute('aria-disabled', 'true');
    dAlert.replaceChildren();
    try {
      const q = { format: 'csv' };
      if (dryRun) q.dry_run = '1';
      await downloadURL(pb.buildURL(rosterPath(q)), reportName(file, dryRun),
        { Authorization: pb.authStore.token }, { method: 'POST', body: formOf(file) });
      ctx.announce(t('roster.downloaded'));
    } catch (err) {
      dAlert.replaceChildren(h('p', {}, err?.message || t('roster.downloadFailed')));
    } finally {
      download.removeAttribute('aria-disabled');
    }
  });

  const tableHolder = h('div', { class: 'table-wrap' });
  const shownNote = h('p', { class: 'hint', 'aria-live': 'polite', 'data-testid': 'roster-shown' });
  const show = (which) => {
    const picked = which ? rows.filter((r) => r.result === which) : rows;
    const visible = picked.slice(0, SHOWN_MAX);
    shownNote.textContent = picked.length > SHOWN_MAX
      ? t('roster.showingFirst', { shown: SHOWN_MAX, total: picked.length })
      : t('roster.rowsShown', { count: picked.length });
    if (!visible.length) {
      replace(tableHolder, h('p', { class: 'empty' }, t('roster.noRowsKind')));
      return;
    }
    replace(tableHolder, h('table', { class: 'report', 'data-testid': 'roster-rows' },
      h('caption', {}, caption(which, file.name)),
      h('thead', {}, h('tr', {}, [t('roster.colRow'), t('roster.colRegister'), t('roster.colResult'), t('roster.colMessage')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, visible.map((r) => h('tr', { class: `result-${r.result}`, 'data-result': r.result },
        h('th', { scope: 'row' }, String(r.row ?? '')),
        h('td', {}, r.register_no || ''),
        h('td', {}, h('span', { class: `badge badge-${r.result === 'error' ? 'rejected' : r.result === 'unchanged' ? 'none' : 'approved'}` },
          resultLabel(r.result, dryRun))),
        h('td', {}, r.message || ''))))));
  };

  const filterField = field({ label: t('roster.showRows'), name: 'result', type: 'select', value: '', options: [
    { value: '', label: t('roster.allRows') },
    ...RESULTS.map((r) => ({ value: r, label: onlyLabel(r) }))] });
  filterField.control.addEventListener('change', () => show(filterField.control.value));
  const filterForm = h('form', { class: 'inline-form', 'aria-label': t('roster.filterLabel') }, filterField);
  filterForm.addEventListener('submit', (ev) => ev.preventDefault());
  show('');

  return h('section', { class: 'card', 'aria-labelledby': hid, 'data-testid': 'roster-report', 'data-dry-run': dryRun ? 'true' : 'false' },
    h('h2', { id: hid, tabindex: '-1' }, dryRun ? t('roster.checkOf', { file: file.name }) : t('roster.importOf', { file: file.name })),
    h('p', { class: dryRun ? 'notice' : '' }, dryRun
      ? t('roster.wasCheck')
      : (n.errors ? t('roster.othersSaved') : t('roster.allSaved'))),
    counts,
    h('div', { class: 'actions' }, download),
    dAlert,
    rows.length ? [filterForm, shownNote, tableHolder] : h('p', { class: 'empty' }, t('roster.noRows')));
}
