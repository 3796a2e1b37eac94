// Small DOM helpers. Everything user-supplied goes in as text nodes or
// attribute values; nothing here ever assigns innerHTML.
import { t } from './i18n.js';

let uid = 0;

/** A unique id for label/input pairs. */
export function nextId(prefix = 'id') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * h('button', {type: 'button', onclick: fn}, 'Save') builds an element.
 * Attributes: class, dataset {…}, on<event> functions, boolean true → empty
 * attribute, false/null/undefined → omitted. Children: nodes, strings
 * (appended as text), arrays, null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' && (tag === 'textarea' || tag === 'select')) el.value = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings, nested arrays) to el. */
export function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

/**
 * A labelled form control with a hint and an error slot.
 * opts: {label, name, type, value, required, hint, options:[{value,label}],
 *        attrs: {...extra input attributes}, testid}
 * Returns the wrapper; the control is wrapper.control.
 */
export function field(opts) {
  const id = nextId(`f-${opts.name}`);
  const type = opts.type || 'text';
  const describedBy = [];
  let hint = null;
  if (opts.hint) {
    hint = h('p', { class: 'hint', id: `${id}-hint` }, opts.hint);
    describedBy.push(hint.id);
  }
  const common = {
    id,
    name: opts.name,
    required: !!opts.required,
    'aria-describedby': describedBy.length ? describedBy.join(' ') : null,
    'data-testid': opts.testid || null,
    ...(opts.attrs || {}),
  };
  let control;
  if (type === 'textarea') {
    control = h('textarea', { rows: 4, ...common });
    if (opts.value !== undefined && opts.value !== null) control.value = String(opts.value);
  } else if (type === 'select') {
    control = h('select', common,
      (opts.options || []).map((o) => h('option', { value: o.value, disabled: !!o.disabled }, o.label)));
    if (opts.value !== undefined && opts.value !== null) control.value = String(opts.value);
  } else if (type === 'checkbox') {
    control = h('input', { type, ...common, checked: !!opts.value });
  } else {
    control = h('input', { type, ...common });
    if (opts.value !== undefined && opts.value !== null && type !== 'file') control.value = String(opts.value);
  }
  // The label holds exactly the field's name (tests and speech rely on it);
  // the required mark sits beside it, hidden from assistive technology,
  // which learns "required" from the control itself.
  const label = h('label', { for: id }, opts.label);
  const mark = opts.required ? h('span', { class: 'req', 'aria-hidden': 'true', title: t('shell.required') }, '*') : null;
  const wrap = type === 'checkbox'
    ? h('div', { class: 'field field-check' }, control, label, hint)
    : h('div', { class: 'field' }, h('div', { class: 'label-line' }, label, mark), hint, control);
  wrap.control = control;
  return wrap;
}

/** A role=alert region for a form or a card (empty until an error). */
export function alertBox() {
  return h('div', { class: 'alert', role: 'alert', 'data-testid': 'form-alert' });
}

/** A definition list from [[term, value], …]; empty values are skipped. */
export function dl(rows, cls = 'facts') {
  const out = h('dl', { class: cls });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    out.append(h('div', {}, h('dt', {}, term), h('dd', {}, value)));
  }
  return out;
}

/** A status as people read it, in the current language (unknown ones as they are). */
export function statusLabel(status) {
  const labels = {
    open: () => t('common.statusOpen'),
    approved: () => t('common.statusApproved'),
    accepted: () => t('common.statusAccepted'),
    completed: () => t('common.statusCompleted'),
    valid: () => t('common.statusValid'),
    endorsed: () => t('common.statusEndorsed'),
    offered: () => t('common.statusOffered'),
    shortlisted: () => t('common.statusShortlisted'),
    submitted: () => t('common.statusSubmitted'),
    ongoing: () => t('common.statusOngoing'),
    pending: () => t('common.statusPending'),
    revision_requested: () => t('common.statusRevisionRequested'),
    draft: () => t('common.statusDraft'),
    closed: () => t('common.statusClosed'),
    superseded: () => t('common.statusSuperseded'),
    expired: () => t('common.statusExpired'),
    rejected: () => t('common.statusRejected'),
    cancelled: () => t('common.statusCancelled'),
    revoked: () => t('common.statusRevoked'),
    discontinued: () => t('common.statusDiscontinued'),
    withdrawn: () => t('common.statusWithdrawn'),
    declined: () => t('common.statusDeclined'),
    upcoming: () => t('common.statusUpcoming'),
  };
  const s = String(status || '');
  return Object.hasOwn(labels, s) ? labels[s]() : (s ? s.replace(/_/g, ' ') : '—');
}

/** A status badge (its words in the current language). */
export function badge(status) {
  return h('span', { class: `badge badge-${String(status || 'none').replace(/[^a-z_]/g, '')}` }, statusLabel(status));
}

const ALLOWED = new Set(['P', 'BR', 'UL', 'OL', 'LI', 'STRONG', 'B', 'EM', 'I', 'U', 'CODE', 'PRE', 'BLOCKQUOTE']);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * Renders stored editor HTML (descriptions, instructions) without ever
 * inserting it: the string is parsed into an inert document and a safe
 * subset of elements is rebuilt with createElement/textContent. Headings
 * become bold paragraphs so the page's heading order stays intact; links
 * keep only http(s) targets.
 */
