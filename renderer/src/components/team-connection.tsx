import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { CONNECTION_CHANGED, type ConnectionStatus } from '../api/client';
import { useApi } from '../api/use-api';
import { formatUtc } from '../format';

interface ConnectionState {
  /** Null while unknown, or when this door cannot connect to a team server. */
  status: ConnectionStatus | null;
  /** Whether the door has answered at least once (until then a null status says nothing). */
  settled: boolean;
  refresh: () => void;
}

const ConnectionContext = createContext<ConnectionState>({ status: null, settled: false, refresh: () => undefined });

/** Where the app works (this machine's data folder or a team server), asked of the door and asked again when a call says the session ended. */
export function ConnectionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [settled, setSettled] = useState(false);
  const refresh = useCallback(() => {
    const settle = (found: ConnectionStatus | null) => {
      setStatus(found);
      setSettled(true);
    };
    api.connection.status().then(settle, () => settle(null));
  }, [api]);
  useEffect(() => {
    refresh();
    window.addEventListener(CONNECTION_CHANGED, refresh);
    return () => window.removeEventListener(CONNECTION_CHANGED, refresh);
  }, [refresh]);
  return <ConnectionContext.Provider value={{ status, settled, refresh }}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): ConnectionState {
  return useContext(ConnectionContext);
}

/** Every screen starts afresh on the other side: no case, item or event of the old one stays on screen. */
function startAfresh(): void {
  window.location.hash = '#/';
  window.location.reload();
}

function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

/** In the header on every screen: which team server and user the app works on, or this computer's data. */
export function ConnectionBadge() {
  const { status } = useConnection();
  if (!status) return null;
  if (status.mode === 'local') {
    return <span className="connection-badge local" data-testid="connection-badge" title={status.dataDir}>This computer</span>;
  }
  return (
    <span className={`connection-badge team${status.sessionEnded ? ' ended' : ''}`} data-testid="connection-badge" title={`${status.server} as ${status.user}`}>
      Team server {hostOf(status.server)} · {status.user}{status.sessionEnded ? ' · signed out' : ''}
    </span>
  );
}

/** The address, user and password form; `server` and `user` prefilled when signing in again. */
function ConnectForm({ initial, submitLabel }: { initial?: { server: string; user: string }; submitLabel: string }) {
  const api = useApi();
  const [server, setServer] = useState(initial?.server ?? '');
  const [user, setUser] = useState(initial?.user ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.connection.connect({ server, user, password });
      startAfresh();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <form className="connect-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <label>Team server address<input value={server} onChange={(e) => setServer(e.target.value)} placeholder="https://team.example:8443" autoComplete="url" required /></label>
      <label>User name<input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" required maxLength={64} /></label>
      <label>Password<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required maxLength={1024} /></label>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Connecting…' : submitLabel}</button>
      {error ? <p role="alert" className="error-text" data-testid="connect-error">{error}</p> : null}
    </form>
  );
}

/** Disconnects (ending the session on the server) and goes back to this computer's data. */
function DisconnectButton() {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" onClick={() => void api.connection.disconnect().then(startAfresh, (e: Error) => setError(e.message))}>Disconnect and use this computer's data</button>
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </>
  );
}

/** Shown on every screen when the team server's session has ended: sign in again, or go back to local data. */
export function SessionEndedBanner() {
  const { status } = useConnection();
  if (!status || status.mode !== 'team' || !status.sessionEnded) return null;
  return (
    <div className="banner session-ended" role="alert" data-testid="session-ended">
      <p>Your session on the team server {status.server} has ended. Sign in again as {status.user} to go on.</p>
      <ConnectForm initial={{ server: status.server, user: status.user }} submitLabel="Sign in again" />
      <DisconnectButton />
    </div>
  );
}

/**
 * On the case list, beside where the cases are kept: this computer's data folder, with
 * "Connect to a team server"; or the team server and user, with a way back.
 */
export function ConnectionPanel() {
  const { status } = useConnection();
  if (!status) return null;
  if (status.mode === 'local') {
    return (
      <section className="connection-panel" aria-labelledby="connection-heading" data-testid="connection-panel">
        <h2 id="connection-heading">Where you work</h2>
        <p>On this computer, in the data folder <code>{status.dataDir}</code>.</p>
        <details>
          <summary>Connect to a team server</summary>
          <p className="hint">Work on your team's cases: the server's address, and the user name and password its administrator gave you. Your password is sent only to that server.</p>
          <ConnectForm submitLabel="Connect" />
        </details>
      </section>
    );
  }
  return (
    <section className="connection-panel team" aria-labelledby="connection-heading" data-testid="connection-panel">
      <h2 id="connection-heading">Where you work</h2>
      <p>On the team server <strong>{status.server}</strong>, signed in as <strong>{status.user}</strong>
        {status.sessionEnded ? ' (the session has ended)' : ` until ${formatUtc(status.expiresAt)}`}.
        This computer's own cases stay in <code>{status.dataDir}</code>.</p>
      <DisconnectButton />
    </section>
  );
}
