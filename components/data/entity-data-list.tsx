import { formatValue, isRecord, type SchemaProperty } from "@/components/data/schema-utils";

export type EntityDataListProps = { data: unknown; properties: SchemaProperty[] };

/** A record's data: the schema's properties in order, then any keys the schema does not name. */
export function EntityDataList({ data, properties }: EntityDataListProps) {
  const values = isRecord(data) ? data : {};
  const known = new Set(properties.map((property) => property.name));
  const rows = [
    ...properties.map((property) => ({ key: property.name, label: property.label })),
    ...Object.keys(values)
      .filter((key) => !known.has(key))
      .map((key) => ({ key, label: key })),
  ];
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">No data.</p>;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,auto)_1fr]">
      {rows.map(({ key, label }) => {
        const value = values[key];
        return (
          <div key={key} className="contents">
            <dt className="font-medium text-muted-foreground">{label}</dt>
            <dd className="min-w-0 break-words">
              {typeof value === "object" && value !== null ? (
                <pre className="overflow-x-auto rounded bg-muted p-2 font-mono text-xs">
                  {JSON.stringify(value, null, 2)}
                </pre>
              ) : (
                formatValue(value)
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
