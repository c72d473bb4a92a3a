// Child process of the durability test: appends single-event transactions and acknowledges each
// on stdout only after `append` returned, so the parent knows which ones must survive a SIGKILL.
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from './sqlite-event-store';

async function main() {
  const [path, count] = process.argv.slice(2);
  const store = new SqliteEventStore(path);
  for (let i = 0; i < Number(count); i++) {
    const { revision } = await store.append('durable', [{ id: randomUUID(), type: 'Tick', data: { i } }], i === 0 ? 'no_stream' : i - 1);
    process.stdout.write(`ok ${revision}\n`);
  }
}
void main();
