import { z } from "zod";
import {
  installPackInput,
  installPackOutput,
  packIdInput,
  packOutput,
  repairPackOutput,
  uninstallPackInput,
  uninstallPackOutput,
  upgradePackOutput,
  upgradePreviewOutput,
} from "@/server/routers/packs.schemas";
import {
  getPackState,
  installPack,
  listPacks,
  previewUpgrade,
  repairPack,
  uninstallPack,
  upgradePack,
} from "@/server/services/packs";
import { adminProcedure, router } from "@/server/trpc";

// Packs (docs/packs.md): owners and admins only, reads included (the services check again).
export const packsRouter = router({
  list: adminProcedure.output(z.array(packOutput)).query(({ ctx }) => listPacks(ctx)),
  get: adminProcedure
    .input(packIdInput)
    .output(packOutput)
    .query(({ ctx, input }) => getPackState(ctx, input)),
  install: adminProcedure
    .input(installPackInput)
    .output(installPackOutput)
    .mutation(({ ctx, input }) => installPack(ctx, input)),
  uninstall: adminProcedure
    .input(uninstallPackInput)
    .output(uninstallPackOutput)
    .mutation(({ ctx, input }) => uninstallPack(ctx, input)),
  repair: adminProcedure
    .input(packIdInput)
    .output(repairPackOutput)
    .mutation(({ ctx, input }) => repairPack(ctx, input)),
  previewUpgrade: adminProcedure
    .input(packIdInput)
    .output(upgradePreviewOutput)
    .query(({ ctx, input }) => previewUpgrade(ctx, input)),
  upgrade: adminProcedure
    .input(packIdInput)
    .output(upgradePackOutput)
    .mutation(({ ctx, input }) => upgradePack(ctx, input)),
});
