"use client";

import { useId } from "react";

import type { FilterOperator } from "@/components/data/entity-queries";
import type { SchemaProperty } from "@/components/data/schema-utils";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

export type FilterValues = {
  search: string;
  status: string;
  field: string;
  op: FilterOperator;
  value: string;
};

export const EMPTY_FILTERS: FilterValues = {
  search: "",
  status: "",
  field: "",
  op: "eq",
  value: "",
};

const OPERATORS: { value: FilterOperator; label: string }[] = [
  { value: "eq", label: "equals" },
  { value: "gt", label: "greater than" },
  { value: "lt", label: "less than" },
];

function isOperator(value: string): value is FilterOperator {
  return OPERATORS.some((operator) => operator.value === value);
}

export type EntityFiltersProps = {
  values: FilterValues;
  onChange: (changes: Partial<FilterValues>) => void;
  properties: SchemaProperty[];
};

/** The search box, the status filter and one filter on a data field. */
export function EntityFilters({ values, onChange, properties }: EntityFiltersProps) {
  const id = useId();
  const active =
    values.search !== "" || values.status !== "" || values.field !== "" || values.value !== "";

  return (
    <div role="search" aria-label="Records" className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${id}-search`}>Search</Label>
          <Input
            id={`${id}-search`}
            type="search"
            autoComplete="off"
            placeholder="Words from the search fields"
            value={values.search}
            onChange={(event) => onChange({ search: event.target.value })}
          />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${id}-status`}>Status</Label>
          <Input
            id={`${id}-status`}
            autoComplete="off"
            placeholder="active"
            value={values.status}
            onChange={(event) => onChange({ status: event.target.value })}
          />
        </div>
      </div>
      <div className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_1fr_auto]">
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${id}-field`}>Filter field</Label>
          <Select
            id={`${id}-field`}
            value={values.field}
            onChange={(event) => onChange({ field: event.target.value })}
          >
            <option value="">No field filter</option>
            {properties.map((property) => (
              <option key={property.name} value={property.name}>
                {property.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${id}-op`}>Operator</Label>
          <Select
            id={`${id}-op`}
            value={values.op}
            onChange={(event) => {
              if (isOperator(event.target.value)) onChange({ op: event.target.value });
            }}
          >
            {OPERATORS.map((operator) => (
              <option key={operator.value} value={operator.value}>
                {operator.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${id}-value`}>Value</Label>
          <Input
            id={`${id}-value`}
            autoComplete="off"
            value={values.value}
            onChange={(event) => onChange({ value: event.target.value })}
          />
        </div>
        <Button variant="ghost" disabled={!active} onClick={() => onChange(EMPTY_FILTERS)}>
          Clear filters
        </Button>
      </div>
    </div>
  );
}
