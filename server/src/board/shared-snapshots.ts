import { Injectable } from '@nestjs/common';
import { BOARD_NAMESPACE } from '@battlemap/events';
import { metrics } from '../metrics/metrics';
import { BoardService } from './board.service';
import { SharedSnapshot } from './shared-snapshot';

/**
 * A packed snapshot this many events old is still sent, followed by the events since (from the ring):
 * under live traffic a burst of screens then shares one encoding instead of one per position.
 */
export const SHARED_SNAPSHOT_REUSE = 2000;

/**
 * The newest board snapshot encoding, shared by every screen that needs one near its position: the
 * sockets of /board (`snapshot`) and the page that asks over HTTP before its socket is up
 * (`GET /api/board/snapshot`) get the very same bytes.
 */
@Injectable()
export class SharedSnapshots {
  private shared?: SharedSnapshot;

  constructor(private readonly board: BoardService) {}

  /** The shared encoding, unless the board moved more than `reuse` events past it since. */
  current(reuse: number): SharedSnapshot {
    const live = this.board.live;
    live.flush();
    const shared = this.shared;
    if (shared && shared.position === live.position) return shared;
    if (shared && reuse > 0 && shared.position !== null) {
      const since = live.eventsAfter(shared.position);
      if (since !== null && since.length <= reuse) return shared;
    }
    this.shared = new SharedSnapshot(live.position, live.state, BOARD_NAMESPACE);
    metrics.snapshotEncodings.inc();
    return this.shared;
  }
}
