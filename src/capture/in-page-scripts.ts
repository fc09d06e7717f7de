/**
 * Scripts evaluated inside the captured page, kept as source text: the core is compiled
 * without DOM types (it never touches a DOM itself), and what runs in the page is read-only.
 */

/**
 * A function written as source text, for `evaluate` with arguments: Playwright runs a string as
 * an expression, and only sends a function's source to the page. The function is never called here.
 */
export function inPage(source: string): (arg: unknown) => unknown {
  return new Function(`return (${source});`)() as (arg: unknown) => unknown;
}

/** Document height, scroll position and viewport height. */
export const measureScript = `({ height: document.documentElement.scrollHeight, y: window.scrollY, view: window.innerHeight })`;

export const scrollTopScript = `window.scrollTo(0, 0)`;

/** The document's size in CSS pixels, what a full-page screenshot covers: the largest of the root's and the body's scroll, offset and client sizes (as Playwright measured it for its full-page shot). */
export const documentSizeScript = `(() => {
  const parts = [document.documentElement, document.body].filter(Boolean);
  const most = (key) => Math.max(...parts.flatMap((el) => [el['scroll' + key], el['offset' + key], el['client' + key]]));
  return { width: most('Width'), height: most('Height') };
})()`;

export const userAgentScript = `navigator.userAgent`;

/** Title, visible text, password fields, and the ids, classes and iframe addresses of the page (for wall markers). */
export const wallSignalsScript = `(() => {
  const parts = [];
  for (const el of Array.from(document.querySelectorAll('[id], [class], iframe[src]')).slice(0, 20000)) {
    parts.push(el.id || '', typeof el.className === 'string' ? el.className : '', el.tagName === 'IFRAME' ? el.src : '');
  }
  return {
    title: document.title,
    text: ((document.body && document.body.innerText) || '').toLowerCase().slice(0, 5000),
    passwordInputs: document.querySelectorAll('input[type=password]').length,
    haystack: parts.join(' ').toLowerCase().slice(0, 2000000),
  };
})()`;

/**
 * Images at their largest rendition (widest srcset / <picture> candidate, else the shown
 * source) and video/audio sources; icons under 48 px both ways are left out.
 */
export const mediaCandidatesScript = `(() => {
  const largest = (srcset) => {
    if (!srcset) return null;
    let best = null;
    for (const part of srcset.split(/,\\s+/)) {
      const [url, descriptor = '1x'] = part.trim().split(/\\s+/);
      const score = parseFloat(descriptor) * (descriptor.endsWith('w') ? 1 : 1000);
      if (url && (!best || score > best.score)) best = { url, score };
    }
    return best ? new URL(best.url, document.baseURI).href : null;
  };
  const out = [];
  for (const img of Array.from(document.images)) {
    const tiny = img.complete && img.naturalWidth < 48 && img.naturalHeight < 48 && img.width < 48 && img.height < 48;
    const parent = img.parentElement;
    const picture = parent && parent.tagName === 'PICTURE' ? Array.from(parent.querySelectorAll('source')).map((s) => largest(s.getAttribute('srcset'))) : [];
    const url = largest(img.getAttribute('srcset')) || picture.find((u) => u) || img.currentSrc || img.src;
    if (url && !tiny) out.push({ url, via: 'img' });
  }
  for (const media of Array.from(document.querySelectorAll('video, audio'))) {
    const sources = [media.currentSrc, media.getAttribute('src'), ...Array.from(media.querySelectorAll('source')).map((s) => s.getAttribute('src'))];
    for (const src of sources) if (src) out.push({ url: new URL(src, document.baseURI).href, via: 'video' });
  }
  return out;
})()`;

/**
 * Resolves once what the page shows has arrived, or after `maxMs`: with `fromY` (the scroll
 * position before a wheel step), the scroll has left it and held still for two frames (a
 * wheel is handled on a later frame; smooth scrolling takes several), so lazy loading has
 * seen the new position; then the web fonts are ready and every image in the viewport (with
 * `toY`, every image whose top is above `toY` in the document) has loaded or failed (a lazy
 * image starts loading once in view; decoding is left to the screenshot, which paints it
 * anyway); then one more frame, painted. Images are waited for by their own events, not by
 * time. rAF is backed by a 100 ms timer, so a page the browser does not paint cannot hold
 * the capture.
 */
export const viewSettledScript = inPage(`async ({ fromY, toY, maxMs }) => {
  const deadline = performance.now() + maxMs;
  const left = () => Math.max(0, deadline - performance.now());
  const frame = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.min(100, left()));
    requestAnimationFrame(() => { clearTimeout(timer); resolve(); });
  });
  if (fromY !== null) {
    for (let i = 0; i < 10 && window.scrollY === fromY && left() > 0; i++) await frame();
    let y = window.scrollY;
    for (let still = 0; still < 2 && left() > 0;) {
      await frame();
      if (window.scrollY === y) still += 1;
      else { y = window.scrollY; still = 0; }
    }
  }
  const shown = Array.from(document.images).filter((img) => {
    const r = img.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    return toY === null ? r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth : r.top + window.scrollY < toY;
  });
  const arrived = (img) => img.complete ? Promise.resolve() : new Promise((resolve) => {
    img.addEventListener('load', resolve, { once: true });
    img.addEventListener('error', resolve, { once: true });
  });
  let timer;
  await Promise.race([
    Promise.all([document.fonts ? document.fonts.ready : null, ...shown.map(arrived)]),
    new Promise((resolve) => (timer = setTimeout(resolve, left()))),
  ]);
  clearTimeout(timer);
  await frame();
  return shown.filter((img) => !img.complete).length;
}`);
