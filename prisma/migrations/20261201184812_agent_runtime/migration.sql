-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ExecutionStatus" ADD VALUE 'running';
ALTER TYPE "ExecutionStatus" ADD VALUE 'cancelled';
ALTER TYPE "ExecutionStatus" ADD VALUE 'awaiting_approval';

-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "cacheReadTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cancelRequestedAt" TIMESTAMPTZ(3),
ADD COLUMN     "deadlineAt" TIMESTAMPTZ(3),
ADD COLUMN     "endedAt" TIMESTAMPTZ(3),
ADD COLUMN     "parts" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "trace" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "executionId" TEXT,
ADD COLUMN     "isError" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "messages_executionId_idx" ON "messages"("executionId");

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "executions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
