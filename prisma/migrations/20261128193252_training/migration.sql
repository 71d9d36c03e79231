-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "active_model_id" UUID;

-- CreateTable
CREATE TABLE "training_runs" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "config" JSONB NOT NULL,
    "metrics" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "training_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "training_run_id" UUID NOT NULL,
    "algorithm" TEXT NOT NULL,
    "dimensions" INTEGER NOT NULL,
    "item_count" INTEGER NOT NULL,
    "metrics" JSONB,
    "artifact_path" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "training_runs_tenant_id_shop_id_created_at_idx" ON "training_runs"("tenant_id", "shop_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_training_run_id_key" ON "model_versions"("training_run_id");

-- CreateIndex
CREATE INDEX "model_versions_tenant_id_shop_id_created_at_idx" ON "model_versions"("tenant_id", "shop_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "shops_active_model_id_key" ON "shops"("active_model_id");

-- AddForeignKey
ALTER TABLE "shops" ADD CONSTRAINT "shops_active_model_id_fkey" FOREIGN KEY ("active_model_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_tenant_id_shop_id_fkey" FOREIGN KEY ("tenant_id", "shop_id") REFERENCES "shops"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_tenant_id_shop_id_fkey" FOREIGN KEY ("tenant_id", "shop_id") REFERENCES "shops"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_training_run_id_fkey" FOREIGN KEY ("training_run_id") REFERENCES "training_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
