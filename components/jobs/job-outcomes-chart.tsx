"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";

import type { JobOutcomeDay } from "@/components/jobs/job-helpers";

// Outcomes per UTC day as stacked bars, with the same numbers as a table for screen readers
// (the chart itself is hidden from them: a table reads better than an SVG's shapes).

const SERIES = [
  { key: "completed", label: "Completed", color: "oklch(0.63 0.15 150)" },
  { key: "failedAttempts", label: "Failed attempts", color: "oklch(0.77 0.16 75)" },
  { key: "dead", label: "Dead", color: "oklch(0.58 0.22 27)" },
] as const;

/** "2026-03-07" → "Mar 7", read as the UTC day it names. */
function dayLabel(day: string): string {
  return new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}

export function JobOutcomesChart({ days }: { days: JobOutcomeDay[] }) {
  const empty = days.every((day) => day.completed + day.failedAttempts + day.dead === 0);
  return (
    <div className="flex flex-col gap-2">
      <div aria-hidden="true" className="h-60 w-full">
        <BarChart
          responsive
          width="100%"
          height="100%"
          data={days}
          accessibilityLayer={false}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        >
          <CartesianGrid vertical={false} strokeOpacity={0.3} />
          <XAxis dataKey="day" tickFormatter={dayLabel} fontSize={12} tickLine={false} />
          <YAxis allowDecimals={false} fontSize={12} tickLine={false} axisLine={false} />
          <Tooltip labelFormatter={(day) => dayLabel(String(day))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((series) => (
            <Bar
              key={series.key}
              dataKey={series.key}
              name={series.label}
              stackId="outcomes"
              fill={series.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </div>
      {empty && (
        <p className="text-sm text-muted-foreground">No job finished or failed in this period.</p>
      )}
      <table className="sr-only">
        <caption>Job outcomes per day (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {SERIES.map((series) => (
              <th key={series.key} scope="col">
                {series.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row">{dayLabel(day.day)}</th>
              {SERIES.map((series) => (
                <td key={series.key}>{day[series.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
