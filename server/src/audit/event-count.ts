import { Injectable } from '@nestjs/common';
import { BoardService } from '../board/board.service';

/**
 * How many events the store holds, counted as the live board folds them (one pass, no query): the
 * audit log's scrollbar needs the length of the whole log, and positions have gaps.
 */
@Injectable()
export class EventCount {
  private count = 0;

  constructor(boards: BoardService) {
    // Providers are built before main.ts starts the board, so this sees every event from the first.
    boards.live.alsoApply({ apply: () => void this.count++ });
  }

  get total(): number {
    return this.count;
  }
}
