import type { INestApplicationContext } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { BoardService } from '../board/board.service';
import { actorsByUsername } from './demo-accounts';
import { DemoRouter } from './demo-router';
import { SimProjectDetail, Simulator, SimulatorPort } from './simulator';

/**
 * DEMO=live: the simulated supervisors inside the server, through the same command path as HTTP
 * (controllers, scope checks, deciders, hash chain), reading the live board like a screen does.
 */
export function startLiveSimulator(app: INestApplicationContext, log: (line: string) => void = console.log): Simulator {
  const board = app.get(BoardService);
  const auth = app.get(AuthService);
  const router = new DemoRouter(app);
  const actor = (username: string): AuthenticatedActor => {
    const actors = actorsByUsername(auth);
    const found = actors.get(username) ?? actors.get('office-01') ?? actors.get('admin');
    if (!found) throw new Error(`no account to act as ${username}`);
    return found;
  };
  const port: SimulatorPort = {
    board: () => board.view({}),
    project: async (id) => {
      const state = board.live.state;
      const project = state.projects[id];
      if (!project) throw new Error(`项目 ${id} 不存在`);
      const problems = (state.projectProblems[id] ?? []).map((q) => state.problems[q]);
      return { ...project, problems } as SimProjectDetail;
    },
    post: (path, body, username, method = 'POST') => router.dispatch(method, path, body, actor(username)),
  };
  const simulator = new Simulator(port, { log: (line) => log(`simulate: ${line}`) });
  simulator.start();
  return simulator;
}
