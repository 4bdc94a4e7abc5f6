"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";

/** Database reachability as the server sees it, refreshed every 30 s. */
export function SystemStatus() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.system.health.queryOptions(), refetchInterval: 30_000 });
  const database = health.data?.database;
  return (
    <Card>
      <CardHeader>
        <CardTitle>System status</CardTitle>
        <CardDescription className="flex items-center gap-2">
          <span>Database</span>
          {health.isPending ? (
            <Spinner />
          ) : (
            <Badge
              variant={database === "ok" ? "secondary" : "destructive"}
              aria-label={`Database ${database ?? "unknown"}`}
            >
              {database ?? "unknown"}
            </Badge>
          )}
        </CardDescription>
      </CardHeader>
    </Card>
  );
}
