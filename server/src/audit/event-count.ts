import { Injectable } from '@nestjs/common';
import { isSecretStream } from '@battlemap/events';
import { BoardService } from '../board/board.service';

/**
 * How many events the store holds, counted as the live board folds them (one pass, no query): the
 * audit log's scrollbar needs the length of the whole log, and positions have gaps.
 */
@Injectable()
export class EventCount {
  private count = 0;

  constructor(boards: BoardService) {
    // Providers are built before main.ts starts the board, so this sees every event from the first (or
    // starts from a board snapshot's count). Credential events are not in the log people page through.
    boards.live.alsoApply({
      apply: (event) => void (isSecretStream(event.stream) || this.count++),
      snapshotName: 'event-count',
      save: () => this.count,
      restore: (saved) => void (this.count = typeof saved === 'number' ? saved : 0),
    });
  }

  get total(): number {
    return this.count;
  }
}
