// The sign-in log page's one script: while the page is open and its tab visible, fetch the first
// page of results again every 2 seconds, with the page's own filters (the server renders and
// escapes it: `?…&fragment=rows`), and put it in place when its rows changed. New entries are
// announced politely in the page's status region; focus on a link in the table stays on that
// link. A response that is not the fragment (the session ended: a redirect to sign in, a
// refusal) stops the updates and says so. Without scripts the page's "Refresh" link does it.

export const LIVE_LOG_SCRIPT = `(() => {
  const box = document.getElementById('sign-in-results');
  const status = document.getElementById('live-status');
  if (!box || !status) return;
  const url = box.getAttribute('data-live');
  if (!url) return;
  const ids = (root) => Array.from(root.querySelectorAll('tr[data-id]'), (tr) => tr.getAttribute('data-id'));
  let busy = false;
  let timer = 0;
  const stop = (why) => {
    clearInterval(timer);
    box.setAttribute('data-state', 'stopped');
    status.textContent = why;
  };
  const tick = () => {
    if (busy || document.visibilityState !== 'visible') return;
    busy = true;
    fetch(url, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' })
      .then((r) => {
        if (!r.ok || r.headers.get('x-portal-fragment') !== 'sign-ins') {
          stop('Live updates stopped: the portal session has ended or the log could not be read. Reload the page to continue.');
          return undefined;
        }
        return r.text();
      })
      .then((text) => {
        if (text === undefined) return;
        const next = document.createElement('template');
        next.innerHTML = text;
        const before = ids(box);
        const after = ids(next.content);
        box.setAttribute('data-state', 'fresh');
        if (before.join() === after.join()) return;
        const focused = box.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
        box.replaceChildren(next.content);
        const known = new Set(before);
        const added = after.filter((id) => !known.has(id)).length;
        if (added > 0) status.textContent = added === 1 ? '1 new sign-in.' : added + ' new sign-ins.';
        if (focused) {
          const again = Array.from(box.querySelectorAll('a[href]')).find((a) => a.getAttribute('href') === focused);
          if (again) again.focus();
        }
      })
      .catch(() => box.setAttribute('data-state', 'failed'))
      .finally(() => {
        busy = false;
      });
  };
  timer = setInterval(tick, 2000);
  document.addEventListener('visibilitychange', tick);
})();`;
