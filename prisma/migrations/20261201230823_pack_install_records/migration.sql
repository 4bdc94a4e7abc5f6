-- AlterTable
ALTER TABLE "installedPacks" ADD COLUMN     "agentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "createdIds" JSONB NOT NULL DEFAULT '{}';
