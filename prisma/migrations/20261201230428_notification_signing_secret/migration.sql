-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "notificationSigningSecret" TEXT;
