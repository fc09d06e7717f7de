import type { ResponseOf } from '@api/contract';
import { formatUtc } from '../format';
import { routeHref } from '../router';

type ItemView = ResponseOf<'item.detail'>['item'];

interface Signature { file: string; status: string; keyId: string | null; signedAt: string | null; detail: string | null }
interface ProofMode {
  summary: string;
  verifier: string;
  bundle: { itemId: number; name: string; entry: string };
  proofFiles: string[];
  fields: Record<string, string>;
  proofGeneratedAt: string | null;
  location: { lat: number; lon: number; accuracyM: number | null; provider: string | null } | null;
  device: string | null;
  mediaSignature: Signature | null;
  proofSignatures: Signature[];
  publicKey: { file: string; fingerprint: string; userIds: string[] } | null;
  notChecked: { file: string; reason: string }[];
}
interface ContentCredentials {
  status: string;
  summary: string;
  validator: string;
  signer?: string | null;
  issuer?: string | null;
  signedAt?: string | null;
  claimGenerator?: string | null;
  actions?: { action: string; softwareAgent: string | null }[];
  failures?: string[];
  findings?: string[];
}

const SIGNATURE_WORDS: Record<string, string> = {
  valid: 'valid: made with the bundle\'s key over exactly these bytes',
  invalid: 'does NOT verify',
  'no-key': 'not checkable: the bundle holds no public key',
  'not-checked': 'not checked',
};

/**
 * Where the file says it comes from, as the file's own provenance records it: a ProofMode proof
 * from the phone that took it, Content Credentials (C2PA) signed into the file. Each says what
 * was checked and what was not.
 */
export function ProvenancePanel({ item, caseId }: { item: ItemView; caseId: number }) {
  const metadata = item.metadata as { proofMode?: ProofMode; contentCredentials?: ContentCredentials } | null;
  const proof = metadata?.proofMode;
  const credentials = metadata?.contentCredentials;
  if (!proof && (!credentials || credentials.status === 'absent')) return null;
  return (
    <section className="provenance" aria-labelledby="provenance-heading" data-testid="provenance">
      <h2 id="provenance-heading">Provenance</h2>
      {proof ? <ProofModeFacts proof={proof} caseId={caseId} /> : null}
      {credentials && credentials.status !== 'absent' ? <CredentialFacts credentials={credentials} /> : null}
    </section>
  );
}

function ProofModeFacts({ proof, caseId }: { proof: ProofMode; caseId: number }) {
  return (
    <div data-testid="proofmode">
      <h3>ProofMode proof</h3>
      <p className={/NOT|different/.test(proof.summary) ? 'error' : undefined}>{proof.summary}</p>
      <dl className="facts">
        <dt>From the bundle</dt>
        <dd><a href={routeHref({ screen: 'item', caseId, itemId: proof.bundle.itemId })}>{proof.bundle.name}</a> (item {proof.bundle.itemId}), file {proof.bundle.entry}</dd>
        <dt>Proof written</dt><dd>{proof.proofGeneratedAt ? formatUtc(proof.proofGeneratedAt) : 'the proof gives no time'}</dd>
        <dt>Place the phone recorded</dt>
        <dd>{proof.location ? `${proof.location.lat.toFixed(6)}, ${proof.location.lon.toFixed(6)}${proof.location.accuracyM !== null ? ` ± ${proof.location.accuracyM} m` : ''}${proof.location.provider ? ` (${proof.location.provider})` : ''}` : 'none in the proof'}</dd>
        <dt>Device</dt><dd>{proof.device ?? 'not named'}</dd>
        <dt>Signature of the file</dt><dd>{signatureWords(proof.mediaSignature)}</dd>
        {proof.proofSignatures.map((s) => <SignatureRow key={s.file} label={proof.proofSignatures.length > 1 ? `Signature of the proof (${/json/i.test(s.file) ? 'JSON' : 'CSV'})` : 'Signature of the proof'} signature={s} />)}
        <dt>Public key</dt><dd>{proof.publicKey ? <>{proof.publicKey.userIds.join(', ') || 'no user id'}<br /><span className="hash">{proof.publicKey.fingerprint}</span></> : 'none in the bundle'}</dd>
        <dt>Checked with</dt><dd>{proof.verifier}</dd>
      </dl>
      {proof.notChecked.length ? (
        <><h4>Kept, not checked here</h4><ul>{proof.notChecked.map((n) => <li key={n.file}>{n.file}: {n.reason}</li>)}</ul></>
      ) : null}
      <details>
        <summary>Every field of the proof ({Object.keys(proof.fields).length}), as the phone wrote it</summary>
        <table className="fields"><tbody>{Object.entries(proof.fields).map(([k, v]) => <tr key={k}><th scope="row">{k}</th><td>{v}</td></tr>)}</tbody></table>
      </details>
    </div>
  );
}

function SignatureRow({ label, signature }: { label: string; signature: Signature }) {
  return <><dt>{label}</dt><dd>{signatureWords(signature)}</dd></>;
}

function signatureWords(signature: Signature | null): string {
  if (!signature) return 'none in the bundle';
  const words = SIGNATURE_WORDS[signature.status] ?? signature.status;
  const by = signature.keyId ? `, key ${signature.keyId}` : '';
  const when = signature.signedAt ? `, signed ${formatUtc(signature.signedAt)}` : '';
  const detail = signature.detail && signature.status !== 'no-key' ? ` (${signature.detail})` : '';
  return `${words}${by}${when}${detail} — ${signature.file}`;
}

function CredentialFacts({ credentials }: { credentials: ContentCredentials }) {
  return (
    <div data-testid="content-credentials">
      <h3>Content Credentials (C2PA)</h3>
      <p className={credentials.status === 'invalid' ? 'error' : undefined}>{credentials.summary}</p>
      <dl className="facts">
        {credentials.signer ? <><dt>Signed by</dt><dd>{credentials.signer}{credentials.issuer ? ` (certificate from ${credentials.issuer})` : ''}</dd></> : null}
        {credentials.signedAt ? <><dt>Signed</dt><dd>{formatUtc(credentials.signedAt)}</dd></> : null}
        {credentials.claimGenerator ? <><dt>Made with</dt><dd>{credentials.claimGenerator}</dd></> : null}
        {credentials.actions?.length ? <><dt>Actions</dt><dd>{credentials.actions.map((a) => `${a.action}${a.softwareAgent ? ` (${a.softwareAgent})` : ''}`).join('; ')}</dd></> : null}
        {(credentials.findings ?? credentials.failures)?.length ? <><dt>Fails</dt><dd>{(credentials.findings ?? credentials.failures)!.join('; ')}</dd></> : null}
        <dt>Checked with</dt><dd>{credentials.validator}</dd>
      </dl>
    </div>
  );
}
