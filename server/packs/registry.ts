import { notFound } from "@/server/errors";
import { compareVersions, type PackDefinition, type PackSource } from "@/server/packs/format";
import { checkMigrations } from "@/server/packs/migrations";
import { loadPack, PackFormatError } from "@/server/packs/validate";
import { PACK_SOURCES } from "@/server/packs/definitions";

// The packs the product offers: every version of each, checked when the registry is built (a
// pack that fails its checks stops the process at start, never an install). Services take a
// registry argument, so tests can offer packs of their own (a broken migration) beside these.

export type PackRegistry = {
  /** Every pack id with its versions, oldest first. */
  versions: ReadonlyMap<string, readonly PackDefinition[]>;
};

export function buildRegistry(sources: readonly PackSource[]): PackRegistry {
  const byId = new Map<string, PackDefinition[]>();
  for (const source of sources) {
    const pack = loadPack(source);
    const versions = byId.get(pack.id) ?? [];
    if (versions.some((other) => other.version === pack.version))
      throw new PackFormatError(pack.id, [`version ${pack.version} is defined twice`]);
    versions.push(pack);
    byId.set(pack.id, versions);
  }
  for (const [id, versions] of byId) {
    versions.sort((a, b) => compareVersions(a.version, b.version));
    const problems = checkMigrations(versions);
    if (problems.length > 0) throw new PackFormatError(id, problems);
  }
  return { versions: byId };
}

export const defaultRegistry = buildRegistry(PACK_SOURCES);

/** The latest version of every pack. */
export function latestPacks(registry: PackRegistry = defaultRegistry): PackDefinition[] {
  return [...registry.versions.values()].map((versions) => versions[versions.length - 1]!);
}

/** The latest version of a pack, or the given one; NOT_FOUND when there is none. */
export function getPack(
  id: string,
  version?: string,
  registry: PackRegistry = defaultRegistry,
): PackDefinition {
  const versions = registry.versions.get(id);
  const pack = version
    ? versions?.find((candidate) => candidate.version === version)
    : versions?.[versions.length - 1];
  if (!pack) throw notFound(version ? `Pack ${id} ${version}` : `Pack ${id}`);
  return pack;
}

export const packs = latestPacks();
