import { runConformance } from './event-store.conformance';
import { parseStoreUrl } from '../config/config';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.EVENTSTORE_URL ?? '';
const target = url && parseStoreUrl(url).kind === 'kurrentdb' ? url : null;

if (target) {
  runConformance({
    name: 'kurrentdb',
    open: () => KurrentDbEventStore.connect(target),
    openAnother: () => KurrentDbEventStore.connect(target),
  });
} else {
  // One line, so a run without KurrentDB says plainly what it did not cover.
  process.stdout.write('KurrentDB conformance skipped: EVENTSTORE_URL does not name a KurrentDB (kurrentdb://…)\n');
  it.skip('KurrentDB conformance (set EVENTSTORE_URL=kurrentdb://host:2113?tls=false)', () => undefined);
}
