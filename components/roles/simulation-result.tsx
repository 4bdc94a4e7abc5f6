"use client";

import {
  describeMask,
  describeRule,
  formatJson,
  isTemplate,
  type Explanation,
} from "@/components/roles/role-helpers";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

type ExplainedPolicy = Explanation["policies"][number];
type ExplainedRule = ExplainedPolicy["rules"][number];

/** ✓ or ✗ with words for screen readers; nothing when there was no record to match. */
function MatchMark({ matched, what }: { matched: boolean | null; what: string }) {
  if (matched === null) return null;
  return (
    <span className={matched ? "text-emerald-600 dark:text-emerald-400" : "text-destructive"}>
      <span aria-hidden="true">{matched ? "✓" : "✗"}</span>
      <span className="sr-only">{matched ? `${what} matches` : `${what} does not match`}</span>
    </span>
  );
}

function RuleLine({ rule }: { rule: ExplainedRule }) {
  // The resolved value only adds information when a template stood in for it.
  const resolved = isTemplate(rule.value) ? ` = ${formatJson(rule.resolvedValue)}` : "";
  return (
    <li className="flex items-baseline gap-2">
      <MatchMark matched={rule.matched} what="Rule" />
      <code className="font-mono text-xs break-all">
        {describeRule(rule)}
        {resolved}
      </code>
    </li>
  );
}

function PolicyItem({ policy }: { policy: ExplainedPolicy }) {
  return (
    <li className="flex flex-col gap-2 rounded-md border p-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <MatchMark matched={policy.matchesRecord} what="Record" />
        <span className="font-medium">{policy.roleName}</span>
        <code className="font-mono text-xs">{policy.resource}</code>
        <code className="font-mono text-xs">{policy.action}</code>
        <Badge variant={policy.effect === "allow" ? "secondary" : "destructive"}>
          {policy.effect}
        </Badge>
        <span className="text-xs text-muted-foreground">priority {policy.priority}</span>
      </div>
      {policy.rules.length === 0 ? (
        <p className="text-xs text-muted-foreground">No scope rules: applies to every record.</p>
      ) : (
        <ul aria-label="Scope rules" className="flex flex-col gap-1">
          {policy.rules.map((rule) => (
            <RuleLine key={rule.id} rule={rule} />
          ))}
        </ul>
      )}
      {policy.masks.length > 0 && (
        <p className="text-xs text-muted-foreground">
          Masks:{" "}
          {policy.masks.map((mask) => describeMask({ ...mask, maskConfig: null })).join(", ")}
        </p>
      )}
    </li>
  );
}

/** The simulator's answer: the decision first and largest, then why, then the record. */
export function SimulationResult({ explanation }: { explanation: Explanation }) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <p
          role="status"
          className={cn(
            "text-2xl font-semibold",
            explanation.allowed ? "text-emerald-600 dark:text-emerald-400" : "text-destructive",
          )}
        >
          {explanation.allowed ? "Allowed" : "Denied"}
        </p>
        <p className="text-sm text-muted-foreground">{explanation.reason}</p>
      </div>
      {explanation.policies.length > 0 && (
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium">Deciding policies</h3>
          <ul aria-label="Deciding policies" className="flex flex-col gap-2">
            {explanation.policies.map((policy) => (
              <PolicyItem key={policy.policyId} policy={policy} />
            ))}
          </ul>
        </div>
      )}
      {explanation.recordVisible === true && (
        <figure className="flex flex-col gap-2">
          <figcaption className="text-sm font-medium">Record as seen</figcaption>
          <pre className="max-h-96 overflow-auto rounded-md border bg-muted p-3 font-mono text-xs">
            {JSON.stringify(explanation.record, null, 2)}
          </pre>
        </figure>
      )}
      {explanation.recordVisible === false && (
        <p className="text-sm font-medium">Not visible to this subject</p>
      )}
    </div>
  );
}
