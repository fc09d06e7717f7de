import { describe, expect, it } from 'vitest';
import { allowedHostHeaders, hostAllowed, isLoopbackHost, presentedToken, statusForError, tokenMatches } from '../../../src/server/door-guard.js';

describe('browser-mode door guard', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.2.1', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['192.168.1.10', false],
    ['example.org', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it('answers on loopback to the loopback names with the right port only', () => {
    const allowed = allowedHostHeaders('127.0.0.1', 4321);
    expect(hostAllowed('127.0.0.1:4321', allowed)).toBe(true);
    expect(hostAllowed('LOCALHOST:4321', allowed)).toBe(true);
    expect(hostAllowed('[::1]:4321', allowed)).toBe(true);
    expect(hostAllowed('127.0.0.1:4322', allowed)).toBe(false);
    expect(hostAllowed('evil.example:4321', allowed)).toBe(false);
    expect(hostAllowed(undefined, allowed)).toBe(false);
  });

  it('answers on another address only to that address', () => {
    const allowed = allowedHostHeaders('192.168.1.10', 80);
    expect([...allowed]).toEqual(['192.168.1.10:80']);
  });

  it('reads the token from a bearer header, its own header or the query', () => {
    const url = new URL('http://127.0.0.1/api/blob/x?token=q');
    expect(presentedToken({ authorization: 'Bearer abc' }, url)).toBe('abc');
    expect(presentedToken({ 'x-goldenhour-token': 'def' }, url)).toBe('def');
    expect(presentedToken({}, url)).toBe('q');
    expect(presentedToken({}, new URL('http://127.0.0.1/api/x'))).toBeNull();
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches('secret', 'secret')).toBe(true);
    expect(tokenMatches('secreT', 'secret')).toBe(false);
    expect(tokenMatches('secret-longer', 'secret')).toBe(false);
    expect(tokenMatches(null, 'secret')).toBe(false);
    expect(tokenMatches('', 'secret')).toBe(false);
  });

  it('maps error codes to HTTP statuses', () => {
    expect(statusForError('invalid-input')).toBe(400);
    expect(statusForError('unauthorized')).toBe(401);
    expect(statusForError('unknown-operation')).toBe(404);
    expect(statusForError('conflict')).toBe(409);
    expect(statusForError('internal')).toBe(500);
  });
});
