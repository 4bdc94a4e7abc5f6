// The model's tool-name alphabet is letters, digits, `_` and `-`; ours also has `.`
// (`entity.query`). Outbound every `.` becomes `_`; inbound names are mapped back through a
// table built from the config (never by guessing where a dot was), and a config whose names
// collide once mapped is refused (config.ts).

export function modelToolName(name: string): string {
  return name.replaceAll(".", "_");
}

/** model name → config name, for the tools of one config. */
export function toolNameTable(names: readonly string[]): Map<string, string> {
  return new Map(names.map((name) => [modelToolName(name), name]));
}
