// The Authentication page's one script: as the person edits the form, post it to the simulator
// (debounced) and put the verdict's HTML — rendered and escaped by the server — in the live
// region. `data-state` says whether it is up to date (tests and assistive tech can tell).

export const SIMULATOR_SCRIPT = `(() => {
  const form = document.getElementById('auth-form');
  const out = document.getElementById('simulation');
  if (!form || !out) return;
  const url = form.getAttribute('data-simulate');
  let timer = 0;
  let seq = 0;
  const run = () => {
    const mine = ++seq;
    fetch(url, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { 'x-portal-fragment': '1' }, credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error('HTTP ' + r.status))))
      .then((text) => {
        if (mine !== seq) return;
        out.innerHTML = text;
        out.setAttribute('data-state', 'fresh');
      })
      .catch(() => out.setAttribute('data-state', 'failed'));
  };
  const soon = () => {
    out.setAttribute('data-state', 'pending');
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  };
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
})();`;
