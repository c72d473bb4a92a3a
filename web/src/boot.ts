import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { mark } from './lib/prefetch';

/** Mounts the wallboard in place of the page's "connecting" line. */
export function boot(): void {
  mark('code-started');
  const target = document.getElementById('app')!;
  target.textContent = '';
  mount(App, { target });
}
