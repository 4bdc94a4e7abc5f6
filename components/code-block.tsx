"use client";

import { useId, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export type CodeBlockProps = {
  code: string;
  /** Names the block (its caption): "curl", "Example". */
  label: string;
  /** Shows a copy button with this text ("Copy curl"); it reads "Copied" once copied. */
  copyLabel?: string;
  className?: string;
};

/** Preformatted code with a caption and, optionally, a copy button. */
export function CodeBlock({ code, label, copyLabel, className }: CodeBlockProps) {
  const captionId = useId();
  const preRef = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setCopyFailed(false);
    } catch {
      // No clipboard access (an insecure origin, or permission denied): select the code so
      // copying by hand is one keystroke away.
      setCopyFailed(true);
      if (preRef.current) window.getSelection()?.selectAllChildren(preRef.current);
    }
  }

  return (
    // Named by its caption through aria-labelledby: a <figcaption> must be the figure's first or
    // last child, and this one shares a row with the copy button.
    <figure aria-labelledby={captionId} className={cn("flex min-w-0 flex-col gap-1.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <span id={captionId} className="text-xs font-medium text-muted-foreground">
          {label}
        </span>
        {copyLabel && (
          <Button type="button" variant="secondary" size="sm" onClick={copy}>
            {copied ? "Copied" : copyLabel}
          </Button>
        )}
      </div>
      <pre
        ref={preRef}
        // Scrollable, so reachable by keyboard.
        tabIndex={0}
        className="max-h-96 overflow-auto rounded-md border bg-muted p-3 font-mono text-xs leading-relaxed"
      >
        <code>{code}</code>
      </pre>
      {copyFailed && (
        <p role="alert" className="text-sm text-destructive">
          Could not copy automatically: the code is selected, copy it by hand.
        </p>
      )}
    </figure>
  );
}
