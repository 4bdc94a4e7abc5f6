import { createLogger, setRootLogger, type LogLevel } from "@/server/log";

export type CapturedLogs = {
  /** The serialized lines, exactly as they would reach stdout. */
  lines: string[];
  /** The lines parsed. */
  records(): Record<string, unknown>[];
  restore(): void;
};

/** Routes the process's logger into memory until restore() (tests are silent otherwise). */
export function captureLogs(level: LogLevel = "debug"): CapturedLogs {
  const lines: string[] = [];
  setRootLogger(createLogger({ level, destination: { write: (line) => void lines.push(line) } }));
  return {
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => setRootLogger(undefined),
  };
}
