import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

/** Mounts the wallboard in place of the page's "connecting" line. */
export function boot(): void {
  const target = document.getElementById('app')!;
  target.textContent = '';
  mount(App, { target });
}
