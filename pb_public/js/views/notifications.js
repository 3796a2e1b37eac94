// Notifications: the caller's own, newest first, live; mark read.
import { pb, me, filter, actionButton, fmtTime, routeOf } from '../api.js';
import { h, alertBox, replace, rerender } from '../dom.js';

export async function notificationsView(ctx) {
  const user = me();
  const holder = h('div', {});
  const alert = alertBox();
  const summary = h('p', { class: 'summary', 'data-testid': 'notifications-summary', tabindex: '-1' });

  const load = () => rerender(holder, summary, async () => {
    const page = await pb.collection('notifications').getList(1, 100, {
      filter: filter('user = {:u}', { u: user.id }), sort: '-created' });
    const unread = page.items.filter((n) => !n.read);
    summary.textContent = `${page.totalItems} notification${page.totalItems === 1 ? '' : 's'}, ${unread.length} unread.`;
    if (!page.items.length) {
      replace(holder, h('p', {}, 'No notifications yet.'));
      return;
    }
    const markAll = unread.length ? actionButton('Mark all as read', async () => {
      const b = pb.createBatch();
      for (const n of unread.slice(0, 100)) b.collection('notifications').update(n.id, { read: true });
      await b.send();
      ctx.announce('All notifications marked as read.');
      await load();
      window.dispatchEvent(new CustomEvent('ib:notifications-read'));
    }, { alert, class: 'btn', testid: 'mark-all-read' }) : null;
    replace(holder, markAll ? h('div', { class: 'actions' }, markAll) : null,
      h('ul', { class: 'cards', 'data-testid': 'notifications' }, page.items.map((n) => h('li', {}, item(n)))));
  });

  const item = (n) => {
    const nAlert = alertBox();
    const route = routeOf(n.link);
    return h('article', { class: `card item notification${n.read ? '' : ' unread'}`, 'data-testid': `notification-${n.id}`, 'aria-labelledby': `n-${n.id}` },
      h('h2', { id: `n-${n.id}`, class: 'item-title' },
        n.read ? null : h('span', { class: 'dot', 'aria-hidden': 'true' }),
        n.read ? null : h('span', { class: 'visually-hidden' }, 'Unread: '),
        route ? h('a', { href: route }, n.title) : n.title),
      n.body ? h('p', {}, n.body) : null,
      h('p', { class: 'muted' }, fmtTime(n.created)),
      nAlert,
      n.read ? null : h('div', { class: 'actions' }, actionButton('Mark as read', async () => {
        await pb.collection('notifications').update(n.id, { read: true });
        await load();
        window.dispatchEvent(new CustomEvent('ib:notifications-read'));
      }, { alert: nAlert, class: 'btn btn-quiet' })));
  };

  await load();
  const onNew = () => { if (ctx.alive()) load(); };
  window.addEventListener('ib:notification', onNew);
  ctx.onLeave(() => window.removeEventListener('ib:notification', onNew));
  ctx.mount(h('h1', {}, 'Notifications'), summary, alert, holder);
}
