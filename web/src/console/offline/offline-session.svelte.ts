import { streams } from '@battlemap/events';
import { onMount, untrack } from 'svelte';
import type { ConsoleContext } from '../lib/context';
import { myProjectRows } from '../lib/my-projects';
import { today } from '../lib/form-values';
import { BoardCache } from './board-cache';
import { registerConsoleWorker } from './service-worker';

/**
 * The console on a site with no network: the service worker that opens it, the last board kept on
 * the device (shown at once, then resumed from its position when the server answers), the histories
 * of the person's projects (fetched ahead, following the live board), who is who, and the queue sent
 * whenever the server is reachable again. Called once, while ConsoleApp is set up.
 */
export function keepOffline(context: ConsoleContext, cache = new BoardCache()): void {
  const { session, api, board, outbox, histories, people } = context;

  onMount(() => {
    registerConsoleWorker();
    void histories.load();
    const stopOutbox = outbox.start();
    const unfollow = board.onEvents((envelopes) => histories.follow(envelopes));
    // The page may not come back (a phone kills a hidden tab), and the network may not either.
    const keepNow = () => {
      const user = session.user;
      if (user && board.connection === 'connected') cache.save(board, user.username, true);
    };
    const hidden = () => document.visibilityState === 'hidden' && keepNow();
    document.addEventListener('visibilitychange', hidden);
    addEventListener('offline', keepNow);
    return () => {
      stopOutbox();
      unfollow();
      document.removeEventListener('visibilitychange', hidden);
      removeEventListener('offline', keepNow);
    };
  });

  // A sign-in: this person's board from the device while the live one connects, and who is who.
  $effect(() => {
    const username = session.user?.username;
    if (!username) return;
    untrack(() => {
      void cache.restore(username).then((saved) => {
        if (saved && session.user?.username === username) board.restore(saved.position, saved.state, saved.heardAt);
      });
      void people.load(api);
    });
  });

  // The live board, kept on the device (at most every few seconds).
  $effect(() => {
    void board.version;
    const username = session.user?.username;
    if (username && board.connection === 'connected') untrack(() => cache.save(board, username));
  });

  // In touch with the server again: send what waits.
  const live = $derived(board.connection === 'connected' && board.state !== null && session.user !== null);
  $effect(() => {
    if (!live) return;
    untrack(() => void outbox.sync());
  });

  // And keep the histories of the person's projects: fetched when the console goes live, and again
  // whenever that list changes. The first board may be a snapshot older than the events that follow it
  // (one packed ahead at the server's start), holding none of the person's projects yet.
  const mine = $derived.by(() => {
    if (!live || !session.canWrite) return '';
    return myProjectRows(board.state!, session.user!, today())
      .filter((row) => !row.terminated)
      .map((row) => streams.project(row.id))
      .join('\n');
  });
  $effect(() => {
    const wanted = mine;
    if (!wanted) return;
    untrack(() => void histories.prefetch(api, wanted.split('\n')));
  });
}
