import type { Metadata } from "next";
import type { ReactNode } from "react";
import localFont from "next/font/local";

import { ClerkProvider } from "@clerk/nextjs";

import { Providers } from "@/components/providers";
import { authMode } from "@/server/auth/mode";
import { env } from "@/server/env";
import { themeInitScript } from "@/lib/theme";

import "./globals.css";

// Self-hosted so builds and tests work without network access.
const inter = localFont({
  src: "./fonts/InterVariable.woff2",
  variable: "--font-inter",
  display: "swap",
  weight: "100 900",
});

export const metadata: Metadata = {
  title: { default: "AgentForge", template: "%s · AgentForge" },
  description: "Build, run and monitor AI agents.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const page = (
    // The init script changes class/style on <html> before hydration, by design.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeInitScript }} />
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
