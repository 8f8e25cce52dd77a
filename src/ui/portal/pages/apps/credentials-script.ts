// The "Certificates & secrets" page's one script, active only on the answer that shows a new
// secret: a "Copy value" button, and the address bar set back to the page's own URL, so that
// reloading fetches the page (which no longer shows the value) instead of posting the form again
// and creating a second secret. Without scripts the value can still be selected and copied.

export const CREDENTIALS_SCRIPT = `(() => {
  const box = document.querySelector('[data-replace-url]');
  if (!box) return;
  const url = box.getAttribute('data-replace-url');
  if (url && url.startsWith('/portal/apps/')) history.replaceState(null, '', url);
  const button = box.querySelector('[data-copy]');
  const value = document.getElementById('new-secret-value');
  const said = document.getElementById('new-secret-copied');
  if (!button || !value || !said || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(value.textContent || '').then(
      () => { said.textContent = 'Copied.'; },
      () => { said.textContent = 'Could not copy: select the value and copy it.'; },
    );
  });
})();`;
