import { describe, expect, it } from 'vitest';
import { checkCaptureUrl, isNonPublicAddress, parseCaptureUrl, parseProxy } from '../../../src/capture/url-policy.js';

const publicResolve = async () => ['93.184.216.34'];

describe('parseCaptureUrl', () => {
  it.each([
    ['file:///etc/passwd', /file: addresses are not captured/],
    ['chrome://settings', /chrome: addresses are not captured/],
    ['javascript:alert(1)', /javascript: addresses are not captured/],
    ['data:text/html,<b>hi</b>', /data: addresses are not captured/],
    ['not a url', /Expected a web address starting with http:\/\/ or https:\/\/ but received "not a url"/],
    ['ftp://example.com/file', /Expected an http:\/\/ or https:\/\/ address .* \(scheme ftp:\)/],
    ['https://user:secret@example.com/', /user name or password/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseCaptureUrl(raw)).toThrow(message);
  });

  it('suggests the scheme when a bare host name is given', () => {
    expect(() => parseCaptureUrl('x.com/someone/status/1')).toThrow(/not a valid URL\); did you mean https:\/\/x\.com\/someone\/status\/1\?/);
  });

  it('accepts and normalises http(s) addresses', () => {
    expect(parseCaptureUrl('  https://Example.COM/a b ').href).toBe('https://example.com/a%20b');
  });

  it('refuses an address longer than 8,192 characters, saying how long it was', () => {
    const long = `https://example.com/?q=${'a'.repeat(9000)}`;
    expect(() => parseCaptureUrl(long)).toThrow(/^Refusing a web address of 9023 characters: addresses over 8192 characters are not captured/);
    expect(parseCaptureUrl(`https://example.com/?q=${'a'.repeat(8000)}`)).toBeInstanceOf(URL);
  });

  it('never echoes a password it refuses', () => {
    expect(() => parseCaptureUrl('https://user:secret@example.com/')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });
});

describe('checkCaptureUrl', () => {
  it.each(['http://127.0.0.1:8080/', 'http://localhost/', 'http://10.1.2.3/', 'http://192.168.0.1/', 'http://[::1]/', 'http://169.254.169.254/latest/meta-data',
    'http://localhost./', 'http://app.localhost./', 'http://[::127.0.0.1]/', 'http://[64:ff9b::7f00:1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:a00:1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://[fe80::1]/'])('refuses private %s without --allow-private', async (url) => {
    await expect(checkCaptureUrl(url, { resolve: publicResolve })).rejects.toThrow(/loopback or private-network address; pass --allow-private/);
  });

  it('allows private addresses with allowPrivate', async () => {
    await expect(checkCaptureUrl('http://127.0.0.1:8080/', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });

  it('resolves a public-looking name and refuses it when it points inside', async () => {
    await expect(checkCaptureUrl('https://intranet.example/', { resolve: async () => ['10.0.0.5'] })).rejects.toThrow(/intranet\.example \(10\.0\.0\.5\)/);
    await expect(checkCaptureUrl('https://example.com/', { resolve: publicResolve })).resolves.toBeInstanceOf(URL);
  });

  it('with a proxy, never resolves the target itself', async () => {
    let resolved = false;
    const resolve = async () => {
      resolved = true;
      return ['10.0.0.5'];
    };
    await expect(checkCaptureUrl('https://example.com/', { proxy: 'socks5://127.0.0.1:9050', resolve })).resolves.toBeInstanceOf(URL);
    expect(resolved).toBe(false);
  });

  it('names a host that does not resolve', async () => {
    await expect(checkCaptureUrl('https://nowhere.invalid/', { resolve: async () => Promise.reject(new Error('ENOTFOUND')) })).rejects.toThrow(/Could not resolve the host nowhere\.invalid/);
  });
});

describe('isNonPublicAddress', () => {
  it.each([['127.0.0.1', true], ['::ffff:192.168.1.1', true], ['::ffff:7f00:1', true], ['64:ff9b::7f00:1', true], ['64:ff9b::808:808', false], ['::7f00:1', true], ['2002:7f00:1::', true], ['fd00::1', true], ['8.8.8.8', false], ['2001:4860:4860::8888', false]])('%s -> %s', (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });
});

describe('parseProxy', () => {
  it.each(['http://proxy:8080', 'https://proxy:8443', 'socks5://127.0.0.1:9050'])('accepts %s', (proxy) => {
    expect(parseProxy(proxy)).toBe(proxy);
  });
  it.each([['ftp://proxy:21', /scheme http, https or socks5/], ['proxy:8080', /scheme/], ['::', /Expected --proxy as a URL/], ['socks4://127.0.0.1:1080', /SOCKS4 cannot carry host names/]])('refuses %s', (proxy, message) => {
    expect(() => parseProxy(proxy)).toThrow(message);
  });
});
