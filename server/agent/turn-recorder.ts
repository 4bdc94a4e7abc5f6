import type { UIMessageChunk } from "ai";
import type { Db } from "@/server/db/client";
import { log } from "@/server/log";
import { recordTurnProgress, turnCancelRequested, type TurnStep } from "@/server/services/turns";

// The stream parts of a running turn: kept in memory for clients of this instance (the live
// stream, a rejoin), and appended to the execution row in small batches for clients of any
// other instance (they poll it). Each write to the row also reads the turn's cancel flag, and
// while nothing is written the flag is polled, so a cancel from anywhere is seen within
// `cancelPollMs`.

export type PartSink = { write(part: UIMessageChunk): void };

export type RecorderTiming = { flushMs: number; cancelPollMs: number };
export const DEFAULT_RECORDER_TIMING: RecorderTiming = { flushMs: 100, cancelPollMs: 300 };

export class TurnRecorder implements PartSink {
  readonly parts: UIMessageChunk[] = [];
  private recorded = 0;
  private chain: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private lastContact = Date.now();
  private readonly waiters = new Set<() => void>();
  private cancelHandlers: (() => void)[] = [];
  ended = false;
  cancelRequested = false;

  constructor(
    private readonly db: Db,
    readonly executionId: string,
    private readonly timing: RecorderTiming = DEFAULT_RECORDER_TIMING,
  ) {}

  write(part: UIMessageChunk): void {
    if (this.ended) return;
    this.parts.push(part);
    for (const wake of this.waiters) wake();
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, this.timing.flushMs);
  }

  /** Runs `handler` once when a cancel is requested (here or through the database). */
  onCancel(handler: () => void): void {
    if (this.cancelRequested) handler();
    else this.cancelHandlers.push(handler);
  }

  /** A cancel seen by this instance (same-instance requests need not wait for the poll). */
  cancel(): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    for (const handler of this.cancelHandlers.splice(0)) handler();
  }

  startCancelWatch(): void {
    this.pollTimer = setInterval(() => {
      if (Date.now() - this.lastContact < this.timing.cancelPollMs) return;
      this.chain = this.chain.then(async () => {
        this.lastContact = Date.now();
        if (await turnCancelRequested(this.db, this.executionId).catch(() => false)) this.cancel();
      });
    }, this.timing.cancelPollMs);
    this.pollTimer.unref();
  }

  /** Appends the parts not yet recorded (and, at a step's end, its messages and counters). */
  flush(step?: TurnStep): Promise<void> {
    this.chain = this.chain.then(async () => {
      const parts = this.parts.slice(this.recorded);
      if (parts.length === 0 && !step) return;
      this.lastContact = Date.now();
      try {
        const { cancelRequested } = await recordTurnProgress(
          this.db,
          this.executionId,
          parts,
          step,
        );
        this.recorded += parts.length;
        if (cancelRequested) this.cancel();
      } catch (error) {
        // Parts stay unrecorded and go with the next write (or the end of the turn); a step's
        // messages are the loop's to keep (it is told by the rejection).
        log({ executionId: this.executionId }).error({ err: error }, "turn progress not recorded");
        if (step) throw error;
      }
    });
    return this.chain;
  }

  /** Stops recording and returns the parts the end of the turn must still write. */
  async finish(): Promise<UIMessageChunk[]> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.chain;
    return this.parts.slice(this.recorded);
  }

  /**
   * The turn's last parts, released once its end is stored: a client that reads `finish` and
   * asks again at once finds the turn ended (not still running, which would refuse it 409).
   */
  close(last: UIMessageChunk[]): void {
    this.parts.push(...last);
    this.ended = true;
    for (const wake of this.waiters) wake();
  }

  /** Every part from the first, then the live ones until the turn ends (same instance). */
  async *follow(): AsyncGenerator<UIMessageChunk> {
    let next = 0;
    for (;;) {
      while (next < this.parts.length) yield this.parts[next++]!;
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
  }
}

/** The turns running in this process, for same-instance cancel and rejoin. */
const live = new Map<string, TurnRecorder>();

export const liveTurns = {
  add(recorder: TurnRecorder) {
    live.set(recorder.executionId, recorder);
  },
  delete(executionId: string) {
    live.delete(executionId);
  },
  get(executionId: string): TurnRecorder | undefined {
    return live.get(executionId);
  },
};
