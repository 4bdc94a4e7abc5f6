import { readFileSync, unlinkSync, writeFileSync } from "node:fs";

// PGlite corrupts a data directory that two processes open at once (docs/offline.md). A lock file next
// to the directory names the process that holds it. A holder that died (a SIGKILLed dev server)
// leaves the file behind; its PID is then not alive and the next process takes the lock over.

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database ${dataDir} is in use by process ${holderPid} (another \`npm run dev\`?). ` +
        `Stop that process first, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DatabaseLockedError";
  }
}

/** Takes the lock of a PGlite data directory for this process, released when it exits. */
export function lockDataDir(dataDir: string): void {
  const lockPath = `${dataDir}.lock`;
  try {
    writeFileSync(lockPath, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = readHolder(lockPath);
    if (holder !== null && holder !== process.pid && isAlive(holder)) {
      throw new DatabaseLockedError(dataDir, holder);
    }
    writeFileSync(lockPath, String(process.pid));
  }
  process.once("exit", () => {
    if (readHolder(lockPath) === process.pid) {
      try {
        unlinkSync(lockPath);
      } catch {
        // Already gone: nothing to release.
      }
    }
  });
}
