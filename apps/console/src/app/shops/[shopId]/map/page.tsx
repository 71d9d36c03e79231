// Embedding map: a 2-D projection of the active model's item vectors, points coloured by top category,
// titles on hover, from ModelVersion.projection (a t-SNE layout computed at training time).
import type { Metadata } from 'next';
import { Empty, ErrorMessage, NotAvailable } from '../../../../components/messages.tsx';
import { ScatterMap } from '../../../../components/scatter-map.tsx';
import { query } from '../../../../lib/api.ts';
import { embeddingMap } from '../../../../lib/operations.ts';

export const metadata: Metadata = { title: 'Embedding map' };

export default async function MapPage({ params }: { readonly params: Promise<{ shopId: string }> }) {
  const { shopId } = await params;
  const r = await query(embeddingMap, { shopId, limit: 2000 });
  if (!r.ok)
    return r.error.code === 'NOT_SUPPORTED' ? (
      <NotAvailable>The embedding map</NotAvailable>
    ) : (
      <ErrorMessage error={r.error} title="The map could not be loaded" />
    );
  const model = r.data.shop?.activeModel;
  if (!model) return <Empty>No active model yet: train one to see its map.</Empty>;
  return (
    <div className="panel">
      <div className="small muted">
        {model.projection.points.length} items of model <code>{model.id.slice(0, 8)}</code>, projected with{' '}
        {model.projection.method}.
      </div>
      <ScatterMap points={model.projection.points} />
    </div>
  );
}
