/**
 * Rows with each item made from another (the photos and videos captured from a page) moved to
 * just under that item, in their own order; an item whose parent is not among the rows (filtered
 * out) keeps its place. The parents keep the order they were given.
 */
export function nestUnderParents<Row extends { id: number; parentId: number | null }>(rows: Row[]): Row[] {
  const present = new Set(rows.map((row) => row.id));
  const children = new Map<number, Row[]>();
  for (const row of rows) {
    if (row.parentId === null || !present.has(row.parentId)) continue;
    children.set(row.parentId, [...(children.get(row.parentId) ?? []), row]);
  }
  if (children.size === 0) return rows;
  const nested: Row[] = [];
  const place = (row: Row, depth: number) => {
    nested.push(row);
    // Pages are not made from pages today; the depth bound keeps a malformed chain from looping.
    if (depth < 4) for (const child of children.get(row.id) ?? []) place(child, depth + 1);
  };
  for (const row of rows) if (row.parentId === null || !present.has(row.parentId)) place(row, 0);
  return nested;
}
