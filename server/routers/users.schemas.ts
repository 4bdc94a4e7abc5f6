import { z } from "zod";
import { idInput } from "@/server/routers/schemas";

// Input schemas of the users router (the services' input types are inferred from them).

export const updateUserInput = idInput.extend({
  name: z.string().trim().min(1).max(100).optional(),
  email: z.email().max(320).optional(),
});
