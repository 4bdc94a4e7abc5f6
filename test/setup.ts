import { beforeAll } from "vitest";
import { prepareTestDatabase } from "@/test/db";

beforeAll(async () => {
  await prepareTestDatabase();
});
