"use client";

import { useState } from "react";

import { ApiKeySecret } from "@/components/api-keys/api-key-secret";
import { ApiSnippets } from "@/components/api-keys/api-snippets-card";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

type Created = { name: string; secret: string };

/** Creates a key, then shows its plaintext once; closing the dialog forgets it. */
export function CreateApiKeyDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  // A fresh form (empty fields, no stale error) every time the dialog opens.
  const [formKey, setFormKey] = useState(0);

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setCreated(null);
      setFormKey((key) => key + 1);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>Create API key</Button>
      </DialogTrigger>
      <DialogContent
        // While the key is on screen a stray click outside would lose it for good; the
        // dialog then closes only through its buttons or Escape.
        onInteractOutside={(event) => {
          if (created) event.preventDefault();
        }}
      >
        <DialogHeader>
          <DialogTitle>Create API key</DialogTitle>
          <DialogDescription>
            {created
              ? `The key "${created.name}" is ready.`
              : "Keys authenticate calls to the public API (POST /v1/chat)."}
          </DialogDescription>
        </DialogHeader>
        {created ? (
          <>
            <ApiKeySecret secret={created.secret} />
            <ApiSnippets apiKey={created.secret} />
            <DialogFooter>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <CreateApiKeyForm
            key={formKey}
            onCreated={(result) => setCreated({ name: result.apiKey.name, secret: result.key })}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
