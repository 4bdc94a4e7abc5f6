import { Spinner } from "@/components/ui/spinner";

// Shown at once while a dashboard page renders on the server (a large page such as the API
// reference, or a slow database), so a click on the navigation answers immediately.
export default function DashboardLoading() {
  return (
    <div className="flex items-center gap-2 py-12 text-sm text-muted-foreground">
      <Spinner label="" />
      <span role="status">Loading…</span>
    </div>
  );
}
