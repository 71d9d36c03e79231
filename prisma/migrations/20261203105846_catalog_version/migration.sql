-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "catalog_version" BIGINT NOT NULL DEFAULT 0;
