import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { uid } from "@/test/db";

// The embedded database of `npm run dev` must survive the server being killed with SIGKILL, and
// must refuse a second process while the first is alive (two processes corrupt a PGlite dir).

const script = path.resolve("test/scripts/embedded-writer.ts");
const dirs: string[] = [];
const children: ChildProcess[] = [];

function start(dataDir: string, args: string[]) {
  // `node --import tsx` keeps one process (the tsx CLI would spawn a second one), so the PID we
  // kill is the PID that holds the database.
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 60_000;
    while (!output.includes(text)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`no "${text}" in: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

afterAll(async () => {
  // A failed assertion must not leave a writer holding a database behind.
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("embedded database (PGlite on disk)", () => {
  it("keeps committed data when the process holding it is SIGKILLed, and refuses a second process meanwhile", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "agentforge-pglite-"));
    dirs.push(parent);
    const dataDir = path.join(parent, "nested", "pglite");
    const slug = uid("durable");

    const writer = start(dataDir, ["write", slug]);
    await writer.waitFor("written");

    const intruder = start(dataDir, ["read", slug]);
    expect(await intruder.exited).not.toBe(0);
    expect(intruder.output()).toContain(`in use by process ${writer.child.pid}`);

    writer.child.kill("SIGKILL");
    await writer.exited;

    const reader = start(dataDir, ["read", slug]);
    expect(await reader.exited).toBe(0);
    expect(reader.output().trim()).toBe(`Durable ${slug}`);
  }, 120_000);
});
