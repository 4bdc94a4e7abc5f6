"use client";

import { PageHeader } from "@/components/page-header";
import { NotificationSettings } from "@/components/settings/notification-settings";
import { OrganizationSettingsForm } from "@/components/settings/organization-settings-form";
import { ProfileForm } from "@/components/settings/profile-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useCurrentMember } from "@/lib/hooks/use-current-member";
import { errorMessage } from "@/lib/trpc/errors";

export type SettingsViewProps = { title: string; description: string };

function FormSkeleton({ label }: { label: string }) {
  return (
    <div className="flex flex-col gap-4">
      <Spinner label={label} />
      <Skeleton className="h-9 w-full" />
      <Skeleton className="h-9 w-full" />
    </div>
  );
}

export function SettingsView({ title, description }: SettingsViewProps) {
  const current = useCurrentMember();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description} />
      {current.error && <Alert variant="destructive">{errorMessage(current.error)}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Organization
          </CardTitle>
          <CardDescription>The name, address and plan of this workspace.</CardDescription>
        </CardHeader>
        <CardContent>
          {current.organization && current.me ? (
            <OrganizationSettingsForm
              key={current.organization.id}
              organization={current.organization}
              canEdit={current.canManage}
              canChangePlan={current.isOwner}
            />
          ) : (
            !current.error && <FormSkeleton label="Loading organization settings" />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Notifications
          </CardTitle>
          <CardDescription>
            Where AgentForge sends notification events, signed so the receiver can tell they are
            genuine.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {current.organization && current.me ? (
            <NotificationSettings
              key={current.organization.id}
              organization={current.organization}
              canEdit={current.canManage}
            />
          ) : (
            !current.error && <FormSkeleton label="Loading notification settings" />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            Your profile
          </CardTitle>
          <CardDescription>How other members of your organizations see you.</CardDescription>
        </CardHeader>
        <CardContent>
          {current.me ? (
            <ProfileForm key={current.me.id} user={current.me} />
          ) : (
            !current.error && <FormSkeleton label="Loading your profile" />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
