-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('free', 'pro', 'enterprise');

-- CreateEnum
CREATE TYPE "OrgRole" AS ENUM ('owner', 'admin', 'member');

-- CreateEnum
CREATE TYPE "AgentStatus" AS ENUM ('active', 'paused', 'deleted');

-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('development', 'production');

-- CreateEnum
CREATE TYPE "MessageRole" AS ENUM ('user', 'assistant', 'system', 'tool');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('user', 'apiKey', 'agent', 'system', 'webhook');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('pending', 'claimed', 'running', 'completed', 'failed', 'dead');

-- CreateEnum
CREATE TYPE "PolicyEffect" AS ENUM ('allow', 'deny');

-- CreateEnum
CREATE TYPE "ScopeRuleType" AS ENUM ('field', 'relation');

-- CreateEnum
CREATE TYPE "ScopeOperator" AS ENUM ('eq', 'neq', 'in', 'nin', 'contains', 'exists', 'gt', 'gte', 'lt', 'lte');

-- CreateEnum
CREATE TYPE "RelationDirection" AS ENUM ('any', 'outgoing', 'incoming');

-- CreateEnum
CREATE TYPE "MaskType" AS ENUM ('hide', 'redact');

-- CreateEnum
CREATE TYPE "ExecutionStatus" AS ENUM ('success', 'error', 'timeout');

-- CreateEnum
CREATE TYPE "IdentityMode" AS ENUM ('inherit', 'system', 'configured');

-- CreateEnum
CREATE TYPE "PackStatus" AS ENUM ('installed', 'upgrading', 'failed');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('processed', 'failed', 'ignored');

-- CreateTable
CREATE TABLE "organizations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "clerkOrgId" TEXT,
    "plan" "Plan" NOT NULL DEFAULT 'free',
    "notificationWebhookUrl" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "clerkUserId" TEXT,
    "deletedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "status" "AgentStatus" NOT NULL DEFAULT 'active',
    "developmentConfigId" TEXT,
    "productionConfigId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agentConfigs" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "environment" "Environment" NOT NULL,
    "name" TEXT NOT NULL,
    "systemPrompt" TEXT NOT NULL,
    "model" JSONB NOT NULL,
    "tools" JSONB NOT NULL DEFAULT '[]',
    "sourceConfigId" TEXT,
    "deployedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agentConfigs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "threads" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "userId" TEXT,
    "externalId" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "role" "MessageRole" NOT NULL,
    "content" TEXT NOT NULL,
    "toolCalls" JSONB,
    "toolCallId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entityTypes" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "schema" JSONB NOT NULL,
    "indexMapping" JSONB,
    "searchFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "displayConfig" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "entityTypes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entities" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "entityTypeId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "data" JSONB NOT NULL DEFAULT '{}',
    "searchText" TEXT NOT NULL DEFAULT '',
    -- Maintained by the database from searchText (see the note at the end of this file).
    "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce("searchText", ''))) STORED,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "entities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entityRelations" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "fromEntityId" TEXT NOT NULL,
    "toEntityId" TEXT NOT NULL,
    "relationType" TEXT NOT NULL,
    "metadata" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entityRelations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "entityId" TEXT,
    "entityTypeSlug" TEXT,
    "eventType" TEXT NOT NULL,
    "schemaVersion" INTEGER NOT NULL DEFAULT 1,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "entityId" TEXT,
    "jobType" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'pending',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "errorMessage" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMPTZ(3),
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "scheduledFor" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "actorContext" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "roles" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "isSystem" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policies" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "effect" "PolicyEffect" NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scopeRules" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "type" "ScopeRuleType" NOT NULL,
    "field" TEXT,
    "operator" "ScopeOperator",
    "value" JSONB,
    "relationPath" TEXT,
    "relationDirection" "RelationDirection" NOT NULL DEFAULT 'any',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scopeRules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fieldMasks" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "fieldPath" TEXT NOT NULL,
    "maskType" "MaskType" NOT NULL,
    "maskConfig" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fieldMasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "userRoles" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "resourceType" TEXT,
    "resourceId" TEXT,
    "grantedById" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "userRoles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "apiKeys" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "keyPrefix" TEXT NOT NULL,
    "environment" "Environment" NOT NULL,
    "permissions" TEXT[] DEFAULT ARRAY['chat']::TEXT[],
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "apiKeys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executions" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "threadId" TEXT,
    "configId" TEXT,
    "environment" "Environment" NOT NULL,
    "model" TEXT,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "status" "ExecutionStatus" NOT NULL,
    "stopReason" TEXT,
    "toolCallCount" INTEGER NOT NULL DEFAULT 0,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "executions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "toolPermissions" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "toolName" TEXT NOT NULL,
    "identityMode" "IdentityMode" NOT NULL DEFAULT 'inherit',
    "configuredRoleId" TEXT,
    "allowedActions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "deniedFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "toolPermissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "installedPacks" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "packId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" "PackStatus" NOT NULL DEFAULT 'installed',
    "entityTypeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "roleIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "customizations" JSONB,
    "upgradeHistory" JSONB NOT NULL DEFAULT '[]',
    "installedById" TEXT,
    "installedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpgradedById" TEXT,
    "lastUpgradedAt" TIMESTAMPTZ(3),

    CONSTRAINT "installedPacks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "role" "OrgRole" NOT NULL DEFAULT 'member',
    "clerkMembershipId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhookEvents" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" "WebhookEventStatus" NOT NULL,
    "error" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "webhookEvents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rateLimitBuckets" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rateLimitBuckets_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_clerkOrgId_key" ON "organizations"("clerkOrgId");

