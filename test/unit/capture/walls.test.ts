import { describe, expect, it } from 'vitest';
import { detectWalls, type WallSignals } from '../../../src/capture/walls.js';

const signals = (over: Partial<WallSignals>): WallSignals => ({ title: '', text: 'an ordinary article about the harbour '.repeat(60), passwordInputs: 0, markers: [], status: 200, ...over });

describe('detectWalls', () => {
  it.each<[string, Partial<WallSignals>, string[]]>([
    ['an ordinary page', {}, []],
    ['a log-in page with a password field', { title: 'Log in', text: 'log in to see this post. phone, email or username', passwordInputs: 1 }, ['login-wall']],
    ['an HTTP 401', { status: 401 }, ['login-wall']],
    ['a consent overlay', { text: 'we value your privacy. accept all cookies or reject all' }, ['cookie-wall']],
    ['a consent manager by its markup', { markers: ['onetrust'] }, ['cookie-wall']],
    ['a browser check', { title: 'Just a moment...', text: 'checking your browser before accessing' }, ['bot-check']],
    ['a captcha widget', { markers: ['g-recaptcha'] }, ['bot-check']],
    ['an article that mentions cookies once', { text: 'the bakery sold cookies all morning. '.repeat(20) }, []],
  ])('%s', (_name, over, expected) => {
    expect(detectWalls(signals(over))).toEqual(expected);
  });
});
