import { publicChatRoutes } from "@/server/http/public-chat";

// The `/v1` route handlers as Next serves them (app/v1/**/route.ts re-export these).
export const v1 = publicChatRoutes();
