// Layer: emulated Zephyr board, standard system commands: `kernel version` (`Zephyr version x.y.z`), `kernel
// uptime`, `kernel reboot cold|warm` (prints nothing: the board restarts), `hwinfo devid` (`Length: 8` then
// `ID: 0x<hex>`, as Zephyr's hwinfo shell prints them).
import { normal, type CommandTable } from './shell-core.ts';

export const systemCommands: CommandTable = {
  kernel: {
    sub: {
      version: { args: [1, 0], handler: (_argv, ctx) => [normal(`Zephyr version ${ctx.factory.zephyrVersion}`)] },
      uptime: { args: [1, 0], handler: (_argv, ctx) => [normal(`Uptime: ${Math.floor(ctx.uptimeMs())} ms`)] },
      reboot: {
        sub: {
          cold: { args: [1, 0], handler: (_argv, ctx) => (ctx.reboot(), []) },
          warm: { args: [1, 0], handler: (_argv, ctx) => (ctx.reboot(), []) },
        },
      },
    },
  },
  hwinfo: {
    sub: {
      devid: {
        args: [1, 0],
        handler: (_argv, ctx) => [
          normal(`Length: ${ctx.factory.hwid.length / 2}`),
          normal(`ID: 0x${ctx.factory.hwid}`),
        ],
      },
    },
  },
};
