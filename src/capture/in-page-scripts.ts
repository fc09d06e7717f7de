/**
 * Scripts evaluated inside the captured page, kept as source text: the core is compiled
 * without DOM types (it never touches a DOM itself), and what runs in the page is read-only.
 */

/** Document height, scroll position and viewport height. */
export const measureScript = `({ height: document.documentElement.scrollHeight, y: window.scrollY, view: window.innerHeight })`;

export const scrollTopScript = `window.scrollTo(0, 0)`;

export const documentHeightScript = `document.documentElement.scrollHeight`;

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
