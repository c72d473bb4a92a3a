import { getContext, setContext } from 'svelte';
import type { AccountDirectory } from './account-directory.svelte';

/** What the administration pages share, made once by AdminPage: the account list. */
export interface AdminContext {
  accounts: AccountDirectory;
}

const KEY = Symbol('admin');

export function provideAdmin(context: AdminContext): void {
  setContext(KEY, context);
}

export function useAdmin(): AdminContext {
  return getContext<AdminContext>(KEY);
}
