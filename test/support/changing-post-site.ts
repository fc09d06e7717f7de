import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixturePath } from './fixture-site.js';

/** What the X-shaped post shows now; tests change it between watch runs. */
export interface PostState {
  mode: 'post' | 'not-found' | 'unavailable' | 'suspended' | 'protected' | 'login-wall' | 'server-down';
  text: string;
  photo: 'small' | 'large';
  replies: string[];
}

/** A post site whose content changes on command, and how to stop it. */
export interface ChangingPostSite {
  origin: string;
  /** The post's path, shaped like X's (`/harbourwatch/status/1`); reach it as http://x.com through the test proxy. */
  postPath: string;
  state: PostState;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The post, in X's markup (as test/fixtures/site/platforms/x-status.html and the saved X pages): og:title, tweet articles, replies. */
function postPage(state: PostState): string {
  const replies = state.replies.map((reply, i) => `<article data-testid="tweet"><div data-testid="User-Name"><span>Neighbour ${i + 1}</span><span>@neighbour${i + 1}</span></div><div data-testid="tweetText" lang="en"><span>${escape(reply)}</span></div></article>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour Watch on X: "${escape(state.text)}" / X</title>
<meta content="X (formerly Twitter)" property="og:site_name">
<meta content="Harbour Watch on X: &quot;${escape(state.text)}&quot; / X" property="og:title">
</head><body><main>
<article data-testid="tweet">
  <div data-testid="User-Name"><span>Harbour Watch</span><span>@harbourwatch</span></div>
  <div data-testid="tweetText" lang="en"><span>${escape(state.text)}</span></div>
  <img alt="Image" src="http://pbs.twimg.com/media/GhArbour1?format=jpg&amp;name=small" width="100" height="67">
  <a href="/harbourwatch/status/1"><time datetime="2026-11-21T08:15:00.000Z">8:15 AM · Nov 21, 2026</time></a>
</article>
${replies}
</main></body></html>`;
}

/** The pages X serves with status 200 in place of a post, with X's own wording. */
const statePages: Record<string, string> = {
  unavailable: '<h1>Hmm...this page doesn’t exist. Try searching for something else.</h1><a href="/explore">Search</a>',
  suspended: '<h1>Account suspended</h1><p>X suspends accounts which violate the <a href="https://help.x.com/rules-and-policies/x-rules">X Rules</a>.</p>',
  protected: '<h1>These posts are protected</h1><p>Only approved followers can see @harbourwatch’s posts. To request access, click Follow.</p>',
  'login-wall': '<h1>Sign in to X</h1><form><input name="username" autocomplete="username"><input type="password" name="password"><button>Log in</button></form>',
};

/** Starts the changing post site on a free port of 127.0.0.1. */
export async function startChangingPostSite(): Promise<ChangingPostSite> {
  const state: PostState = { mode: 'post', text: 'Water over the kerb on Harbour Road, cars turning back.', photo: 'small', replies: ['Saw it too, at 8:10.', 'Road closed now.'] };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/media/GhArbour1') {
      const body = readFileSync(fixturePath(`site/media/${state.photo}.jpg`));
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length, 'cache-control': 'no-store' }).end(body);
      return;
    }
    if (url.pathname !== '/harbourwatch/status/1') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    const html = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    if (state.mode === 'post') html(200, postPage(state));
    else if (state.mode === 'not-found') html(404, '<!doctype html><title>Not found</title><h1>Not found</h1>');
    else if (state.mode === 'server-down') req.socket.destroy();
    else html(200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>X</title></head><body><main>${statePages[state.mode]}</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    postPath: '/harbourwatch/status/1',
    state,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
