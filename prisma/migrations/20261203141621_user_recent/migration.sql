-- CreateIndex
CREATE INDEX "events_user_recent" ON "events"("tenant_id", "shop_id", "user_id", "occurred_at" DESC);
