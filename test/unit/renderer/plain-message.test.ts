import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../../renderer/src/plain-message.js';

describe('messages in the investigator’s words', () => {
  it.each([
    [
      'Refusing "http://127.0.0.1:8080/": 127.0.0.1 is a loopback or private-network address; pass --allow-private to capture it anyway',
      'Refusing "http://127.0.0.1:8080/": 127.0.0.1 is a loopback or private-network address; tick “Allow addresses on this machine or the local network” to capture it',
    ],
    ['page.goto: net::ERR_UNSAFE_PORT at http://127.0.0.1:6000/', 'the browser refuses this port (it is kept for other services than web pages)'],
    ['http://x.test/: net::ERR_NAME_NOT_RESOLVED', 'http://x.test/: the host name does not exist (it does not resolve)'],
    ['page.goto: net::ERR_SOME_NEW_THING at http://a/', 'the browser could not load the page (some new thing)'],
    ['page.goto: Timeout 30000ms exceeded.\n=========================== logs ===========================\nnavigating to "http://a/"', 'no answer within 30 seconds'],
    ['The incident time "2026-01-01T10:00" has no offset and no time zone was given: add Z or an offset (e.g. +01:00), or give --timezone', 'The incident time "2026-01-01T10:00" has no offset and no time zone was given: add Z or an offset (e.g. +01:00), or set the case’s time zone'],
    ['http://127.0.0.1:9/x: ERR_UNSAFE_PORT', 'http://127.0.0.1:9/x: the browser refuses this port (it is kept for other services than web pages)'],
    ['Case 9 not found', 'Case 9 not found'],
  ])('%j reads %j', (raw, plain) => {
    expect(plainMessage(raw)).toBe(plain);
    expect(plainMessage(raw)).not.toMatch(/--[a-z]|net::|ERR_/);
  });
});
