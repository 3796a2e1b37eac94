// Notifications: the caller's own, newest first, a page at a time, live;
// mark read. An offer's notification shows the offer's expiry the way the
// application card does (platform zone, named), from the application itself.
import { pb, me, filter, pager, actionButton, routeOf } from '../api.js';
import { h, alertBox, replace, rerender, moreButton } from '../dom.js';
import { t, fmtTime } from '../i18n.js';

export async function notificationsView(ctx) {
  const user = me();
  const holder = h('div', {});
  const alert = alertBox();
  const summary = h('p', { class: 'summary', 'data-testid': 'notifications-summary', tabindex: '-1' });
  const mine = filter('user = {:u}', { u: user.id });

  const load = () => rerender(holder, summary, async () => {
    const pages = pager('notifications', { filter: mine, sort: '-created', skipTotal: false });
    const [items, unread] = await Promise.all([
      pages.next(),
      pb.collection('notifications').getList(1, 1, { filter: `${mine} && read = false`, fields: 'id' }),
    ]);
    const total = pages.total ?? items.length;
    summary.textContent = `${t('notifications.total', { count: total })} ${t('notifications.unread', { count: unread.totalItems })}`;
    if (!items.length) {
      replace(holder, h('p', {}, t('notifications.none')));
      return;
    }
    const markAll = unread.totalItems ? actionButton(t('notifications.markAll'), async () => {
      const ids = await pb.collection('notifications').getFullList({ filter: `${mine} && read = false`, fields: 'id', batch: 100 });
      for (let i = 0; i < ids.length; i += 50) {
        const b = pb.createBatch();
        for (const n of ids.slice(i, i + 50)) b.collection('notifications').update(n.id, { read: true });
        await b.send();
      }
      ctx.announce(t('notifications.allRead'));
      await load();
      window.dispatchEvent(new CustomEvent('ib:notifications-read'));
    }, { alert, class: 'btn', testid: 'mark-all-read' }) : null;
    const ul = h('ul', { class: 'cards', 'data-testid': 'notifications' }, await Promise.all(items.map(async (n) => h('li', {}, await item(n)))));
    const more = moreButton(async () => {
      const next = await pages.next();
      ul.append(...await Promise.all(next.map(async (n) => h('li', {}, await item(n)))));
      return { added: next.length, done: pages.done };
    }, ctx.announce, t('common.showMore'));
    more.hidden = pages.done;
    replace(holder, markAll ? h('div', { class: 'actions' }, markAll) : null, ul, more);
  });

  /** The expiry of the offer a notification tells about, while it is still open. */
  const offerLine = async (n) => {
    if (n.kind !== 'application.offered' || !n.record) return null;
    const app = await pb.collection('applications').getOne(n.record, { fields: 'id,status,offer_expires_at' }).catch(() => null);
    if (!app?.offer_expires_at) return null;
    return h('p', { class: 'offer-time' }, t('notifications.offerExpires'), ' ',
      h('strong', { 'data-testid': 'notification-offer-time' }, fmtTime(app.offer_expires_at)));
  };

  const item = async (n) => {
    const nAlert = alertBox();
    const route = routeOf(n.link);
    return h('article', { class: `card item notification${n.read ? '' : ' unread'}`, 'data-testid': `notification-${n.id}`, 'aria-labelledby': `n-${n.id}` },
      h('h2', { id: `n-${n.id}`, class: 'item-title' },
        n.read ? null : h('span', { class: 'dot', 'aria-hidden': 'true' }),
        n.read ? null : h('span', { class: 'visually-hidden' }, `${t('notifications.unreadMark')} `),
        route ? h('a', { href: route }, n.title) : n.title),
      n.body ? h('p', {}, n.body) : null,
      await offerLine(n),
      h('p', { class: 'muted' }, fmtTime(n.created)),
      nAlert,
      n.read ? null : h('div', { class: 'actions' }, actionButton(t('notifications.markRead'), async () => {
        await pb.collection('notifications').update(n.id, { read: true });
        await load();
        window.dispatchEvent(new CustomEvent('ib:notifications-read'));
      }, { alert: nAlert, class: 'btn btn-quiet' })));
  };

  await load();
  const onNew = () => { if (ctx.alive()) load(); };
  window.addEventListener('ib:notification', onNew);
  ctx.onLeave(() => window.removeEventListener('ib:notification', onNew));
  ctx.mount(h('h1', {}, t('notifications.title')), summary, alert, holder);
}
