// Linear fusion of session scorers. Each part's scores are min-max normalised to [0, 1] per session over the
// rankable items (context excluded, -Infinity as 0) before weighting, so parts on different scales (cosine in
// [-1, 1], co-occurrence sums that grow with the context) mix by the weights alone.
import type { NextItemScorer } from '../eval/next-item.eval.ts';

export interface BlendPart {
  readonly scorer: NextItemScorer;
  readonly weight: number;
}

export function blendScorer(parts: readonly BlendPart[]): NextItemScorer {
  let buffer = new Float64Array(0);
  return {
    score(context, scores) {
      if (buffer.length !== scores.length) buffer = new Float64Array(scores.length);
      scores.fill(0);
      for (const { scorer, weight } of parts) {
        buffer.fill(0);
        scorer.score(context, buffer);
        for (const item of context) buffer[item] = -Infinity;
        let min = Infinity;
        let max = -Infinity;
        for (const value of buffer) {
          if (value === -Infinity || Number.isNaN(value)) continue;
          if (value < min) min = value;
          if (value > max) max = value;
        }
        const range = max - min;
        if (!(range > 0)) continue; // a part that cannot tell items apart adds nothing
        for (let item = 0; item < buffer.length; item++) {
          const value = buffer[item] ?? -Infinity;
          if (value === -Infinity || Number.isNaN(value)) continue;
          scores[item] = (scores[item] ?? 0) + (weight * (value - min)) / range;
        }
      }
    },
  };
}
