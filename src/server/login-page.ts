import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const STYLE = 'body{font:16px system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.8rem 0}' +
  'input{display:block;width:100%;padding:.4rem;margin-top:.2rem;box-sizing:border-box}button{padding:.5rem 1.2rem}.problem{color:#a00}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const MAX_FORM_BYTES = 4096;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The team server's sign-in page: a plain form, no script (its CSP allows none), posting to
 * `/login`, which sets the session cookie and goes on to the app.
 */
export function loginPage(response: ServerResponse, status: number, problem: string | null): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Golden Hour: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><h1>Golden Hour</h1><p>Sign in to this team server.</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/login">
<label>User name <input name="user" autocomplete="username" required maxlength="64" autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
<button type="submit">Sign in</button></form></body></html>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  });
  response.end(html);
}

/** The user name and password of a posted sign-in form, or null when the form is not one. */
export async function readLoginForm(request: IncomingMessage): Promise<{ user: string; password: string } | null> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const user = form.get('user');
  const password = form.get('password');
  return user && password ? { user, password } : null;
}
