-- CreateEnum
CREATE TYPE "TrackKind" AS ENUM ('IMPRESSION', 'CLICK');

-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "baseline_built_at" TIMESTAMPTZ(3),
ADD COLUMN     "baseline_version" TEXT;

-- CreateTable
CREATE TABLE "tracked_events" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "request_id" TEXT NOT NULL,
    "kind" "TrackKind" NOT NULL,
    "sku" TEXT NOT NULL,
    "placement" TEXT,
    "experiment_id" UUID,
    "variant" TEXT,
    "position" INTEGER NOT NULL,
    "served_at" TIMESTAMPTZ(3) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracked_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiment_daily" (
    "tenant_id" UUID NOT NULL,
    "experiment_id" UUID NOT NULL,
    "variant" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "clicks" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "experiment_daily_pkey" PRIMARY KEY ("experiment_id","variant","day")
);

-- CreateIndex
CREATE INDEX "tracked_events_tenant_id_shop_id_occurred_at_idx" ON "tracked_events"("tenant_id", "shop_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "tracked_events_tenant_id_request_id_kind_sku_key" ON "tracked_events"("tenant_id", "request_id", "kind", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "experiments_tenant_id_id_key" ON "experiments"("tenant_id", "id");

-- AddForeignKey
ALTER TABLE "tracked_events" ADD CONSTRAINT "tracked_events_tenant_id_shop_id_fkey" FOREIGN KEY ("tenant_id", "shop_id") REFERENCES "shops"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_daily" ADD CONSTRAINT "experiment_daily_tenant_id_experiment_id_fkey" FOREIGN KEY ("tenant_id", "experiment_id") REFERENCES "experiments"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
