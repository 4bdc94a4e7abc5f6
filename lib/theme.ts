// Not a client module on purpose: the root layout (a server component) needs the
// init script as a plain string, which a "use client" module could not provide.

export type ThemePreference = "light" | "dark" | "system";

export const THEME_PREFERENCES: readonly ThemePreference[] = ["light", "dark", "system"];

export const THEME_STORAGE_KEY = "theme";

// Same-tab writes do not fire the "storage" event, so the toggle announces its own.
const THEME_CHANGE_EVENT = "agentforge:themechange";

/**
 * Runs in <head> before first paint so a dark-mode user never sees a light flash.
 * It also keeps following the OS setting (and other tabs) while the preference is
 * "system", independently of React, so every page gets it without a provider.
 */
export const themeInitScript = `(function(){try{
var k=${JSON.stringify(THEME_STORAGE_KEY)};
var m=window.matchMedia("(prefers-color-scheme: dark)");
function apply(){var t=null;try{t=localStorage.getItem(k);}catch(e){}
var d=t==="dark"||(t!=="light"&&m.matches);var r=document.documentElement;
r.classList.toggle("dark",d);r.style.colorScheme=d?"dark":"light";}
apply();
m.addEventListener("change",apply);
window.addEventListener("storage",function(e){if(e.key===k)apply();});
}catch(e){}})();`;

// Used only when localStorage is unavailable, so toggling still works for this page view.
let memoryPreference: ThemePreference = "system";

function isThemePreference(value: unknown): value is ThemePreference {
  return value === "light" || value === "dark" || value === "system";
}

export function readThemePreference(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isThemePreference(stored) ? stored : "system";
  } catch {
    // Storage can be blocked (privacy modes).
    return memoryPreference;
  }
}

export function applyTheme(preference: ThemePreference): void {
  const dark =
    preference === "dark" ||
    (preference === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
}

export function writeThemePreference(preference: ThemePreference): void {
  memoryPreference = preference;
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Not persisted, but still applied below for this page view.
  }
  applyTheme(preference);
  window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
}

export function subscribeThemePreference(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY) onChange();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(THEME_CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(THEME_CHANGE_EVENT, onChange);
  };
}

export function nextThemePreference(current: ThemePreference): ThemePreference {
  const index = THEME_PREFERENCES.indexOf(current);
  return THEME_PREFERENCES[(index + 1) % THEME_PREFERENCES.length] ?? "system";
}
