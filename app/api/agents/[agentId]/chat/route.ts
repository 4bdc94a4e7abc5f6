import { dashboardChatHandler } from "@/server/http/dashboard-chat";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ agentId: string }> }) {
  const { agentId } = await params;
  return dashboardChatHandler(agentId)(request);
}
