import './lib/no-eval';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app')!;
target.textContent = '';
mount(App, { target });
