import { badRequest } from "@/server/errors";

// Cursor pages. Prisma places a page after its cursor row without applying the list's `where`
// to that row, so a cursor naming a record of another organization, or one the actor may not
// see, would reveal where that record falls in the order (its timestamp, its value). A cursor
// must therefore name a record of the list it continues.

export const cursorNotInList = () =>
  badRequest("The cursor is not a record of this list", "cursor");

/** Throws unless the lookup of the cursor within the list's scope found it. */
export async function assertCursorInList(lookup: Promise<unknown>): Promise<void> {
  if (!(await lookup)) throw cursorNotInList();
}
