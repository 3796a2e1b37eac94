// The coordinator's roster import (DESIGN.md §11): a CSV of the college's
// students, checked first (dry run) and then imported, with the server's
// per-row report as totals, a table (errors first, filterable) and a CSV to
// fix and upload again.
import { pb, me, onSubmit, downloadURL, ClientResponseError } from '../api.js';
import { h, field, alertBox, replace, nextId } from '../dom.js';

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
  const fileField = field({ label: 'CSV file', name: 'file', type: 'file', required: true, testid: 'roster-file',
    hint: `UTF-8 CSV with a header row and the columns ${COLUMNS}. Malayalam names are fine.`,
    attrs: { accept: '.csv,text/csv' } });
  const form = h('form', { class: 'card form', 'data-testid': 'roster-form', 'aria-labelledby': 'roster-form-h' },
    h('h2', { id: 'roster-form-h' }, 'Upload the roster'),
    alert, fileField,
    h('p', { class: 'hint' }, '“Check the file” reports what the import would do and saves nothing. '
      + '“Import students” creates or updates one student per register number; imported students are enrolled and sign in with a code mailed to them.'),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn', value: 'check', 'data-testid': 'roster-check' }, 'Check the file'),
      h('button', { type: 'submit', class: 'btn btn-primary', value: 'import', 'data-testid': 'roster-import' }, 'Import students')));

  onSubmit(form, async (data, submitter) => {
    const file = data.get('file');
    if (!(file instanceof File) || !file.size) {
      throw new ClientResponseError({ status: 400, response: { message: 'Choose a CSV file.',
        data: { file: { code: 'validation_required', message: 'Choose the CSV file of your students.' } } } });
    }
    const dryRun = submitter?.value !== 'import';
    busy.textContent = dryRun ? `Checking ${file.name}…` : `Importing ${file.name}… a large file can take half a minute.`;
    replace(result);
    let report;
    try {
      report = await pb.send(rosterPath(dryRun ? { dry_run: '1' } : {}), { method: 'POST', body: formOf(file) });
    } catch (err) {
      busy.textContent = '';
      if (err?.status === 404) throw new Error('The roster import is not available on this server yet.');
      throw err;
    }
    busy.textContent = '';
    replace(result, reportSection(ctx, report, file, dryRun));
    const t = totals(report);
    ctx.announce(dryRun
      ? `Check finished: ${t.created} to create, ${t.updated} to update, ${t.unchanged} unchanged, ${t.errors} with errors. Nothing was saved.`
      : `Import finished: ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.errors} with errors.`);
    result.querySelector('h2')?.focus();
  });

  ctx.mount(
    h('h1', {}, 'Roster import'),
    h('p', {}, `Add the students of ${inst?.name || 'your college'} from a spreadsheet. Save it as CSV; the first row names the columns:`),
    h('p', {}, h('code', {}, COLUMNS)),
    h('p', { class: 'hint' }, 'register_no, name, email and semester (1 to 8) are needed; apaar_id has 12 digits when given. '
      + 'Importing the same file again changes nothing.'),
    form, busy, result,
  );
}

function totals(report) {
  const n = (k) => Number(report?.[k] || 0);
  return { created: n('created'), updated: n('updated'), unchanged: n('unchanged'), errors: n('errors') };
}

function reportSection(ctx, report, file, dryRun) {
  const t = totals(report);
  const rows = ordered(Array.isArray(report?.rows) ? report.rows : []);
  const hid = nextId('roster-report');
  const dAlert = alertBox();

  const counts = h('ul', { class: 'totals', 'data-testid': 'roster-totals' },
    [[dryRun ? 'to create' : 'created', t.created, 'created'], [dryRun ? 'to update' : 'updated', t.updated, 'updated'],
      ['unchanged', t.unchanged, 'unchanged'], [t.errors === 1 ? 'error' : 'errors', t.errors, 'errors']]
      .map(([label, n, key]) => h('li', { class: key === 'errors' && n ? 'total total-bad' : 'total' },
        h('strong', { 'data-testid': `roster-${key}` }, String(n)), ` ${label}`)));

  const download = h('button', { type: 'button', class: 'btn', 'data-testid': 'roster-download' }, 'Download the report as CSV');
  download.addEventListener('click', async () => {
    if (download.getAttribute('aria-disabled') === 'true') return;
    download.setAttribute('aria-disabled', 'true');
    dAlert.replaceChildren();
    try {
      const q = { format: 'csv' };
      if (dryRun) q.dry_run = '1';
      await downloadURL(pb.buildURL(rosterPath(q)), reportName(file, dryRun),
        { Authorization: pb.authStore.token }, { method: 'POST', body: formOf(file) });
      ctx.announce('The report was downloaded.');
    } catch (err) {
      dAlert.replaceChildren(h('p', {}, err?.message || 'The download failed. Try again.'));
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
      ? `Showing the first ${SHOWN_MAX} of ${picked.length} rows; the downloaded report has all of them.`
      : `${picked.length} row${picked.length === 1 ? '' : 's'} shown.`;
    if (!visible.length) {
      replace(tableHolder, h('p', { class: 'empty' }, 'No rows of this kind.'));
      return;
    }
    replace(tableHolder, h('table', { class: 'report', 'data-testid': 'roster-rows' },
      h('caption', {}, `Rows of ${file.name}${which ? ` (${which} only)` : ', errors first'}`),
      h('thead', {}, h('tr', {}, ['Row', 'Register number', 'Result', 'Message'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, visible.map((r) => h('tr', { class: `result-${r.result}`, 'data-result': r.result },
        h('th', { scope: 'row' }, String(r.row ?? '')),
        h('td', {}, r.register_no || ''),
        h('td', {}, h('span', { class: `badge badge-${r.result === 'error' ? 'rejected' : r.result === 'unchanged' ? 'none' : 'approved'}` },
          dryRun && r.result === 'created' ? 'to create' : dryRun && r.result === 'updated' ? 'to update' : r.result)),
        h('td', {}, r.message || ''))))));
  };

  const filterField = field({ label: 'Show rows', name: 'result', type: 'select', value: '', options: [
    { value: '', label: 'All rows, errors first' },
    ...RESULTS.map((r) => ({ value: r, label: r === 'error' ? 'Errors only' : `${r[0].toUpperCase()}${r.slice(1)} only` }))] });
  filterField.control.addEventListener('change', () => show(filterField.control.value));
  const filterForm = h('form', { class: 'inline-form', 'aria-label': 'Filter the report' }, filterField);
  filterForm.addEventListener('submit', (ev) => ev.preventDefault());
  show('');

  return h('section', { class: 'card', 'aria-labelledby': hid, 'data-testid': 'roster-report', 'data-dry-run': dryRun ? 'true' : 'false' },
    h('h2', { id: hid, tabindex: '-1' }, dryRun ? `Check of ${file.name}` : `Import of ${file.name}`),
    h('p', { class: dryRun ? 'notice' : '' }, dryRun
      ? 'This was a check: nothing was saved. Fix the rows with errors, or import the file as it is (rows with errors are skipped).'
      : (t.errors ? 'The other rows were saved. Download the report, fix the rows with errors and upload the file again.' : 'Every row was saved.')),
    counts,
    h('div', { class: 'actions' }, download),
    dAlert,
    rows.length ? [filterForm, shownNote, tableHolder] : h('p', { class: 'empty' }, 'The file has no rows.'));
}
