import { Injectable } from '@nestjs/common';
import { BOARD_NAMESPACE, chinaDay, screenForm, type SnapshotForm } from '@battlemap/events';
import { metrics } from '../metrics/metrics';
import { BoardService } from './board.service';
import { SharedSnapshot } from './shared-snapshot';

/**
 * A packed snapshot this many events old is still sent, followed by the events since (from the ring):
 * under live traffic a burst of screens then shares one encoding instead of one per position.
 */
export const SHARED_SNAPSHOT_REUSE = 2000;

/**
 * The newest board snapshot encoding of each form (SNAPSHOT_FORMS), shared by every client that needs
 * one near its position: the sockets of /board (`snapshot`) and the page that asks over HTTP before its
 * socket is up (`GET /api/board/snapshot`) get the very same bytes.
 */
@Injectable()
export class SharedSnapshots {
  private readonly shared = new Map<SnapshotForm, SharedSnapshot>();

  constructor(private readonly board: BoardService) {}

  /** The shared encoding of `form`, unless the board moved more than `reuse` events past it since. */
  current(reuse: number, form: SnapshotForm = 'whole'): SharedSnapshot {
    const live = this.board.live;
    live.flush();
    const shared = this.shared.get(form);
    if (shared && shared.position === live.position) return shared;
    if (shared && reuse > 0 && shared.position !== null) {
      // A screen form made on an earlier day still holds all a screen reads from then on.
      const since = live.eventsAfter(shared.position);
      if (since !== null && since.length <= reuse) return shared;
    }
    const state = form === 'screen' ? screenForm(live.state, chinaDay(Date.now())) : live.state;
    const made = new SharedSnapshot(live.position, state, BOARD_NAMESPACE);
    this.shared.set(form, made);
    metrics.snapshotEncodings.inc({ form });
    return made;
  }
}