-- CreateIndex
CREATE UNIQUE INDEX "users_clerkUserId_key" ON "users"("clerkUserId");

-- CreateIndex
CREATE INDEX "users_email_idx" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "agents_developmentConfigId_key" ON "agents"("developmentConfigId");

-- CreateIndex
CREATE UNIQUE INDEX "agents_productionConfigId_key" ON "agents"("productionConfigId");

-- CreateIndex
CREATE INDEX "agents_organizationId_status_createdAt_idx" ON "agents"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "agents_organizationId_slug_idx" ON "agents"("organizationId", "slug");

-- CreateIndex
CREATE INDEX "agentConfigs_organizationId_agentId_environment_createdAt_idx" ON "agentConfigs"("organizationId", "agentId", "environment", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "agentConfigs_agentId_environment_version_key" ON "agentConfigs"("agentId", "environment", "version");

-- CreateIndex
CREATE INDEX "threads_organizationId_agentId_updatedAt_idx" ON "threads"("organizationId", "agentId", "updatedAt");

-- CreateIndex
CREATE INDEX "threads_organizationId_updatedAt_idx" ON "threads"("organizationId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "threads_organizationId_agentId_externalId_key" ON "threads"("organizationId", "agentId", "externalId");

-- CreateIndex
CREATE INDEX "messages_threadId_seq_idx" ON "messages"("threadId", "seq");

-- CreateIndex
CREATE INDEX "messages_organizationId_createdAt_idx" ON "messages"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "entityTypes_organizationId_slug_key" ON "entityTypes"("organizationId", "slug");

-- CreateIndex
CREATE INDEX "entities_organizationId_entityTypeId_createdAt_idx" ON "entities"("organizationId", "entityTypeId", "createdAt");

-- CreateIndex
CREATE INDEX "entities_organizationId_entityTypeId_status_createdAt_idx" ON "entities"("organizationId", "entityTypeId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "entities_searchVector_idx" ON "entities" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "entityRelations_organizationId_fromEntityId_relationType_idx" ON "entityRelations"("organizationId", "fromEntityId", "relationType");

-- CreateIndex
CREATE INDEX "entityRelations_organizationId_toEntityId_relationType_idx" ON "entityRelations"("organizationId", "toEntityId", "relationType");

-- CreateIndex
CREATE UNIQUE INDEX "entityRelations_fromEntityId_relationType_toEntityId_key" ON "entityRelations"("fromEntityId", "relationType", "toEntityId");

-- CreateIndex
CREATE INDEX "events_organizationId_timestamp_idx" ON "events"("organizationId", "timestamp");

-- CreateIndex
CREATE INDEX "events_organizationId_eventType_timestamp_idx" ON "events"("organizationId", "eventType", "timestamp");

-- CreateIndex
CREATE INDEX "events_organizationId_entityId_timestamp_idx" ON "events"("organizationId", "entityId", "timestamp");

-- CreateIndex
CREATE INDEX "events_organizationId_actorType_actorId_timestamp_idx" ON "events"("organizationId", "actorType", "actorId", "timestamp");

-- CreateIndex
CREATE INDEX "jobs_status_scheduledFor_priority_idx" ON "jobs"("status", "scheduledFor", "priority");

-- CreateIndex
CREATE INDEX "jobs_organizationId_status_createdAt_idx" ON "jobs"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "jobs_organizationId_jobType_createdAt_idx" ON "jobs"("organizationId", "jobType", "createdAt");

-- CreateIndex
CREATE INDEX "jobs_entityId_idx" ON "jobs"("entityId");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_organizationId_idempotencyKey_key" ON "jobs"("organizationId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "roles_organizationId_name_key" ON "roles"("organizationId", "name");

-- CreateIndex
CREATE INDEX "policies_roleId_idx" ON "policies"("roleId");

-- CreateIndex
CREATE INDEX "policies_organizationId_resource_action_idx" ON "policies"("organizationId", "resource", "action");

-- CreateIndex
CREATE INDEX "scopeRules_policyId_idx" ON "scopeRules"("policyId");

-- CreateIndex
CREATE INDEX "scopeRules_organizationId_idx" ON "scopeRules"("organizationId");

-- CreateIndex
CREATE INDEX "fieldMasks_policyId_idx" ON "fieldMasks"("policyId");

-- CreateIndex
CREATE INDEX "fieldMasks_organizationId_idx" ON "fieldMasks"("organizationId");

-- CreateIndex
CREATE INDEX "userRoles_organizationId_userId_idx" ON "userRoles"("organizationId", "userId");

-- CreateIndex
CREATE INDEX "userRoles_roleId_idx" ON "userRoles"("roleId");

-- CreateIndex
CREATE INDEX "userRoles_expiresAt_idx" ON "userRoles"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "apiKeys_keyHash_key" ON "apiKeys"("keyHash");

-- CreateIndex
CREATE INDEX "apiKeys_organizationId_createdAt_idx" ON "apiKeys"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "apiKeys_keyPrefix_idx" ON "apiKeys"("keyPrefix");

-- CreateIndex
CREATE INDEX "apiKeys_expiresAt_idx" ON "apiKeys"("expiresAt");

-- CreateIndex
CREATE INDEX "executions_organizationId_createdAt_idx" ON "executions"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "executions_organizationId_agentId_createdAt_idx" ON "executions"("organizationId", "agentId", "createdAt");

-- CreateIndex
CREATE INDEX "executions_threadId_idx" ON "executions"("threadId");

-- CreateIndex
CREATE INDEX "toolPermissions_organizationId_agentId_idx" ON "toolPermissions"("organizationId", "agentId");

-- CreateIndex
CREATE UNIQUE INDEX "toolPermissions_agentId_toolName_key" ON "toolPermissions"("agentId", "toolName");

-- CreateIndex
CREATE UNIQUE INDEX "installedPacks_organizationId_packId_key" ON "installedPacks"("organizationId", "packId");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_clerkMembershipId_key" ON "memberships"("clerkMembershipId");

-- CreateIndex
CREATE INDEX "memberships_organizationId_role_idx" ON "memberships"("organizationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_userId_organizationId_key" ON "memberships"("userId", "organizationId");

-- CreateIndex
CREATE INDEX "webhookEvents_receivedAt_idx" ON "webhookEvents"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "webhookEvents_source_externalId_key" ON "webhookEvents"("source", "externalId");

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_developmentConfigId_fkey" FOREIGN KEY ("developmentConfigId") REFERENCES "agentConfigs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_productionConfigId_fkey" FOREIGN KEY ("productionConfigId") REFERENCES "agentConfigs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agentConfigs" ADD CONSTRAINT "agentConfigs_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agentConfigs" ADD CONSTRAINT "agentConfigs_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agentConfigs" ADD CONSTRAINT "agentConfigs_sourceConfigId_fkey" FOREIGN KEY ("sourceConfigId") REFERENCES "agentConfigs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agentConfigs" ADD CONSTRAINT "agentConfigs_deployedById_fkey" FOREIGN KEY ("deployedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entityTypes" ADD CONSTRAINT "entityTypes_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entities" ADD CONSTRAINT "entities_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entities" ADD CONSTRAINT "entities_entityTypeId_fkey" FOREIGN KEY ("entityTypeId") REFERENCES "entityTypes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entityRelations" ADD CONSTRAINT "entityRelations_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entityRelations" ADD CONSTRAINT "entityRelations_fromEntityId_fkey" FOREIGN KEY ("fromEntityId") REFERENCES "entities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entityRelations" ADD CONSTRAINT "entityRelations_toEntityId_fkey" FOREIGN KEY ("toEntityId") REFERENCES "entities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "entities"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "entities"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "roles" ADD CONSTRAINT "roles_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policies" ADD CONSTRAINT "policies_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policies" ADD CONSTRAINT "policies_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scopeRules" ADD CONSTRAINT "scopeRules_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scopeRules" ADD CONSTRAINT "scopeRules_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fieldMasks" ADD CONSTRAINT "fieldMasks_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fieldMasks" ADD CONSTRAINT "fieldMasks_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "userRoles" ADD CONSTRAINT "userRoles_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "userRoles" ADD CONSTRAINT "userRoles_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "userRoles" ADD CONSTRAINT "userRoles_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "userRoles" ADD CONSTRAINT "userRoles_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apiKeys" ADD CONSTRAINT "apiKeys_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apiKeys" ADD CONSTRAINT "apiKeys_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "threads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_configId_fkey" FOREIGN KEY ("configId") REFERENCES "agentConfigs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "toolPermissions" ADD CONSTRAINT "toolPermissions_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "toolPermissions" ADD CONSTRAINT "toolPermissions_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "toolPermissions" ADD CONSTRAINT "toolPermissions_configuredRoleId_fkey" FOREIGN KEY ("configuredRoleId") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installedPacks" ADD CONSTRAINT "installedPacks_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installedPacks" ADD CONSTRAINT "installedPacks_installedById_fkey" FOREIGN KEY ("installedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installedPacks" ADD CONSTRAINT "installedPacks_lastUpgradedById_fkey" FOREIGN KEY ("lastUpgradedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Objects Prisma's schema language cannot express (see the header of prisma/schema.prisma).

-- A deleted agent frees its slug: slugs are unique among agents that are not deleted.
CREATE UNIQUE INDEX "agents_organizationId_slug_live_key" ON "agents"("organizationId", "slug") WHERE "status" <> 'deleted';

-- An absent and a null resource scope are the same scope of a role assignment.
CREATE UNIQUE INDEX "userRoles_userId_roleId_scope_key" ON "userRoles"("userId", "roleId", COALESCE("resourceType", ''), COALESCE("resourceId", ''));

-- entities."searchVector" (in CREATE TABLE above) is a generated column: the database keeps it
-- in step with searchText. The 'simple' configuration (no stemming, no stop words) suits names
-- and mixed-language business data. A generated column rather than a trigger because Prisma's
-- PostgreSQL adapter splits migration scripts on every semicolon, which breaks function bodies.
