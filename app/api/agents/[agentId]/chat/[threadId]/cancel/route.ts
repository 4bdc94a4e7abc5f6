import { dashboardCancelHandler } from "@/server/http/dashboard-chat";

export const dynamic = "force-dynamic";

export async function POST(
  request: Request,
  { params }: { params: Promise<{ agentId: string; threadId: string }> },
) {
  const { agentId, threadId } = await params;
  return dashboardCancelHandler(agentId, threadId)(request);
}
