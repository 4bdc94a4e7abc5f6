import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import localFont from "next/font/local";

import { ClerkProvider } from "@clerk/nextjs";

import { Providers } from "@/components/providers";
import { authMode } from "@/server/auth/mode";
import { env } from "@/server/env";
import { NONCE_HEADER } from "@/server/http/security-headers";
import { themeInitScript } from "@/lib/theme";

import "./globals.css";

// Self-hosted so builds and tests work without network access.
const inter = localFont({
  src: "./fonts/InterVariable.woff2",
  variable: "--font-inter",
  display: "swap",
  weight: "100 900",
});

// zod (the AI SDK's, in the browser) probes once for eval with `new Function`: the Content
// Security Policy refuses it and reports a violation even though zod catches the error. zod reads
// this global config before its first schema; `jitless` skips the probe (and the compiled fast
// path, which the policy forbids anyway).
const zodWithoutEval = `globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true});`;

export const metadata: Metadata = {
  title: { default: "AgentForge", template: "%s · AgentForge" },
  description: "Build, run and monitor AI agents.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The request's CSP nonce (proxy.ts): the policy runs no inline script without it. Reading
  // headers makes every page render per request, which a nonce needs anyway.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  const page = (
    // The init script changes class/style on <html> before hydration, by design.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: zodWithoutEval }} />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body className="min-h-dvh font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
  // Clerk's provider only when Clerk is configured: without keys every Clerk component fails.
  // `dynamic` lets client components read the auth state the server already verified.
  if (authMode() !== "clerk") return page;
  return (
    <ClerkProvider dynamic publishableKey={env().NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY}>
      {page}
    </ClerkProvider>
  );
}
