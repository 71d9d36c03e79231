// Shown at once while the page's data loads. Only on pages without child routes: a loading boundary would
// turn a child's "not found" into a 200 answer.
import { LoadingRows } from '../../../../components/messages.tsx';

export default function Loading() {
  return <LoadingRows />;
}
