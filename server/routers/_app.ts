import { router } from "@/server/trpc";
import { systemRouter } from "@/server/routers/system";

export const appRouter = router({
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
