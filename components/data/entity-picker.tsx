"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type KeyboardEvent } from "react";

import { useEntityTypeIndex } from "@/components/data/use-entity-type-index";
import { fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";

export type PickedEntity = { id: string; label: string; typeName: string };

const RESULT_LIMIT = 10;

export type EntityPickerProps = {
  id: string;
  /** The record being linked from, which cannot be its own target. */
  excludeId?: string;
  /** Limits the search to one entity type (the permission simulator's resource). */
  entityTypeSlug?: string;
  value: PickedEntity | null;
  onChange: (value: PickedEntity | null) => void;
  hint?: string;
  error?: string | null;
};

/**
 * A combobox over records of every type, or of one type: typing searches (`entities.search`),
 * arrows and Enter or a click pick one. Remount (change its key) to clear it.
 */
export function EntityPicker({
  id,
  excludeId,
  entityTypeSlug,
  value,
  onChange,
  hint,
  error,
}: EntityPickerProps) {
  const trpc = useTRPC();
  const types = useEntityTypeIndex();
  const [text, setText] = useState(value?.label ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDebouncedValue(text.trim(), 250);
  const searching = open && value === null && query !== "";

  const results = useQuery(
    trpc.entities.search.queryOptions(
      { query, limit: RESULT_LIMIT, ...(entityTypeSlug && { entityTypeSlug }) },
      { enabled: searching },
    ),
  );
  const options: PickedEntity[] = (results.data?.items ?? [])
    .filter((entity) => entity.id !== excludeId)
    .map((entity) => {
      const type = types.byId.get(entity.entityTypeId);
      return {
        id: entity.id,
        label: types.labelOf(entity, type),
        typeName: type?.name ?? "Record",
      };
    });
  const expanded = searching && text.trim() !== "" && options.length > 0;
  const listId = `${id}-options`;
  const optionId = (index: number) => `${id}-option-${index}`;

  function pick(option: PickedEntity) {
    setText(option.label);
    setOpen(false);
    onChange(option);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) =>
        Math.min(Math.max(current + step, 0), Math.max(options.length - 1, 0)),
      );
    } else if (event.key === "Enter" && expanded) {
      // Enter picks the highlighted record instead of submitting the form.
      event.preventDefault();
      const option = options[active];
      if (option) pick(option);
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <Input
        {...fieldControlProps(id, { hint, error })}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? optionId(active) : undefined}
        autoComplete="off"
        placeholder={
          entityTypeSlug ? "Type to search records" : "Type to search records of any type"
        }
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
          if (value) onChange(null);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      {searching && results.isFetching && (
        <div className="flex items-center gap-2 text-xs text-muted-foreground">
          <Spinner label="Searching records" />
          <span aria-hidden="true">Searching…</span>
        </div>
      )}
      {searching && !results.isFetching && results.data && options.length === 0 && (
        <p role="status" className="text-xs text-muted-foreground">
          No matching records.
        </p>
      )}
      <ul
        id={listId}
        role="listbox"
        aria-label="Matching records"
        hidden={!expanded}
        className="max-h-56 overflow-y-auto rounded-md border bg-background p-1 text-sm shadow-sm"
      >
        {options.map((option, index) => (
          <li
            key={option.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            // Keeps focus in the input, so the blur does not close the list before the click.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(option)}
            onMouseEnter={() => setActive(index)}
            className={cn(
              "flex cursor-pointer items-center justify-between gap-2 rounded-sm px-2 py-1.5",
              index === active && "bg-accent text-accent-foreground",
            )}
          >
            <span className="truncate">{option.label}</span>{" "}
            <span className="text-xs text-muted-foreground">{option.typeName}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
