import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export type ComingSoonProps = {
  /** Rendered as the page's <h1>. */
  title: string;
  /** One sentence on what the section will hold. */
  description: string;
  /** Optional heading text for the placeholder card. */
  detail?: string;
};

/** Placeholder shared by every section page until its feature lands. */
export function ComingSoon({ title, description, detail }: ComingSoonProps) {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      <Card className="border-dashed">
        <CardHeader>
          <div className="flex items-center gap-2">
            <CardTitle>Coming soon</CardTitle>
            <Badge variant="secondary">In progress</Badge>
          </div>
          <CardDescription>
            {detail ?? `${title} is being built and will show up here in a later release.`}
          </CardDescription>
        </CardHeader>
      </Card>
    </div>
  );
}
