// k-nearest-neighbour search over item vectors behind one port: HNSW (hnswlib-node) for serving, brute force as
// the exact oracle and small-catalog answer, plus int8 quantisation and the binary vector artifact format.

export type { LabelFilter, SearchResult, VectorIndex } from './vector-index.port.ts';
export { HnswVectorIndex, DEFAULT_HNSW_OPTIONS, type HnswOptions } from './hnsw.vector-index.ts';
export { EF_LADDER, type EfCalibration } from './ef.calibration.ts';
export { BruteForceVectorIndex } from './brute-force.vector-index.ts';
export {
  buildVectorIndex,
  loadVectorIndex,
  DEFAULT_BRUTE_FORCE_BELOW,
  type BuildVectorIndexOptions,
} from './vector-index.factory.ts';
export { quantizeInt8, dequantizeInt8, cosineError, type Int8Vectors, type CosineError } from './int8.quantization.ts';
export {
  readVectors,
  writeVectors,
  encodeVectors,
  decodeVectors,
  VECTOR_ARTIFACT_MAGIC,
  VECTOR_ARTIFACT_VERSION,
  type VectorArtifact,
  type VectorArtifactInput,
  type VectorDtype,
} from './vector-artifact.codec.ts';
export { VectorIndexError, VectorIndexErrorCode } from './vector-index.errors.ts';
export { recallAtK } from './recall.metric.ts';
