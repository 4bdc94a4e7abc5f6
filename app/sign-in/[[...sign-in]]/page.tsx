import { SignIn } from "@clerk/nextjs";
import type { Metadata } from "next";

import { LocalSignIn } from "@/components/auth/local-sign-in";
import { listLocalAccounts } from "@/server/auth/local-auth";
import { authMode } from "@/server/auth/mode";
import { getDb } from "@/server/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  if (authMode() === "clerk") {
    return (
      <main className="flex min-h-dvh items-center justify-center p-4">
        <SignIn />
      </main>
    );
  }
  const { error } = await searchParams;
  return <LocalSignIn accounts={await listLocalAccounts(getDb())} error={error ?? null} />;
}
