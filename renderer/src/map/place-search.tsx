import { useState, type FormEvent } from 'react';
import { readPlaces, type FoundPlace } from './place-results';

/** Address and place search against the Nominatim-compatible service set in Map settings (online only). */
export function PlaceSearch({ searchUrl, onFound }: { searchUrl: string; onFound: (place: FoundPlace) => void }) {
  const [query, setQuery] = useState('');
  const [places, setPlaces] = useState<FoundPlace[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      const url = new URL(searchUrl);
      url.searchParams.set('q', query.trim());
      url.searchParams.set('format', 'jsonv2');
      url.searchParams.set('limit', '8');
      const response = await fetch(url, { referrerPolicy: 'no-referrer', credentials: 'omit' });
      if (!response.ok) throw new Error(`the search service answered ${response.status}`);
      const found = readPlaces(await response.json());
      setPlaces(found);
      if (found.length === 0) setProblem(`Nothing found for "${query.trim()}".`);
    } catch (error) {
      setPlaces(null);
      setProblem(`The place search did not answer (${error instanceof Error && error.message.startsWith('the search') ? error.message : 'no connection, or the address in Map settings is wrong'}).`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="place-search">
      <form onSubmit={search} role="search">
        <label>Find an address or place (online)
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. Karlův most, Praha" />
        </label>
        <button type="submit" disabled={busy}>{busy ? 'Searching…' : 'Search'}</button>
      </form>
      {problem ? <p className="error-text" role="status">{problem}</p> : null}
      {places && places.length > 0 ? (
        <ul className="place-results">
          {places.map((place, i) => <li key={i}><button type="button" onClick={() => { onFound(place); setPlaces(null); }}>{place.name}</button></li>)}
        </ul>
      ) : null}
    </div>
  );
}
