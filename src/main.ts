// Entry point: mounts the app shell. Nothing else belongs here.
// First: the default Trusted Types policy must exist before any worker starts.
import './app/trusted-types.ts';
import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/global.css';

// In a task of its own: the module's evaluation, the page's first layout (which the browser forces when it finishes
// parsing the document) and building the shell were one long task on first load; apart, each stays short.
setTimeout(() => mount(App, { target: document.getElementById('app')! }), 0);
