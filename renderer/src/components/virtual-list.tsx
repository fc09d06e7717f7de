import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  rows: T[];
  rowHeight: number;
  label: string;
  render: (row: T, index: number) => ReactNode;
  rowKey: (row: T) => string | number;
}

/**
 * Renders only the rows in view (plus a few), positioned in a spacer as tall as all of them:
 * scrolling 50,000 items keeps about forty rows in the page.
 */
export function VirtualList<T>({ rows, rowHeight, label, render, rowKey }: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const overscan = 6;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  const visible = rows.slice(first, last);
  return (
    <div ref={ref} className="virtual-list" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} aria-label={label} role="region" tabIndex={0}>
      <ul style={{ height: rows.length * rowHeight }} aria-label={label}>
        {visible.map((row, i) => (
          <li key={rowKey(row)} style={{ transform: `translateY(${(first + i) * rowHeight}px)`, height: rowHeight }} aria-setsize={rows.length} aria-posinset={first + i + 1}>
            {render(row, first + i)}
          </li>
        ))}
      </ul>
    </div>
  );
}
