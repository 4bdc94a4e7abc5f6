import { Inngest } from "inngest";
import { inngestDevMode } from "@/server/jobs/runner-mode";
import { env } from "@/server/env";

// The Inngest client (docs/jobs.md). Its settings come from server/env.ts like every other
// variable; the SDK would otherwise read them from process.env itself.
const { INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY, INNGEST_BASE_URL } = env();

export const inngest = new Inngest({
  id: "agentforge",
  ...(INNGEST_EVENT_KEY && { eventKey: INNGEST_EVENT_KEY }),
  ...(INNGEST_SIGNING_KEY && { signingKey: INNGEST_SIGNING_KEY }),
  ...(INNGEST_BASE_URL && { baseUrl: INNGEST_BASE_URL }),
  ...(inngestDevMode() !== undefined && { isDev: inngestDevMode() }),
});
