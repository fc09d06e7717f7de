/** Browse and capture: placeholder until the capture engine offers capture in an open browser. */
export function BrowseScreen({ caseId }: { caseId: number }) {
  return (
    <section className="screen" aria-labelledby="browse-heading">
      <h1 id="browse-heading">Browse and capture</h1>
      <p>Case {caseId}: not available in this build yet.</p>
    </section>
  );
}
