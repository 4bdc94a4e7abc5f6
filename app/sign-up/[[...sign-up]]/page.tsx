import { SignUp } from "@clerk/nextjs";
import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { authMode } from "@/server/auth/mode";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign up" };

export default function SignUpPage() {
  // Local development auth creates accounts on its sign-in page.
  if (authMode() !== "clerk") redirect("/sign-in");
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <SignUp />
    </main>
  );
}
