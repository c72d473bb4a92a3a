import { execFileSync } from 'node:child_process';
import { serverNodeArgs } from './node-flags';

describe('serverNodeArgs', () => {
  it('asks for AsyncContextFrame only where it is behind a flag (Node 22, 23), never where the flag is refused (24 on)', () => {
    expect(serverNodeArgs('22.12.0')).toEqual(['--max-semi-space-size=64', '--experimental-async-context-frame']);
    expect(serverNodeArgs('23.1.0')).toEqual(['--max-semi-space-size=64', '--experimental-async-context-frame']);
    expect(serverNodeArgs('24.0.0')).toEqual(['--max-semi-space-size=64']);
    expect(serverNodeArgs('26.3.1')).toEqual(['--max-semi-space-size=64']);
  });

  it('gives flags this Node accepts', () => {
    const out = execFileSync(process.execPath, [...serverNodeArgs(), '-e', 'process.stdout.write("started")'], { encoding: 'utf8' });
    expect(out).toBe('started');
  });
});
