import { BoardStore, type Refusal } from './board-store.svelte';
import { connectBoard, REFUSED_MESSAGE } from './board-socket';
import { Clock } from './clock.svelte';
import { MapData } from './map-data.svelte';
import { takePrefetchedBoard, takePrefetchedMap } from './prefetch';
import { exposeProbe } from './probe';
import { CITY_SCOPE, scopeFromParams, type Scope } from './scope';
import type { ScreenParams } from './screen-params';
import { Spotlight } from './spotlight.svelte';
import { ViewRotation } from './view-rotation.svelte';

const NO_TOKEN_MESSAGE = '需要大屏令牌：在地址后加 ?token=…';

/** What a refused screen says across the room, instead of the board. */
export function refusalNotice(refusal: Refusal | null): { headline: string; detail: string } {
  if (refusal?.reason === 'disabled') {
    return { headline: '此大屏已停用', detail: '管理员已停用此大屏账号，屏幕不再显示数据。如需恢复，请联系系统管理员。' };
  }
  if (refusal?.reason) {
    return { headline: '此大屏的令牌已失效', detail: `${refusal.message}，屏幕不再显示数据。请联系系统管理员获取新的大屏地址。` };
  }
  if (refusal?.message === NO_TOKEN_MESSAGE) {
    return { headline: NO_TOKEN_MESSAGE, detail: '请向系统管理员索取大屏令牌（screen token），例如：http://服务器地址/?token=令牌' };
  }
  return { headline: '大屏令牌无效，无法显示', detail: `${refusal?.message ?? ''}。请联系系统管理员获取有效的大屏地址。` };
}

export interface Wallboard {
  params: ScreenParams;
  home: Scope;
  clock: Clock;
  store: BoardStore;
  map: MapData;
  spotlight: Spotlight;
  rotation: ViewRotation | null;
  dispose(): void;
}

/** Wires the screen together: clock, store, socket, map, spotlight and rotation. */
export function startWallboard(params: ScreenParams): Wallboard {
  const home = scopeFromParams(params.region, params.taskForce);
  const rotating = params.rotateSeconds !== null && home.kind === 'city';
  const clock = new Clock();
  const store = new BoardStore(clock, home, params.year);
  const map = new MapData();
  const spotlight = new Spotlight();
  clock.start();
  // The probe lets anyone with devtools feed events into the screen: only test builds carry it.
  const removeProbe = import.meta.env.MODE === 'test' ? exposeProbe(store) : () => {};

  const rotation = rotating
    ? new ViewRotation(store, params.rotateSeconds!, () => [
        CITY_SCOPE,
        ...store.directory.counties.map((r): Scope => ({ kind: 'region', id: r.id })),
        ...store.directory.taskForces.map((t): Scope => ({ kind: 'taskForce', id: t.id })),
      ])
    : null;

  store.onTurnedRed((project) => spotlight.enqueue(project));
  spotlight.onChange((entry) => {
    if (!rotation) return; // a fixed view already contains the project: the map highlights it in place
    if (entry) {
      rotation.pause();
      store.setScope({ kind: 'region', id: entry.regionId });
    } else {
      rotation.resume();
    }
  });

  let disconnect = () => {};
  if (params.token) {
    // A rotating screen folds the whole city and filters locally, so switching views costs nothing.
    disconnect = connectBoard(store, {
      token: params.token,
      prefetched: takePrefetchedBoard(),
      // What a live screen reads from today on: the same snapshot the page asked for over HTTP.
      snapshotForm: 'screen',
      ...(rotating ? {} : { region: params.region ?? undefined, taskForce: params.taskForce ?? undefined }),
    });
    void map.load(params.token, () => store.refused(REFUSED_MESSAGE), takePrefetchedMap());
  } else {
    store.refused(NO_TOKEN_MESSAGE);
  }

  return {
    params,
    home,
    clock,
    store,
    map,
    spotlight,
    rotation,
    dispose() {
      removeProbe();
      disconnect();
      rotation?.dispose();
      spotlight.dispose();
      map.dispose();
      store.dispose();
      clock.stop();
    },
  };
}
