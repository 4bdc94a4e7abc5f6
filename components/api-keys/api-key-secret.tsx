"use client";

import { useId, useRef, useState } from "react";

import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** The plaintext key, shown once right after creation, with a copy button. */
export function ApiKeySecret({ secret }: { secret: string }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      setCopyFailed(false);
    } catch {
      // No clipboard access (an insecure origin, or permission denied): select the text so
      // copying by hand is one keystroke away.
      setCopyFailed(true);
      inputRef.current?.select();
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <Alert variant="warning" role="note">
        <AlertTitle>Copy this key now</AlertTitle>
        <p>It will not be shown again. Store it somewhere safe, such as a secrets manager.</p>
      </Alert>
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-key`}>API key</Label>
        <div className="flex gap-2">
          <Input
            ref={inputRef}
            id={`${id}-key`}
            readOnly
            value={secret}
            spellCheck={false}
            autoComplete="off"
            className="font-mono text-xs"
            onFocus={(event) => event.currentTarget.select()}
          />
          <Button variant="secondary" onClick={copy}>
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
        {copyFailed && (
          <p role="alert" className="text-sm text-destructive">
            Could not copy automatically: the key is selected, copy it by hand.
          </p>
        )}
      </div>
    </div>
  );
}
