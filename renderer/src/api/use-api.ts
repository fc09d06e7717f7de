import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { OperationName, RequestOf, ResponseOf } from '@api/contract';
import type { ApiClient, AppEvent } from './client';

export const ApiContext = createContext<ApiClient | null>(null);

/** The API client of this window. */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiContext');
  return client;
}

/** The state of one loading call. */
export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Calls an operation when its payload changes (by JSON), keeping the last good data while reloading. */
export function useOperation<K extends OperationName>(name: K, payload: RequestOf<K> | null): Loaded<ResponseOf<K>> {
  const api = useApi();
  const [state, setState] = useState<{ data: ResponseOf<K> | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: payload !== null });
  const [tick, setTick] = useState(0);
  const key = payload === null ? null : JSON.stringify(payload);
  const latest = useRef(0);
  useEffect(() => {
    if (key === null) return;
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    api.call(name, JSON.parse(key) as RequestOf<K>).then(
      (data) => call === latest.current && setState({ data, error: null, loading: false }),
      (error: Error) => call === latest.current && setState((s) => ({ data: s.data, error: error.message, loading: false })),
    );
  }, [api, name, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Listens to pushed events while mounted. */
export function useEvents(listener: (event: AppEvent) => void): void {
  const api = useApi();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => api.subscribe((event) => ref.current(event)), [api]);
}

const LOCAL_CASE_CHANGE = 'goldenhour:case-changed';

/** Tells the other parts of this window showing the case (its header, the closed banner) that it changed. */
export function announceCaseChange(caseId: number): void {
  window.dispatchEvent(new CustomEvent(LOCAL_CASE_CHANGE, { detail: caseId }));
}

/**
 * Calls `reload` when the case changes elsewhere: a team member's change (`case.changed`, sent by
 * a team server), an item captured by a run this window did not start, or a change made in
 * another part of this window (`announceCaseChange`).
 */
export function useCaseChanges(caseId: number, reload: () => void): void {
  useEvents((event) => {
    if (event.caseId !== caseId) return;
    if (event.topic === 'case.changed' || (event.topic === 'capture.progress' && event.type === 'done')) reload();
  });
  const ref = useRef(reload);
  ref.current = reload;
  useEffect(() => {
    const listener = (event: Event) => {
      if ((event as CustomEvent<number>).detail === caseId) ref.current();
    };
    window.addEventListener(LOCAL_CASE_CHANGE, listener);
    return () => window.removeEventListener(LOCAL_CASE_CHANGE, listener);
  }, [caseId]);
}
