import { z } from 'zod';
import { define } from '../define';

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
  'calls.cancel': define({
    summary: 'Cancel long work started by a call',
    input: z.object({ callId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  }),
};
