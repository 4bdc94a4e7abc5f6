import { describe, expect, it } from "vitest";

import {
  columnSortField,
  DEFAULT_SORT,
  entitiesListInput,
  nextSort,
} from "@/components/data/entity-queries";

// The entities browser's sorting → the entities.list input.

describe("entities browser sorting", () => {
  it("leaves the default order out of the input, so the server's prefetched page is reused", () => {
    const criteria = { status: "", filter: null };
    expect(entitiesListInput("s", { ...criteria, sort: { ...DEFAULT_SORT } })).toEqual(
      entitiesListInput("s"),
    );
    const sort = { field: "data.grade", direction: "asc" } as const;
    expect(entitiesListInput("s", { ...criteria, sort }).sort).toEqual(sort);
  });

  it("a header click flips its own column, starts data columns ascending and dates newest first", () => {
    const byGrade = nextSort(DEFAULT_SORT, "data.grade");
    expect(byGrade).toEqual({ field: "data.grade", direction: "asc" });
    expect(nextSort(byGrade, "data.grade")).toEqual({ field: "data.grade", direction: "desc" });
    expect(nextSort(byGrade, "updatedAt")).toEqual({ field: "updatedAt", direction: "desc" });
    expect(nextSort(DEFAULT_SORT, "createdAt")).toEqual({ field: "createdAt", direction: "asc" });
  });

  it("only columns the API can sort on are sortable", () => {
    expect(columnSortField("grade")).toBe("data.grade");
    expect(columnSortField("address.city")).toBe("data.address.city");
    for (const column of ["first name", "a..b", "", "é"])
      expect(columnSortField(column)).toBeNull();
  });
});
