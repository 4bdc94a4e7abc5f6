import { readdirSync, readFileSync } from "node:fs";

// CPU time by process on this machine (Linux /proc), to say where a phase's cores went: the
// server (its whole process group), PostgreSQL's processes, and this process (the clients and the
// fake model). Elsewhere, or where /proc is not readable, the figures are absent.

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux's x86 and arm). */
const TICKS_PER_SECOND = 100;

/**
 * `server` is null when no server was asked for. PostgreSQL's figure is by process: a backend
 * that exits (a pool closing an idle connection) takes its CPU time with it, so sums of two
 * snapshots would not compare.
 */
export type CpuSnapshot = {
  server: number | null;
  postgres: Map<string, number>;
  self: number;
} | null;

function stat(pid: string): { comm: string; pgrp: number; ms: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may hold spaces; the fields after it are space-separated.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // After comm: state(0) ppid(1) pgrp(2) ... utime(11) stime(12).
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { comm, pgrp: Number(fields[2]), ms: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU milliseconds used so far by the server's process group, PostgreSQL, and this process. */
export function cpuSnapshot(serverGroup: number | undefined): CpuSnapshot {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let server = 0;
  const postgres = new Map<string, number>();
  for (const pid of pids) {
    const entry = stat(pid);
    if (!entry) continue;
    if (serverGroup !== undefined && entry.pgrp === serverGroup) server += entry.ms;
    else if (entry.comm === "postgres") postgres.set(pid, entry.ms);
  }
  const own = process.cpuUsage();
  return {
    server: serverGroup === undefined ? null : server,
    postgres,
    self: (own.user + own.system) / 1000,
  };
}

export type CpuPerOperation = { server: number | null; postgres: number; self: number };

/** CPU ms per operation between two snapshots; null when either is missing or nothing ran. */
export function cpuPerOperation(
  before: CpuSnapshot,
  after: CpuSnapshot,
  operations: number,
): CpuPerOperation | null {
  if (!before || !after || operations === 0) return null;
  // Backends in both snapshots count what they used between them, new ones all they used; one
  // that exited meanwhile is not counted (an undercount, never a negative figure).
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  return {
    server:
      after.server === null || before.server === null
        ? null
        : (after.server - before.server) / operations,
    postgres: postgres / operations,
    self: (after.self - before.self) / operations,
  };
}

export function describeCpu(cpu: CpuPerOperation | null, unit: string): string | null {
  if (!cpu) return null;
  const total = (cpu.server ?? 0) + cpu.postgres + cpu.self;
  const server = cpu.server === null ? "" : `server ${cpu.server.toFixed(2)} ms, `;
  return (
    `CPU per ${unit}: ${server}PostgreSQL ${cpu.postgres.toFixed(2)} ms, ` +
    `this process ${cpu.self.toFixed(2)} ms; ${total.toFixed(2)} ms in all`
  );
}
