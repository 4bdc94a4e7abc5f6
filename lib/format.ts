// Date formatting shared by every table. The locale defaults to the browser's; callers pass a
// fixed locale and time zone where server and client output must match (hydration).

export type DateFormatOptions = {
  /** A BCP 47 tag; undefined means the runtime's default (the user's locale in the browser). */
  locale?: string;
  timeZone?: string;
  /** Include the time of day, for moments like "last used" rather than days like "created". */
  withTime?: boolean;
};

export function formatDate(value: Date, options: DateFormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: "medium",
    ...(options.withTime && { timeStyle: "short" }),
    ...(options.timeZone && { timeZone: options.timeZone }),
  }).format(value);
}

/** An `<input type="date">` value ("YYYY-MM-DD") for a date in the local time zone. */
export function toDateInputValue(value: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/**
 * The end of a picked day in the local time zone: a key "expiring on" a day still works that
 * whole day, and picking today is still in the future.
 */
export function endOfLocalDay(dateInputValue: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateInputValue);
  if (!match) return null;
  const [, year, month, day] = match;
  return new Date(Number(year), Number(month) - 1, Number(day), 23, 59, 59, 999);
}
