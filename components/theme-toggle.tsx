"use client";

import { useEffect, useSyncExternalStore, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import {
  applyTheme,
  nextThemePreference,
  readThemePreference,
  subscribeThemePreference,
  writeThemePreference,
  type ThemePreference,
} from "@/lib/theme";

// The server cannot know the stored preference; React re-renders with the real
// value right after hydration instead of reporting a mismatch.
const getServerSnapshot = (): ThemePreference => "system";

const icons: Record<ThemePreference, ReactNode> = {
  light: (
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.93 4.93l1.41 1.41M17.66 17.66l1.41 1.41M2 12h2M20 12h2M6.34 17.66l-1.41 1.41M19.07 4.93l-1.41 1.41" />
    </>
  ),
  dark: <path d="M21 12.79A9 9 0 1 1 11.21 3 7 7 0 0 0 21 12.79z" />,
  system: (
    <>
      <rect x="2" y="3" width="20" height="14" rx="2" />
      <path d="M8 21h8M12 17v4" />
    </>
  ),
};

/** Cycles light → dark → system; the title tells the current and next state. */
export function ThemeToggle() {
  const preference = useSyncExternalStore(
    subscribeThemePreference,
    readThemePreference,
    getServerSnapshot,
  );
  const next = nextThemePreference(preference);
  // The <head> script set the class before paint, but React may rebuild <html>'s attributes
  // when it recovers from a hydration error elsewhere on the page; apply it again once mounted.
  useEffect(() => applyTheme(preference), [preference]);

  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label="Toggle theme"
      title={`Theme: ${preference} (switch to ${next})`}
      onClick={() => writeThemePreference(next)}
    >
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        {icons[preference]}
      </svg>
    </Button>
  );
}
