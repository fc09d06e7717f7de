/**
 * The toolbar drawn inside the case browser's own window: "Capture this page" and its shortcut
 * (Ctrl+Shift+S, Cmd+Shift+S on a Mac) where the investigator is looking, with the outcome shown
 * there. It is an init script run in every top-level page of the case's context; it asks the
 * app (through a binding with a random name, taken off `window` before the page's own scripts
 * run) whether this tab is the investigator's and draws itself only then, so the capture
 * engine's own tabs (whose screenshots are evidence) never show it. It lives in a closed shadow
 * root styled through the CSSOM, so a page's styles, scripts, CSP and Trusted Types neither
 * reach it nor break it; it is built from elements and text only (no HTML parsing).
 *
 * The page is not trusted: all it could do through the binding is ask for its own current
 * address to be captured, which the app checks like any capture (and records in the ledger).
 */
export function windowToolbarScript(binding: string): string {
  return `(() => {
  const name = ${JSON.stringify(binding)};
  if (window.top !== window) return;
  const call = window[name];
  try { delete window[name]; } catch (e) { /* kept if the page froze window */ }
  if (typeof call !== 'function' || !/^https?:$/.test(location.protocol)) return;
  let busy = false;
  let setStatus = () => {};
  const run = async () => {
    if (busy) return;
    busy = true;
    setStatus('Capturing this page…', '#1e3a8a');
    try {
      const result = await call({ action: 'capture' });
      if (result && result.ok) setStatus('Captured as item ' + result.itemId + (result.flags && result.flags.length ? ' (' + result.flags.join(', ') + ')' : '') + ' ✓', '#166534');
      else setStatus('Not captured: ' + ((result && result.message) || 'see the Browse screen in Golden Hour'), '#b91c1c');
    } catch (e) {
      setStatus('Not captured: see the Browse screen in Golden Hour', '#b91c1c');
    } finally {
      busy = false;
    }
  };
  const draw = () => {
    const host = document.createElement('goldenhour-toolbar');
    const root = host.attachShadow({ mode: 'closed' });
    const bar = document.createElement('div');
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Golden Hour');
    Object.assign(bar.style, { position: 'fixed', right: '12px', bottom: '12px', zIndex: '2147483647', display: 'flex', gap: '8px', alignItems: 'center',
      background: '#0f172a', color: '#f8fafc', font: '13px system-ui, sans-serif', padding: '6px 8px', borderRadius: '8px', boxShadow: '0 4px 14px rgba(0,0,0,.35)', maxWidth: '60vw' });
    const label = document.createElement('strong');
    label.textContent = 'Golden Hour';
    Object.assign(label.style, { color: '#fbbf24' });
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Capture this page (Ctrl+Shift+S)';
    button.setAttribute('aria-keyshortcuts', 'Control+Shift+S');
    Object.assign(button.style, { font: 'inherit', cursor: 'pointer', background: '#2563eb', color: '#fff', border: '0', borderRadius: '5px', padding: '4px 10px' });
    button.addEventListener('click', () => { void run(); });
    const status = document.createElement('span');
    status.setAttribute('role', 'status');
    Object.assign(status.style, { background: '#fff', borderRadius: '5px', padding: '3px 8px', display: 'none' });
    setStatus = (text, colour) => { status.textContent = text; status.style.color = colour; status.style.display = 'inline'; };
    bar.append(label, button, status);
    root.append(bar);
    (document.body || document.documentElement).appendChild(host);
  };
  call({ action: 'show' }).then((show) => {
    if (!show) return;
    window.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && String(event.key).toLowerCase() === 's') {
        event.preventDefault();
        event.stopImmediatePropagation();
        void run();
      }
    }, true);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw, { once: true });
    else draw();
  }, () => {});
})();`;
}
