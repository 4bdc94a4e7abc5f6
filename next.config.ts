import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded by Node at run time instead of bundled: PGlite reads its wasm and data files relative
  // to its own module, and pg has optional native bindings.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  poweredByHeader: false,
};

export default nextConfig;
