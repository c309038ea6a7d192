// The one switch for test and support hooks (window.keywireAudit, window.keywireCa ...): off unless localStorage
// `keywire.devHooks` is "1". The hooks grant nothing the page or devtools cannot already do.
export const DEV_HOOKS_KEY = 'keywire.devHooks';

export function devHooksEnabled(): boolean {
  try {
    return localStorage.getItem(DEV_HOOKS_KEY) === '1';
  } catch {
    return false;
  }
}
