import { STATUS_LABELS, type AgentStatus } from "@/components/agents/agent-helpers";
import { Badge, type BadgeVariant } from "@/components/ui/badge";

const VARIANTS: Record<AgentStatus, BadgeVariant> = {
  active: "default",
  paused: "secondary",
  deleted: "destructive",
};

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  return <Badge variant={VARIANTS[status]}>{STATUS_LABELS[status]}</Badge>;
}
