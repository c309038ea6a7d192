// Entry point: mounts the app shell. Nothing else belongs here.
// First: the default Trusted Types policy must exist before any worker starts.
import './app/trusted-types.ts';
import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/global.css';

mount(App, { target: document.getElementById('app')! });
