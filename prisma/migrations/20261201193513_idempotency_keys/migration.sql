-- AlterTable
ALTER TABLE "executions" ADD COLUMN     "apiKeyId" TEXT,
ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "requestHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "executions_apiKeyId_idempotencyKey_key" ON "executions"("apiKeyId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "apiKeys"("id") ON DELETE SET NULL ON UPDATE CASCADE;
