// A change feed that records what was published instead of sending it, in the shape subscribers receive it
// (the Redis feed sends JSON, so a change is recorded as it comes out of a JSON round trip).

import type { Change, ChangeFeed } from '@shopspace/domain';

export class RecordingChangeFeed implements ChangeFeed {
  readonly published: Change[] = [];

  publish(change: Change): Promise<void> {
    this.published.push(JSON.parse(JSON.stringify(change)) as Change);
    return Promise.resolve();
  }

  /** The published changes of one kind, in order. */
  ofKind<K extends Change['kind']>(kind: K): Array<Extract<Change, { kind: K }>> {
    return this.published.filter((c): c is Extract<Change, { kind: K }> => c.kind === kind);
  }
}
