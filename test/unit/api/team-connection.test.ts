import { describe, expect, it } from 'vitest';
import { parseTeamAddress } from '../../../src/api/team-connection.js';
import { unreachableMessage } from '../../../src/api/team-reach.js';

const failure = (code: string, message = 'fetch failed') => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });

describe('the team server address typed in the app', () => {
  it('is read as an https origin, an http one only on this machine', () => {
    expect(parseTeamAddress('team.example:8443')).toBe('https://team.example:8443');
    expect(parseTeamAddress(' https://team.example:8443/login ')).toBe('https://team.example:8443');
    expect(parseTeamAddress('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(parseTeamAddress('http://localhost:8080')).toBe('http://localhost:8080');
    expect(parseTeamAddress('http://[::1]:8080')).toBe('http://[::1]:8080');
  });

  it('refuses what is not one, in words', () => {
    expect(() => parseTeamAddress('http://team.example')).toThrow('plain http:// address: your password and the case data would cross the network unencrypted');
    expect(() => parseTeamAddress('ftp://team.example')).toThrow('is not a web address');
    expect(() => parseTeamAddress('https://exa mple')).toThrow('is not an address');
    expect(() => parseTeamAddress('https://lena:pw@team.example')).toThrow('without a user name or password in it');
  });
});

describe('why a team server could not be reached', () => {
  const server = 'https://team.example:8443';
  it('names the cause in words, never only the library message', () => {
    expect(unreachableMessage(server, failure('ECONNREFUSED'))).toBe('Nothing is answering at https://team.example:8443: the team server may be stopped, or the port in the address is wrong.');
    expect(unreachableMessage(server, failure('ENOTFOUND'))).toBe('No computer named team.example could be found: check the address, and that this computer is on the network.');
    expect(unreachableMessage(server, failure('DEPTH_ZERO_SELF_SIGNED_CERT'))).toContain('showed a certificate that this computer does not trust');
    expect(unreachableMessage(server, failure('CERT_HAS_EXPIRED'))).toContain('certificate that has expired');
    expect(unreachableMessage(server, failure('ERR_TLS_CERT_ALTNAME_INVALID'))).toContain('not made out to team.example');
    expect(unreachableMessage(server, failure('UND_ERR_CONNECT_TIMEOUT'))).toContain('did not answer in time');
    expect(unreachableMessage(server, failure('EWHATEVER', 'odd failure'))).toBe('Could not reach the team server https://team.example:8443 (odd failure).');
  });
});
