// CPU time a server process has used, every thread together (the event loop, the threadpool that
// signs, the sign-in log's and the password workers), read from /proc/<pid>/stat around a timed
// window. It says whether a pinned server really saturated its core (then 1e6 ÷ tokens/s is the
// core's µs per token), and gives the CPU per token where the cores are shared with wrk (2 cores).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** utime + stime of `pid`, seconds (NaN when /proc cannot say, e.g. not Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // proc(5): fields after the command name, which is in parentheses and may contain spaces;
    // utime and stime are fields 14 and 15, i.e. the 12th and 13th after the ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ, the unit of /proc's times (100 on every common Linux; asked once). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}
