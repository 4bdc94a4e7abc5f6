import { dashboardResumeHandler } from "@/server/http/dashboard-chat";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ agentId: string; threadId: string }> },
) {
  const { agentId, threadId } = await params;
  return dashboardResumeHandler(agentId, threadId)(request);
}
