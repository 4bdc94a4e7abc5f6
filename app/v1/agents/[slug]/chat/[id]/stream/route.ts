import { v1 } from "@/server/http/public-routes";

export const dynamic = "force-dynamic";

export const GET = v1.resumeBySlug;
