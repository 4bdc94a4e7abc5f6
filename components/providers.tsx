"use client";

import type { ReactNode } from "react";

// Placeholder: to be replaced with the real client providers (query client, tRPC).
export function Providers({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
