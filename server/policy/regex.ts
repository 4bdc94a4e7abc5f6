import { RE2JS, RE2JSException } from "re2js";

// Every regular expression a tenant writes runs here: field masks' `{pattern, replacement}` and
// JSON Schema `pattern` / `patternProperties` (entity types, custom tools' parameters). They run
// on the event loop every tenant shares, so they are compiled with RE2 (re2js), whose matching
// takes time linear in the input whatever the pattern: JavaScript's backtracking engine took
// 1.9 s for a mask `(a+)+$` on 28 characters, doubling with each one more. RE2 has no
// lookaround and no backreferences; a pattern it cannot compile is refused when it is saved.
// Linear is not free: the cost per character grows with the compiled program, so its size is
// bounded too. docs/tenant-patterns.md is the dialect as tenants see it.

/**
 * The largest compiled program (RE2 instructions) a tenant's pattern may have, per use. Masks
 * replace, which needs match positions and runs RE2's slower engine (about 0.7 ms per
 * instruction on 64 KiB of text at worst); schemas only test, on RE2's DFA (under 30 ms for 64
 * KiB at 1,200 instructions). `\d{3}-\d{4}` is 10 instructions, `[a-z]{1,100}` about 200.
 */
export const MAX_PROGRAM_SIZE = { mask: 100, schema: 1000 } as const;

export type PatternUse = keyof typeof MAX_PROGRAM_SIZE;

/** A tenant pattern RE2 refuses, with the reason as a sentence. */
export class PatternError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "PatternError";
  }
}

/** Why RE2 refused the pattern, in words a tenant can act on. */
function reason(error: RE2JSException): string {
  const message = error.message.replace(/^error parsing regexp: /, "");
  if (/`\(\?<?[=!]/.test(message)) return `lookahead and lookbehind are not supported (${message})`;
  if (/escape sequence: `\\([1-9]|k)/.test(message))
    return `backreferences are not supported (${message})`;
  if (message.includes("escape sequence: `\\u"))
    return `${message}: write \\x{hhhh} for a code point`;
  return message;
}

/**
 * The pattern compiled with RE2, or a PatternError saying why it is refused (invalid, a
 * feature RE2 lacks, or too large once compiled for `use`).
 */
export function compileTenantPattern(pattern: string, use: PatternUse): RE2JS {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw new PatternError(reason(error));
  }
  const size = compiled.programSize();
  if (size > MAX_PROGRAM_SIZE[use]) {
    throw new PatternError(
      `too large once compiled (${size} instructions, at most ${MAX_PROGRAM_SIZE[use]}): use smaller repetition counts`,
    );
  }
  return compiled;
}

/** Why the pattern would be refused, or null when it compiles. */
export function patternProblem(pattern: string, use: PatternUse): string | null {
  try {
    compileTenantPattern(pattern, use);
    return null;
  } catch (error) {
    if (error instanceof PatternError) return error.message;
    throw error;
  }
}

/**
 * Every match of `pattern` in `value` replaced, the replacement read as by JavaScript's
 * `String.prototype.replace`: `$1`..`$99` a group, `$<name>` a named group, `$&` the match,
 * `` $` `` and `$'` the text before and after it, `$$` a `$`.
 */
export function replaceAll(pattern: RE2JS, value: string, replacement: string): string {
  return pattern.matcher(value).replaceAll(replacement);
}
