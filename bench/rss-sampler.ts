import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Samples the resident memory of this process and all its descendants every 200 ms (Linux /proc; elsewhere Node only). */
export function startRssSampler(): { stop(): number } {
  const sampler = startMemorySampler();
  return { stop: () => sampler.stop().totalMB };
}

/** Peak memory of one side of a benchmark, in MB: the process tree's RSS, and per kind of process. */
export interface MemoryPeaks {
  /** Peak of the whole tree's summed RSS (shared pages counted in each process, as before). */
  totalMB: number;
  /** This Node process's own peak (VmHWM, reset when sampling starts where Linux allows; else sampled). */
  nodeMB: number;
  /** Peak of the browser's processes' summed RSS, and of their summed PSS (shared pages divided among them). */
  chromiumMB: number;
  chromiumPssMB: number;
  /** Peak of the ffmpeg processes' summed RSS. */
  ffmpegMB: number;
  /** Peak of every other descendant's summed RSS (yt-dlp, Playwright's driver...). */
  otherMB: number;
}

/**
 * Samples this process and its descendants every 200 ms, grouped by what each process is (its
 * /proc comm): Node (this process), Chromium, ffmpeg, other. Each group's peak is the largest
 * sum seen in one sample, so the groups' peaks need not add up to the total's.
 */
export function startMemorySampler(): { stop(): MemoryPeaks } {
  const peaks = { total: 0, node: 0, chromium: 0, chromiumPss: 0, ffmpeg: 0, other: 0 };
  // Writing 5 to clear_refs resets VmHWM (Linux 4.0+), so Node's peak is this measurement's own.
  const hwmReset = process.platform === 'linux' && tryWrite('/proc/self/clear_refs', '5');
  const sample = () => {
    const s = treeSample(process.pid);
    peaks.total = Math.max(peaks.total, s.total);
    peaks.node = Math.max(peaks.node, s.node);
    peaks.chromium = Math.max(peaks.chromium, s.chromium);
    peaks.chromiumPss = Math.max(peaks.chromiumPss, s.chromiumPss);
    peaks.ffmpeg = Math.max(peaks.ffmpeg, s.ffmpeg);
    peaks.other = Math.max(peaks.other, s.other);
  };
  sample();
  const timer = setInterval(sample, 200);
  let result: MemoryPeaks | null = null;
  return {
    stop() {
      if (result) return result;
      clearInterval(timer);
      sample();
      const hwm = hwmReset ? statusKb('/proc/self/status', 'VmHWM') * 1024 : 0;
      const mb = (bytes: number) => bytes / 2 ** 20;
      result = {
        totalMB: mb(peaks.total), nodeMB: mb(Math.max(hwm, peaks.node)), chromiumMB: mb(peaks.chromium), chromiumPssMB: mb(peaks.chromiumPss),
        ffmpegMB: mb(peaks.ffmpeg), otherMB: mb(peaks.other),
      };
      return result;
    },
  };
}

function tryWrite(path: string, text: string): boolean {
  try {
    writeFileSync(path, text);
    return true;
  } catch {
    return false;
  }
}

function statusKb(path: string, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function treeSample(rootPid: number): { total: number; node: number; chromium: number; chromiumPss: number; ffmpeg: number; other: number } {
  const out = { total: 0, node: 0, chromium: 0, chromiumPss: 0, ffmpeg: 0, other: 0 };
  if (process.platform !== 'linux') {
    out.total = out.node = process.memoryUsage().rss;
    return out;
  }
  const children = new Map<number, number[]>();
  const procs = new Map<number, { rss: number; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      procs.set(Number(entry), { rss: Number(fields[21]) * 4096, comm });
    } catch {
      // The process ended while we looked.
    }
  }
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    const proc = procs.get(pid);
    stack.push(...(children.get(pid) ?? []));
    if (!proc) continue;
    out.total += proc.rss;
    if (pid === rootPid) out.node += proc.rss;
    else if (/chrom|headless/i.test(proc.comm)) {
      out.chromium += proc.rss;
      out.chromiumPss += statusKb(`/proc/${pid}/smaps_rollup`, 'Pss') * 1024;
    } else if (/ffmpeg/i.test(proc.comm)) out.ffmpeg += proc.rss;
    else out.other += proc.rss;
  }
  return out;
}
