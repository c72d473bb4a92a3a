import '../lib/no-eval';
import { mount } from 'svelte';
import AuditApp from './AuditApp.svelte';
import '../console/console.css';
import '../board-theme.css';
import './audit.css';

const target = document.getElementById('app')!;
target.textContent = '';
mount(AuditApp, { target });
