import { readdirSync, readFileSync } from 'node:fs';

/** Samples the resident memory of this process and all its descendants every 200 ms (Linux /proc; elsewhere Node only). */
export function startRssSampler(): { stop(): number } {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, treeRssBytes(process.pid));
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak / 2 ** 20;
    },
  };
}

function treeRssBytes(rootPid: number): number {
  if (process.platform !== 'linux') return process.memoryUsage().rss;
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}
