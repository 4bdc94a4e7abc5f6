"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import {
  DIRECTIONS,
  isOneOf,
  LITERAL,
  OPERATORS,
  parseJsonValue,
  RULE_TYPES,
  VALUE_TEMPLATES,
  type JsonValue,
  type ScopeRule,
  type ValueTemplate,
} from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionSelect, Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["type", "field", "operator", "value", "relationPath", "relationDirection"] as const;
const TEMPLATE_OPTIONS = [LITERAL, ...VALUE_TEMPLATES] as const;

const VALUE_HINT = 'JSON: "text", 42, true, ["a", "b"]';

type Errors = Partial<Record<(typeof FIELDS)[number], string>>;

/** Adds a scope rule to a policy, checking what the server would refuse before sending it. */
export function AddScopeRuleForm({ policyId }: { policyId: string }) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const id = useId();
  const [type, setType] = useState<ScopeRule["type"]>("field");
  const [field, setField] = useState("");
  const [operator, setOperator] = useState<(typeof OPERATORS)[number]>("eq");
  const [relationPath, setRelationPath] = useState("");
  const [direction, setDirection] = useState<ScopeRule["relationDirection"]>("any");
  const [template, setTemplate] = useState<ValueTemplate>(LITERAL);
  const [valueText, setValueText] = useState("");
  const [localErrors, setLocalErrors] = useState<Errors>({});
  const add = useMutation(
    trpc.roles.addScopeRule.mutationOptions({
      onSuccess: async () => {
        setField("");
        setRelationPath("");
        setValueText("");
        await invalidateRoles();
      },
    }),
  );
  const server = formErrors(add.error, FIELDS);
  const errorOf = (name: (typeof FIELDS)[number]) => localErrors[name] ?? server.fields[name];

  function validate(): { errors: Errors; value: JsonValue | undefined } {
    const errors: Errors = {};
    if (type === "field" && field.trim() === "")
      errors.field = "Enter a field, e.g. data.teacherId";
    if (type === "relation" && relationPath.trim() === "")
      errors.relationPath = "Enter a relation type, e.g. teaches";
    if (template !== LITERAL) return { errors, value: template };
    // `exists` needs no value: without one it means "the field is present".
    if (type === "field" && operator === "exists" && valueText.trim() === "")
      return { errors, value: undefined };
    const parsed = parseJsonValue(valueText);
    if (!parsed.ok) errors.value = parsed.error;
    return { errors, value: parsed.ok ? parsed.value : undefined };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { errors, value } = validate();
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    add.mutate({
      policyId,
      type,
      ...(type === "field"
        ? { field: field.trim(), operator }
        : { relationPath: relationPath.trim(), relationDirection: direction }),
      ...(value !== undefined && { value }),
    });
  }

  const templateError = template === LITERAL ? undefined : errorOf("value");
  const control = (name: (typeof FIELDS)[number], suffix: string) =>
    fieldControlProps(`${id}-${suffix}`, { error: errorOf(name) });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <FormField id={`${id}-type`} label="Type" error={errorOf("type")}>
          <Select
            {...control("type", "type")}
            value={type}
            onChange={(event) => {
              if (isOneOf(RULE_TYPES, event.target.value)) setType(event.target.value);
              setLocalErrors({});
            }}
          >
            {RULE_TYPES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </Select>
        </FormField>
        {type === "field" ? (
          <>
            <FormField id={`${id}-field`} label="Field" error={errorOf("field")}>
              <Input
                {...control("field", "field")}
                autoComplete="off"
                spellCheck={false}
                placeholder="data.teacherId"
                value={field}
                onChange={(event) => setField(event.target.value)}
              />
            </FormField>
            <FormField id={`${id}-operator`} label="Operator" error={errorOf("operator")}>
              <OptionSelect
                {...control("operator", "operator")}
                options={OPERATORS}
                value={operator}
                onValueChange={setOperator}
              />
            </FormField>
          </>
        ) : (
          <>
            <FormField id={`${id}-relation`} label="Relation type" error={errorOf("relationPath")}>
              <Input
                {...control("relationPath", "relation")}
                autoComplete="off"
                spellCheck={false}
                placeholder="teaches"
                value={relationPath}
                onChange={(event) => setRelationPath(event.target.value)}
              />
            </FormField>
            <FormField
              id={`${id}-direction`}
              label="Direction"
              error={errorOf("relationDirection")}
            >
              <OptionSelect
                {...control("relationDirection", "direction")}
                options={DIRECTIONS}
                value={direction}
                onValueChange={setDirection}
              />
            </FormField>
          </>
        )}
        {/* With a template chosen there is no Value field: its errors show here instead. */}
        <FormField id={`${id}-template`} label="Value template" error={templateError}>
          <Select
            {...fieldControlProps(`${id}-template`, { error: templateError })}
            value={template}
            onChange={(event) => {
              if (isOneOf(TEMPLATE_OPTIONS, event.target.value)) setTemplate(event.target.value);
              setLocalErrors((errors) => ({ ...errors, value: undefined }));
            }}
          >
            {TEMPLATE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </Select>
        </FormField>
        {template === LITERAL && (
          <FormField id={`${id}-value`} label="Value" hint={VALUE_HINT} error={errorOf("value")}>
            <Input
              {...fieldControlProps(`${id}-value`, { hint: VALUE_HINT, error: errorOf("value") })}
              autoComplete="off"
              spellCheck={false}
              placeholder={type === "relation" ? '["record-id"]' : '"active"'}
              value={valueText}
              onChange={(event) => setValueText(event.target.value)}
            />
          </FormField>
        )}
      </div>
      {server.form && <Alert variant="destructive">{server.form}</Alert>}
      <div>
        <Button type="submit" variant="secondary" size="sm" disabled={add.isPending}>
          {add.isPending && <Spinner label="" />}
          Add scope rule
        </Button>
      </div>
    </form>
  );
}
