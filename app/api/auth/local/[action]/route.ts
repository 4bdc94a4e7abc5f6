import { NextResponse } from "next/server";
import {
  localSignIn,
  switchLocalOrganization,
  type LocalSignInInput,
} from "@/server/auth/local-auth";
import {
  encodeLocalSession,
  LOCAL_SESSION_COOKIE,
  localSessionCookie,
  readLocalSession,
} from "@/server/auth/local-session";
import { authMode } from "@/server/auth/mode";
import { getDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { isSameOriginRequest } from "@/server/http/same-origin";

export const dynamic = "force-dynamic";

// Local development auth as plain form posts (work without JavaScript): sign-in, sign-out and
// switching the active organization. Absent in Clerk mode. Only the app's own sign-in page and
// header may post here: another site could otherwise sign a visitor in as a user of its choosing
// (and then read what they type), sign them out, or switch their organization.

function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function redirect(request: Request, path: string): NextResponse {
  return NextResponse.redirect(new URL(path, request.url), 303);
}

function signedIn(request: Request, session: { userId: string; orgId: string | null }, to = "/") {
  const response = redirect(request, to);
  const secure = new URL(request.url).protocol === "https:";
  response.cookies.set(localSessionCookie(encodeLocalSession(session), secure));
  return response;
}

function signInInput(form: FormData): LocalSignInInput {
  const userId = field(form, "userId");
  const organizationId = field(form, "organizationId");
  const organizationName = field(form, "organizationName");
  if (userId) return { userId, organizationId, organizationName };
  return { name: field(form, "name") ?? "", email: field(form, "email") ?? "", organizationName };
}

export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  if (authMode() !== "local")
    return NextResponse.json(
      { error: { code: "NOT_FOUND", message: "Not found" } },
      { status: 404 },
    );
  if (!isSameOriginRequest(request))
    return NextResponse.json(
      { error: { code: "FORBIDDEN", message: "Cross-origin requests are not allowed" } },
      { status: 403 },
    );
  const { action } = await params;
  const form = await request.formData().catch(() => new FormData());
  try {
    if (action === "sign-in")
      return signedIn(request, await localSignIn(getDb(), signInInput(form)));
    if (action === "sign-out") {
      const response = redirect(request, "/sign-in");
      response.cookies.delete(LOCAL_SESSION_COOKIE);
      return response;
    }
    if (action === "switch") {
      const session = readLocalSession(request.headers);
      if (!session) return redirect(request, "/sign-in");
      const organizationId = field(form, "organizationId") ?? "";
      return signedIn(request, await switchLocalOrganization(getDb(), session, organizationId));
    }
  } catch (error) {
    if (error instanceof AppError) {
      const target = action === "switch" ? "/" : "/sign-in";
      return redirect(request, `${target}?error=${encodeURIComponent(error.message)}`);
    }
    throw error;
  }
  return NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 });
}
