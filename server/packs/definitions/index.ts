import type { PackSource } from "@/server/packs/format";
import { customerSupport100 } from "@/server/packs/definitions/customer-support-1.0.0";
import { tutoring100 } from "@/server/packs/definitions/tutoring-1.0.0";
import { tutoring110 } from "@/server/packs/definitions/tutoring-1.1.0";

// Every version of every pack the product offers (a test checks each definitions/*-x.y.z.ts
// file is listed here).
export const PACK_SOURCES: readonly PackSource[] = [tutoring100, tutoring110, customerSupport100];
