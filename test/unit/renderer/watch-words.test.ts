import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../renderer/src/routes.js';
import { isAlarming, isChange, parseMinutes, stateOf } from '../../../renderer/src/watch/watch-words.js';

describe('watch words in the app', () => {
  it('routes to a case\'s Changes view and back', () => {
    expect(parseRoute('#/case/3/changes')).toEqual({ screen: 'changes', caseId: 3 });
    expect(routeHref({ screen: 'changes', caseId: 3 })).toBe('#/case/3/changes');
  });

  it('marks a change when the state moves or the post is edited, not on a repeated state', () => {
    expect(isChange('edited', 'unchanged')).toBe(true);
    expect(isChange('deleted', 'first')).toBe(true);
    expect(isChange('unchanged', 'first')).toBe(false);
    expect(isChange('deleted', 'deleted')).toBe(false);
    expect(isChange('first', undefined)).toBe(false);
    expect(stateOf('edited')).toBe('present');
  });

  it('alerts on edits and on posts gone, never on unreachable or a login wall', () => {
    expect(['edited', 'deleted', 'account-suspended', 'account-private'].every(isAlarming)).toBe(true);
    expect(['unreachable', 'login-wall', 'unchanged', 'first'].some(isAlarming)).toBe(false);
  });

  it('reads minutes typed with a decimal point or comma, and refuses the rest', () => {
    expect(parseMinutes('2,5')).toBe(2.5);
    expect(parseMinutes(' 10 ')).toBe(10);
    expect(parseMinutes('0')).toBeNull();
    expect(parseMinutes('ten')).toBeNull();
    expect(parseMinutes('20000')).toBeNull();
  });
});
