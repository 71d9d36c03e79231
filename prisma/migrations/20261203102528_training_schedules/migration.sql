-- AlterTable
ALTER TABLE "training_runs" ADD COLUMN     "events_at_start" BIGINT,
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'api';

-- CreateTable
CREATE TABLE "training_schedules" (
    "tenant_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "cron" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_checked_at" TIMESTAMPTZ(3),
    "last_outcome" TEXT,
    "last_run_id" UUID,

    CONSTRAINT "training_schedules_pkey" PRIMARY KEY ("tenant_id","shop_id")
);

-- AddForeignKey
ALTER TABLE "training_schedules" ADD CONSTRAINT "training_schedules_tenant_id_shop_id_fkey" FOREIGN KEY ("tenant_id", "shop_id") REFERENCES "shops"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