export function richText(html) {
  const out = h('div', { class: 'rich' });
  if (!html) return out;
  const doc = new DOMParser().parseFromString(String(html), 'text/html');
  const walk = (src, dst) => {
    for (const node of src.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        dst.append(node.textContent);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = node.tagName;
        if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') continue;
        let el = null;
        if (ALLOWED.has(tag)) el = document.createElement(tag.toLowerCase());
        else if (HEADINGS.has(tag)) el = h('p', { class: 'rich-heading' });
        else if (tag === 'A') {
          const href = node.getAttribute('href') || '';
          el = /^https?:\/\//i.test(href)
            ? h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' })
            : document.createElement('span');
        }
        if (el) {
          walk(node, el);
          dst.append(el);
        } else {
          walk(node, dst);
        }
      }
    }
  };
  walk(doc.body, out);
  return out;
}

/**
 * Turns plain text (paragraphs separated by blank lines) into editor HTML for
 * the server. Built with DOM nodes and serialized, so the text is escaped.
 */
export function textToHTML(text) {
  const box = document.createElement('div');
  for (const para of String(text || '').split(/\n\s*\n/)) {
    if (!para.trim()) continue;
    const p = document.createElement('p');
    const lines = para.split('\n');
    lines.forEach((line, i) => {
      if (i) p.append(document.createElement('br'));
      p.append(line);
    });
    box.append(p);
  }
  return box.innerHTML; // serialization of escaped text, never insertion
}

/** Plain text of stored editor HTML (for textareas). */
export function htmlToText(html) {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(String(html), 'text/html');
  const text = (node) => {
    let s = '';
    for (const c of node.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) s += c.textContent;
      else if (c.nodeName === 'BR') s += '\n';
      else if (c.nodeType === Node.ELEMENT_NODE) s += text(c);
    }
    return s;
  };
  const blocks = [...doc.body.children];
  return blocks.length ? blocks.map(text).join('\n\n') : doc.body.textContent;
}

/**
 * A button that shows a panel built on demand (so closed forms are not in
 * the page at all). build(close) returns the panel's content; close() hides
 * it again and returns focus to the button.
 */
export function disclosure(label, build, cls = 'btn') {
  const id = nextId('panel');
  const panel = h('div', { id, class: 'panel', hidden: true });
  const button = h('button', { type: 'button', class: cls, 'aria-expanded': 'false', 'aria-controls': id }, label);
  const close = () => {
    panel.hidden = true;
    panel.replaceChildren();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  button.addEventListener('click', () => {
    if (!panel.hidden) {
      close();
      return;
    }
    panel.replaceChildren(build(close));
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    panel.querySelector('input:not([type="hidden"]), textarea, select')?.focus();
  });
  return { button, panel };
}

/**
 * Re-renders the content of holder with render() and, when the keyboard
 * focus was inside it (e.g. on the button that caused the change), moves it
 * to fallback instead of losing it to <body>.
 */
export async function rerender(holder, fallback, render) {
  const wasInside = holder.contains(document.activeElement);
  await render();
  const active = document.activeElement;
  if (wasInside && (!active || active === document.body || !active.isConnected)) {
    if (!fallback.hasAttribute('tabindex')) fallback.setAttribute('tabindex', '-1');
    fallback.focus();
  }
}

/**
 * A "Show more" button under a paged list: each click runs more(), which
 * loads and shows the next page and returns how many cards it added and
 * whether the list is complete. The button goes once the list is complete;
 * the count of new cards is announced through say().
 */
export function moreButton(more, say, label = t('common.showMore')) {
  const btn = h('button', { type: 'button', class: 'btn', 'data-testid': 'show-more' }, label);
  const wrap = h('p', { class: 'more' }, btn);
  btn.addEventListener('click', async () => {
    if (btn.getAttribute('aria-disabled') === 'true') return;
    btn.setAttribute('aria-disabled', 'true');
    try {
      const { added, done } = await more();
      if (say) say(added ? t('shell.moreShown', { count: added }) : t('shell.nothingMore'));
      if (done) wrap.hidden = true;
    } catch (err) {
      if (say) say(err?.message || t('shell.couldNotLoadMore'));
    } finally {
      btn.removeAttribute('aria-disabled');
    }
  });
  return wrap;
}

/**
 * Asks before an irreversible action, in a modal dialog that says what will
 * happen: title (a question naming the thing), body (paragraphs: what
 * follows, with names and counts), confirm (the action's own words, e.g.
 * "Accept the offer"), cancel. Focus goes to Cancel (the safe choice),
 * stays inside the dialog (native <dialog>), Escape cancels, and focus
 * returns to where it was. Resolves true only when the person confirms.
 * The buttons are apart (a gap), the confirming one styled as danger when
 * danger is set. Test ids: confirm-dialog, confirm-yes, confirm-no.
 */
export function confirmDialog({ title, body = [], confirm, cancel, danger = false }) {
  const before = document.activeElement;
  const titleId = nextId('confirm-title');
  const bodyId = nextId('confirm-body');
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary', 'data-testid': 'confirm-yes' }, confirm);
    const no = h('button', { type: 'button', class: 'btn', 'data-testid': 'confirm-no' }, cancel);
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': bodyId, 'data-testid': 'confirm-dialog' },
      h('h2', { id: titleId }, title),
      h('div', { id: bodyId }, ...[].concat(body).map((p) => (typeof p === 'string' ? h('p', null, p) : p))),
      h('p', { class: 'confirm-actions' }, no, yes));
    let answered = false;
    const done = (answer) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      if (before && before.isConnected) before.focus();
      resolve(answer);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
