// The port contract on the in-memory fakes (its twin, adapters.contract.test.ts, runs it on PostgreSQL and Redis).

import { createFakePorts } from './fake-ports.ts';
import { FakeRequestLog } from './tracking.fake.ts';
import { describePortContract } from './ports.contract.ts';

describePortContract('in-memory fakes', () => {
  const ports = createFakePorts();
  return Promise.resolve({
    ...ports,
    requestLog: new FakeRequestLog({ clock: ports.clock, outbox: ports.outbox, maxBacklog: 3 }),
    close: () => Promise.resolve(),
  });
});
