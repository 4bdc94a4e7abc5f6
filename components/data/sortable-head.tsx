import type { EntitySort, EntitySortField } from "@/lib/entity-sort";
import { TableHead } from "@/components/ui/table";

export type SortableHeadProps = {
  label: string;
  /** What the column sorts by; null for a column the list cannot sort on. */
  field: EntitySortField | null;
  sort: EntitySort;
  /** Absent while the column cannot sort (a ranked search). */
  onSort?: (field: EntitySortField) => void;
};

/** A column header that sorts the list: a click sorts or flips, an arrow shows the order. */
export function SortableHead({ label, field, sort, onSort }: SortableHeadProps) {
  if (!field || !onSort) return <TableHead>{label}</TableHead>;
  const direction = sort.field === field ? sort.direction : null;
  return (
    // aria-sort tells assistive tech which column orders the rows, and which way.
    <TableHead
      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none"}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 rounded-sm outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
        onClick={() => onSort(field)}
      >
        {label}
        {/* Kept in the layout when hidden, so the header does not shift when sorted. */}
        <span aria-hidden="true" className={direction ? "text-foreground" : "invisible"}>
          {direction === "asc" ? "↑" : "↓"}
        </span>
      </button>
    </TableHead>
  );
}
