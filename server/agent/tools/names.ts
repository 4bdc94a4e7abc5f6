// The built-in tools an agent config can list by name. Their descriptions and input schemas live
// with each tool (tools/<name>.ts); the registry must hold exactly these (tools/registry.test.ts).
export const BUILTIN_TOOL_NAMES = [
  "entity.create",
  "entity.get",
  "entity.query",
  "entity.update",
  "entity.delete",
  "entity.link",
  "entity.unlink",
  "event.emit",
  "event.query",
  "job.enqueue",
  "job.status",
] as const;

export type BuiltinToolName = (typeof BUILTIN_TOOL_NAMES)[number];

export function isBuiltinToolName(name: string): name is BuiltinToolName {
  return (BUILTIN_TOOL_NAMES as readonly string[]).includes(name);
}
