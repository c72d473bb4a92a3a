import '../lib/no-eval';
import { mount } from 'svelte';
import AuditApp from './AuditApp.svelte';
// The board's theme first: the console's light colours then win on the page, the board's dark ones
// inside the replayed board (.board-theme).
import '../board-theme.css';
import '../console/console.css';
import './audit.css';

const target = document.getElementById('app')!;
target.textContent = '';
mount(AuditApp, { target });
