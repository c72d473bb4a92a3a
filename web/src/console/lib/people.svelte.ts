import { offlineDb } from '../offline/offline-db';
import type { ApiClient } from './api';

export interface Person {
  id: string;
  name: string;
}

const SAVED = 'people';

/**
 * Who is who: the people with accounts (GET /api/people), so pages say 王芳 where the board knows
 * `wang`. Kept on the device for offline use; an id nobody has an account for is shown as it is.
 */
export class People {
  list = $state.raw<Person[]>([]);
  #names = $derived(new Map(this.list.map((p) => [p.id, p.name])));

  nameOf(id: string): string {
    return this.#names.get(id) ?? id;
  }

  /** "王芳（wang）", or the id alone for someone without an account. */
  label(id: string): string {
    const name = this.#names.get(id);
    return name && name !== id ? `${name}（${id}）` : id;
  }

  async load(api: ApiClient): Promise<void> {
    const db = await offlineDb().catch(() => null);
    if (this.list.length === 0) {
      const saved = await db?.get('directory', SAVED).catch(() => undefined);
      if (saved && this.list.length === 0) this.list = saved.value as Person[];
    }
    const answer = await api.get<{ people: Person[] }>('/api/people');
    if (!answer.ok) return;
    this.list = [...answer.body.people].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    await db?.put('directory', { name: SAVED, value: this.list, savedAt: Date.now() }).catch(() => undefined);
  }

  clear(): void {
    this.list = [];
  }
}
