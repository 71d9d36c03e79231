// Changes between processes over Redis pub/sub, on one channel per key prefix, so every API process drops or
// swaps its in-memory state without a restart. Pub/sub keeps nothing for a process that was not listening;
// readers reconcile with the database on a period for that.

import type { Redis } from 'ioredis';
import type { Change, ChangeBroadcast } from '@shopspace/domain';
import type { KeySpace } from './connection.ts';

export class RedisChangeBroadcast implements ChangeBroadcast {
  private readonly channel: string;
  private subscriber: Redis | null = null;

  constructor(
    private readonly publisher: Redis,
    keys: KeySpace,
  ) {
    this.channel = keys.key('changes');
  }

  async broadcast(change: Change): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(change));
  }

  /** Listens on a duplicate connection (a subscribed connection can do nothing else). */
  async subscribe(onChange: (change: Change) => void): Promise<void> {
    this.subscriber = this.publisher.duplicate();
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        onChange(JSON.parse(message) as Change);
      } catch {
        // A malformed message from another version of the product is ignored, not fatal.
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  close(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
    return Promise.resolve();
  }
}
