import type { ResponseOf } from '@api/contract';
import { formatBytes, formatUtc } from '../format';

type ItemView = ResponseOf<'item.detail'>['item'];
type CustodyEntry = ResponseOf<'item.detail'>['custody'][number];

/** Every field with where it came from. */
export function FieldsTable({ fields }: { fields: { group: string; name: string; value: string; source: string }[] }) {
  return (
    <table className="table compact fields">
      <thead><tr><th scope="col">Group</th><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Source</th></tr></thead>
      <tbody>
        {fields.map((f, i) => (
          <tr key={i}><td>{f.group}</td><td>{f.name}</td><td className="value">{f.value}</td><td className="muted">{f.source}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** The original and every attached file with its hash; derived working copies are marked. */
export function ArtifactsTable({ item, blobUrl }: { item: ItemView; blobUrl: (sha256: string) => string }) {
  const rows = [{ role: 'original', sha256: item.sha256, size: item.size, mediaType: item.mediaType, derived: false }, ...item.artifacts];
  return (
    <table className="table compact">
      <thead><tr><th scope="col">Role</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">Kind</th></tr></thead>
      <tbody>
        {rows.map((a) => (
          <tr key={`${a.role}-${a.sha256}`}>
            <td>{a.role}</td>
            <td>{a.mediaType}</td>
            <td>{formatBytes(a.size)}</td>
            <td className="hash"><a href={blobUrl(a.sha256)} download={a.sha256}>{a.sha256}</a></td>
            <td>{a.derived ? 'derived working copy' : 'evidence'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function summariseDetails(details: Record<string, unknown>): string {
  const { state: _state, ...rest } = details;
  const text = JSON.stringify(rest);
  return text === '{}' ? '' : text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/**
 * Custody history, oldest first. Given `itemName` (a whole case's ledger), an Item column says
 * which item each entry is about: "case" for entries about the case itself.
 */
export function CustodyTable({ entries, itemName }: { entries: CustodyEntry[]; itemName?: (itemId: number) => string }) {
  return (
    <table className="table compact custody" data-testid="custody-table">
      <thead><tr><th scope="col">#</th><th scope="col">When (UTC)</th><th scope="col">Who</th>{itemName ? <th scope="col">Item</th> : null}<th scope="col">Action</th><th scope="col">Details</th><th scope="col">Entry hash</th></tr></thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq}>
            <td>{e.seq}</td><td>{formatUtc(e.at)}</td><td>{e.operator}</td>{itemName ? <td>{e.itemId === null ? <span className="muted">case</span> : itemName(e.itemId)}</td> : null}<td>{e.action}</td>
            <td className="value">{summariseDetails(e.details)}</td><td className="hash" title={e.hash}>{e.hash.slice(0, 12)}…</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
