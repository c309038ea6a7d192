// Entry point: mounts the app shell. Nothing else belongs here.
import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/global.css';

mount(App, { target: document.getElementById('app')! });
