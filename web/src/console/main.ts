import '../lib/no-eval';
import { mount } from 'svelte';
import ConsoleApp from './ConsoleApp.svelte';
import './console.css';

const target = document.getElementById('app')!;
target.textContent = '';
mount(ConsoleApp, { target });
