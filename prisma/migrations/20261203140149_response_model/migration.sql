-- CreateTable
CREATE TABLE "tracked_requests" (
    "tenant_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "request_id" TEXT NOT NULL,
    "placement" TEXT,
    "experiment_id" UUID,
    "variant" TEXT,
    "session_id" TEXT,
    "user_id" TEXT,
    "visitor_id" TEXT,
    "session_skus" TEXT[],
    "strategy" TEXT,
    "model_version_id" UUID,
    "skus" TEXT[],
    "served_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracked_requests_pkey" PRIMARY KEY ("tenant_id","request_id")
);

-- CreateTable
CREATE TABLE "response_models" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "artifact_path" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "global_fitted_at" TIMESTAMPTZ(3) NOT NULL,
    "activated_at" TIMESTAMPTZ(3),
    "rejected_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "response_models_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tracked_requests_tenant_id_shop_id_served_at_idx" ON "tracked_requests"("tenant_id", "shop_id", "served_at");

-- CreateIndex
CREATE INDEX "response_models_tenant_id_shop_id_created_at_idx" ON "response_models"("tenant_id", "shop_id", "created_at");

-- AddForeignKey
ALTER TABLE "tracked_requests" ADD CONSTRAINT "tracked_requests_tenant_id_shop_id_fkey" FOREIGN KEY ("tenant_id", "shop_id") REFERENCES "shops"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_models" ADD CONSTRAINT "response_models_tenant_id_shop_id_fkey" FOREIGN KEY ("tenant_id", "shop_id") REFERENCES "shops"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
