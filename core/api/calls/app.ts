import { z } from 'zod';
import { define } from '../define';

/** How negative amounts show on every screen and in the PDF and XLSX exports: "-$1.00" or "($1.00)". */
export const AmountDisplaySchema = z.object({ negatives: z.enum(['minus', 'brackets']) });
export type AmountDisplayView = z.infer<typeof AmountDisplaySchema>;

const DesktopView = z.object({ available: z.boolean(), trayIcon: z.boolean(), startAtLogin: z.boolean(), startAtLoginSupported: z.boolean() });

export const appCalls = {
  'app.info': define({
    summary: 'Version, workspace and who is working',
    input: z.object({}),
    output: z.object({
      version: z.string(),
      workspaceDir: z.string(),
      databaseFile: z.string(),
      osUser: z.string(),
      demo: z.boolean(),
    }),
  }),
  'app.desktop': define({
    summary: 'The desktop shell\'s own choices (tray icon, start at login); not available in the headless host',
    input: z.object({}),
    output: DesktopView,
  }),
  'app.setDesktop': define({
    summary: 'Changes the desktop shell\'s choices; refused in the headless host',
    input: z.object({ trayIcon: z.boolean().optional(), startAtLogin: z.boolean().optional() }),
    output: DesktopView,
  }),
  'app.amountDisplay': define({
    summary: 'How this workspace shows negative amounts (a minus sign or brackets)',
    input: z.object({}),
    output: AmountDisplaySchema,
  }),
  'app.setAmountDisplay': define({
    summary: 'Changes how negative amounts show on every screen and in the exports (audited)',
    input: AmountDisplaySchema,
    output: AmountDisplaySchema,
  }),
  'calls.cancel': define({
    summary: 'Cancel long work started by a call',
    input: z.object({ callId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  }),
};
