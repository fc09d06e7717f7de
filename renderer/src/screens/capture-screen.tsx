/** Capture queue: filled in once capture operations land. */
export function CapturePanel({ caseId }: { caseId: number }) {
  return (
    <section className="screen" aria-labelledby="capture-heading">
      <h1 id="capture-heading">Capture</h1>
      <p>Case {caseId}</p>
    </section>
  );
}
