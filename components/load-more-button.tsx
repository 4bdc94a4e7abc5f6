import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

// The "Load more" of every paged list: shown while there is a next page (and not while the
// query shows placeholder data from before a filter changed), busy while it loads.

export type NextPages = {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isPlaceholderData?: boolean;
  fetchNextPage: () => unknown;
};

export function LoadMoreButton({
  pages,
  label = "Load more",
}: {
  pages: NextPages;
  label?: string;
}) {
  if (!pages.hasNextPage || pages.isPlaceholderData) return null;
  return (
    <div>
      <Button
        variant="outline"
        disabled={pages.isFetchingNextPage}
        onClick={() => void pages.fetchNextPage()}
      >
        {pages.isFetchingNextPage && <Spinner label="" />}
        {label}
      </Button>
    </div>
  );
}
