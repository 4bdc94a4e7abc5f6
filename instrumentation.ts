// Next.js calls register() once when a server starts. The job runner lives in the Node.js
// runtime only (it holds database connections and timers).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { shouldStartJobRunner, startJobRunner } = await import("@/server/jobs/start");
  if (shouldStartJobRunner()) startJobRunner();
}
